/**
 * the unit price of precious metal bought by weight — weight (0.01 g steps, held as an integer of centigrams)
 * × the day's buy price per gram, to whole yen by the shop's rounding rule (floor by default: the shop never pays a
 * fraction of a yen it did not quote).
 */
export const METAL_ROUNDING = ['floor', 'round', 'ceil'] as const;
export type MetalRounding = (typeof METAL_ROUNDING)[number];

/** The heaviest single line a counter weighs: 100 kg. */
export const MAX_WEIGHT_CG = 10_000_000;

export function metalUnitPrice(weightCg: number, pricePerGram: number, rounding: MetalRounding = 'floor'): number {
  if (!Number.isInteger(weightCg) || weightCg <= 0) throw new RangeError('weight must be a positive number of centigrams');
  if (!Number.isInteger(pricePerGram) || pricePerGram <= 0) throw new RangeError('price per gram must be a positive whole yen');
  // Integer arithmetic up to here: the product is exact (< 2^53 for 100 kg at ¥100,000,000/g), only the division rounds.
  const hundredths = weightCg * pricePerGram;
  const whole = Math.floor(hundredths / 100);
  const rest = hundredths % 100;
  if (rest === 0 || rounding === 'floor') return whole;
  if (rounding === 'ceil') return whole + 1;
  return rest >= 50 ? whole + 1 : whole;
}

/** Grams as typed (`12.34`, `１２．３４`, `12`) to centigrams; null when it is not a weight in 0.01 g steps. */
export function gramsToCentigrams(text: string | number): number | null {
  const value = typeof text === 'number' ? String(text) : text.normalize('NFKC').trim();
  const match = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(value);
  if (!match) return null;
  const cg = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cg > 0 && cg <= MAX_WEIGHT_CG ? cg : null;
}

/** `12.34 g` — how the weight reads on screen, on labels and in the ledger's features. */
export function formatGrams(weightCg: number): string {
  return `${Math.floor(weightCg / 100)}.${String(weightCg % 100).padStart(2, '0')} g`;
}
