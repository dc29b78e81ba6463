/**
 * HQ's independent anchor of each terminal's audit chain (B-05, 法18条). Each batch carries the kiosk's chain head
 * and the hash it holds now at the position HQ last named. HQ keeps every head it saw, so:
 *  - the same position reported with another hash (rows rewritten and the chain recomputed on the kiosk, or a restore
 *    followed by new entries) is HASH_MISMATCH;
 *  - a head behind one HQ already saw (rows deleted, an older backup restored) is HEAD_BACKWARDS.
 * A divergence stays open, and is reported in every answer to that terminal, until HQ staff acknowledge it; from then
 * on HQ anchors on the kiosk's chain as it is.
 */
import type { ChainDivergence, ChainPoint, ChainReport, ChainVerdict, DivergenceKind } from 'kaitori-sync-protocol';
import type { HqQueryable } from './db.ts';
import type { Terminal } from './terminals.ts';

type DivergenceRow = {
  id: string;
  terminal_id: string;
  kind: DivergenceKind;
  seq: number | string;
  reported_seq: number | string;
  expected_hash: string | null;
  reported_hash: string | null;
  detected_at: string;
  acknowledged_at: string | null;
  acknowledged_note: string | null;
};

const toDivergence = (row: DivergenceRow): ChainDivergence => ({
  kind: row.kind,
  seq: Number(row.seq),
  reportedSeq: Number(row.reported_seq),
  detectedAt: row.detected_at,
});

/** Compares the kiosk's report with HQ's record, records what is new, and returns HQ's verdict. */
export async function recordChainReport(
  db: HqQueryable,
  terminal: Terminal,
  report: ChainReport,
  now: string,
  newId: () => string,
): Promise<ChainVerdict> {
  // Everything the verdict needs in one statement: this runs inside every sync batch.
  const [known] = await db.query<{
    open_id: string | null;
    latest_seq: number | string | null;
    latest_hash: string | null;
    check_hash: string | null;
    head_hash: string | null;
  }>(
    `SELECT
       (SELECT id FROM chain_divergences WHERE terminal_id = ? AND acknowledged_at IS NULL
         ORDER BY detected_at, id LIMIT 1) AS open_id,
       (SELECT seq FROM chain_heads WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1) AS latest_seq,
       (SELECT hash FROM chain_heads WHERE terminal_id = ? ORDER BY seq DESC LIMIT 1) AS latest_hash,
       (SELECT hash FROM chain_heads WHERE terminal_id = ? AND seq = ?) AS check_hash,
       (SELECT hash FROM chain_heads WHERE terminal_id = ? AND seq = ?) AS head_hash`,
    [
      terminal.id,
      terminal.id,
      terminal.id,
      terminal.id,
      report.check?.seq ?? -1,
      terminal.id,
      report.head?.seq ?? -1,
    ],
  );
  const latest =
    known?.latest_seq === null || known?.latest_seq === undefined
      ? null
      : { seq: Number(known.latest_seq), hash: String(known.latest_hash) };
  if (known?.open_id) {
    // While a divergence is open HQ neither moves its anchor nor piles up follow-on divergences of the same cause.
    const [open] = await db.query<DivergenceRow>('SELECT * FROM chain_divergences WHERE id = ?', [known.open_id]);
    return { status: 'diverged', anchor: latest, divergence: toDivergence(open!) };
  }
  const found = findDivergence(report, latest, { check: known?.check_hash ?? null, head: known?.head_hash ?? null });
  if (found) {
    const row: DivergenceRow = {
      id: newId(),
      terminal_id: terminal.id,
      detected_at: now,
      acknowledged_at: null,
      acknowledged_note: null,
      ...found,
    };
    await db.execute(
      `INSERT INTO chain_divergences (id, terminal_id, kind, seq, reported_seq, expected_hash, reported_hash, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.id, row.terminal_id, row.kind, row.seq, row.reported_seq, row.expected_hash, row.reported_hash, now],
    );
    return { status: 'diverged', anchor: latest, divergence: toDivergence(row) };
  }
  const head = report.head;
  if (head && (!latest || head.seq > latest.seq)) {
    await db.execute('INSERT INTO chain_heads (terminal_id, seq, hash, received_at) VALUES (?, ?, ?, ?)', [
      terminal.id,
      head.seq,
      head.hash,
      now,
    ]);
    return { status: 'ok', anchor: head, divergence: null };
  }
  return { status: 'ok', anchor: latest, divergence: null };
}

type FoundDivergence = Pick<DivergenceRow, 'kind' | 'seq' | 'reported_seq' | 'expected_hash' | 'reported_hash'>;

/** The rule, given what HQ recorded at the reported positions. */
function findDivergence(
  report: ChainReport,
  latest: ChainPoint | null,
  recorded: { check: string | null; head: string | null },
): FoundDivergence | null {
  for (const [point, hash] of [
    [report.check, recorded.check],
    [report.head, recorded.head],
  ] as const) {
    if (point && hash !== null && hash !== point.hash) {
      return {
        kind: 'HASH_MISMATCH',
        seq: point.seq,
        reported_seq: report.head?.seq ?? point.seq,
        expected_hash: hash,
        reported_hash: point.hash,
      };
    }
  }
  // An empty chain (head null) after HQ saw entries is the furthest a head can go back.
  const reportedSeq = report.head?.seq ?? 0;
  if (latest && reportedSeq < latest.seq) {
    return {
      kind: 'HEAD_BACKWARDS',
      seq: latest.seq,
      reported_seq: reportedSeq,
      expected_hash: latest.hash,
      reported_hash: report.head?.hash ?? null,
    };
  }
  return null;
}

export interface TerminalChainState {
  terminalId: string;
  storeCode: string;
  terminalCode: string;
  anchor: ChainPoint | null;
  anchoredAt: string | null;
  divergences: (ChainDivergence & {
    id: string;
    expectedHash: string | null;
    reportedHash: string | null;
    acknowledgedAt: string | null;
    acknowledgedNote: string | null;
  })[];
}

/** Every terminal's anchor and its divergences (open ones first), for the admin API and page; two queries in all. */
export async function readChainStates(db: HqQueryable): Promise<TerminalChainState[]> {
  const [terminals, divergences] = await Promise.all([
    db.query<{
      id: string;
      store_code: string;
      terminal_code: string;
      seq: number | string | null;
      hash: string | null;
      received_at: string | null;
    }>(
      `SELECT t.id, t.store_code, t.terminal_code, h.seq, h.hash, h.received_at
       FROM terminals t LEFT JOIN chain_heads h
         ON h.terminal_id = t.id AND h.seq = (SELECT MAX(seq) FROM chain_heads m WHERE m.terminal_id = t.id)
       ORDER BY t.store_code, t.terminal_code`,
    ),
    db.query<DivergenceRow>(
      `SELECT * FROM chain_divergences
       ORDER BY CASE WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END, detected_at DESC LIMIT 2000`,
    ),
  ]);
  const byTerminal = new Map<string, DivergenceRow[]>();
  for (const row of divergences) {
    const list = byTerminal.get(row.terminal_id) ?? [];
    if (list.length < 20) list.push(row);
    byTerminal.set(row.terminal_id, list);
  }
  return terminals.map((terminal) => ({
    terminalId: terminal.id,
    storeCode: terminal.store_code,
    terminalCode: terminal.terminal_code,
    anchor: terminal.seq === null ? null : { seq: Number(terminal.seq), hash: String(terminal.hash) },
    anchoredAt: terminal.received_at,
    divergences: (byTerminal.get(terminal.id) ?? []).map((row) => ({
      ...toDivergence(row),
      id: row.id,
      expectedHash: row.expected_hash,
      reportedHash: row.reported_hash,
      acknowledgedAt: row.acknowledged_at,
      acknowledgedNote: row.acknowledged_note,
    })),
  }));
}

/**
 * HQ staff have looked into a terminal's divergence (e.g. IT restored a backup on purpose): close it and anchor anew
 * on whatever the kiosk reports next. Returns how many open divergences were closed.
 */
export async function acknowledgeDivergence(
  db: HqQueryable,
  terminalId: string,
  note: string,
  now: string,
): Promise<number> {
  const closed = await db.execute(
    'UPDATE chain_divergences SET acknowledged_at = ?, acknowledged_note = ? WHERE terminal_id = ? AND acknowledged_at IS NULL',
    [now, note, terminalId],
  );
  if (closed.rowCount > 0) await db.execute('DELETE FROM chain_heads WHERE terminal_id = ?', [terminalId]);
  return closed.rowCount;
}
