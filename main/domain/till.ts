import { DENOMINATIONS, type DenominationCounts, MAX_PIECES } from '../../common/till.ts';

export type CountProblem = 'unknownDenomination' | 'notInteger' | 'negative' | 'tooMany';

/**
 * M-02: a denomination count is whole pieces, none negative, of denominations a Japanese till holds. Answers the
 * total in yen and the counts with zeros left out, or the problem of each field ("10000" → 'negative').
 */
export function checkDenominationCounts(
  counts: Record<string, number>,
): { ok: true; total: number; counts: DenominationCounts } | { ok: false; problems: Record<string, CountProblem> } {
  const problems: Record<string, CountProblem> = {};
  const kept: Record<string, number> = {};
  let total = 0;
  for (const [key, pieces] of Object.entries(counts)) {
    const denomination = DENOMINATIONS.find((d) => String(d) === key);
    if (denomination === undefined) problems[key] = 'unknownDenomination';
    else if (!Number.isInteger(pieces)) problems[key] = 'notInteger';
    else if (pieces < 0) problems[key] = 'negative';
    else if (pieces > MAX_PIECES) problems[key] = 'tooMany';
    else if (pieces > 0) {
      kept[key] = pieces;
      total += denomination * pieces;
    }
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  // Integer-like keys enumerate in ascending order in JavaScript, so equal counts always store as equal JSON text.
  return { ok: true, total, counts: kept as DenominationCounts };
}

/** M-03: what should be in the drawer: the counted float plus every movement (payouts are negative). */
export function expectedCash(openingFloat: number, movementAmounts: readonly number[]): number {
  return movementAmounts.reduce((sum, amount) => sum + amount, openingFloat);
}
