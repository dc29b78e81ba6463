/**
 * M-07: the till sessions of a counter as history — what the close report prints, what goes to HQ and what the
 * 現金管理 screen lists. Read from what the session, its movements, its checks and the settlements of its period
 * committed; nothing here writes.
 */
import type {
  DenominationCounts,
  TillCheckRecord,
  TillMethodTotal,
  TillMovement,
  TillMovementKind,
  TillSessionDetail,
  TillSessionSummary,
  TillTally,
} from '../../common/till.ts';
import { CASH } from '../../common/till.ts';
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import { expectedCash } from '../domain/till.ts';
import { KioskError } from '../errors.ts';
import { paymentMethodLabels } from './payment-methods.ts';

interface SessionRow {
  id: string;
  terminal_id: string;
  opened_at: string;
  opened_by_name: string;
  closed_at: string | null;
  closed_by_name: string | null;
  opening_float: number;
  opening_counts: string;
  closing_counts: string | null;
  closing_expected: number | null;
  closing_counted: number | null;
  closing_difference: number | null;
  approved_by_name: string | null;
}

const SESSION_COLUMNS = `t.id, t.terminal_id, t.opened_at, o.name AS opened_by_name, t.closed_at, c.name AS closed_by_name,
  t.opening_float, t.opening_counts, t.closing_counts, t.closing_expected, t.closing_counted, t.closing_difference,
  a.name AS approved_by_name`;
const SESSION_JOINS = `till_sessions t JOIN staff o ON o.id = t.opened_by LEFT JOIN staff c ON c.id = t.closed_by
  LEFT JOIN staff a ON a.id = t.close_approved_by`;

/** The most sessions the screen lists: a counter closes once or twice a day, so this is months of history. */
export const TILL_HISTORY_LIMIT = 200;

function summaryOf(db: Db, row: SessionRow): TillSessionSummary {
  const expected =
    row.closing_expected ??
    expectedCash(
      row.opening_float,
      (cachedStatement(db, 'SELECT amount FROM till_movements WHERE till_session_id = ?').all(row.id) as { amount: number }[]).map(
        (m) => m.amount,
      ),
    );
  return {
    id: row.id,
    openedAt: row.opened_at,
    openedByName: row.opened_by_name,
    closedAt: row.closed_at,
    closedByName: row.closed_by_name,
    openingFloat: row.opening_float,
    expected,
    counted: row.closing_counted,
    difference: row.closing_difference,
    approvedByName: row.approved_by_name,
  };
}

/**
 * The counter's sessions, newest first: all of them (a manager), or only the open one (a clerk sees the session in
 * hand; past sessions and their differences are the manager's business).
 */
export function listTillSessions(db: Db, terminalId: string, scope: 'open' | 'all'): TillSessionSummary[] {
  const rows = cachedStatement(
    db,
    `SELECT ${SESSION_COLUMNS} FROM ${SESSION_JOINS}
      WHERE t.terminal_id = ? AND (? = 'all' OR t.closed_at IS NULL)
      ORDER BY t.opened_at DESC, t.rowid DESC LIMIT ?`,
  ).all(terminalId, scope, TILL_HISTORY_LIMIT) as SessionRow[];
  return rows.map((row) => summaryOf(db, row));
}

const tally = (amounts: number[]): TillTally => ({ count: amounts.length, amount: amounts.reduce((sum, a) => sum + a, 0) });

/** One session whole, for the report, for HQ and for the screen. TILL_SESSION_NOT_FOUND for another counter's. */
export function readTillSession(db: Db, sessionId: string, terminalId: string): TillSessionDetail {
  const row = cachedStatement(db, `SELECT ${SESSION_COLUMNS} FROM ${SESSION_JOINS} WHERE t.id = ? AND t.terminal_id = ?`).get(
    sessionId,
    terminalId,
  ) as SessionRow | undefined;
  if (!row) throw new KioskError('TILL_SESSION_NOT_FOUND');
  const place = cachedStatement(
    db,
    'SELECT s.name AS shop_name, t.code, t.name FROM terminals t JOIN stores s ON s.id = t.store_id WHERE t.id = ?',
  ).get(terminalId) as { shop_name: string; code: string; name: string };
  const movementRows = cachedStatement(
    db,
    `SELECT m.kind, m.amount, m.exchanged, m.reason, m.at, s.name AS staff_name
       FROM till_movements m JOIN staff s ON s.id = m.staff_id
      WHERE m.till_session_id = ? ORDER BY m.at, m.rowid`,
  ).all(row.id) as { kind: 'payout' | TillMovementKind; amount: number; exchanged: number | null; reason: string | null; at: string; staff_name: string }[];
  const amountsOf = (kind: 'payout' | TillMovementKind) => movementRows.filter((m) => m.kind === kind).map((m) => m.exchanged ?? Math.abs(m.amount));
  const movements: TillMovement[] = movementRows.flatMap((m) =>
    m.kind === 'payout' ? [] : [{ kind: m.kind, amount: m.exchanged ?? Math.abs(m.amount), reason: m.reason ?? '', at: m.at, staffName: m.staff_name }],
  );
  const checks = cachedStatement(
    db,
    `SELECT c.at, s.name AS staff_name, c.expected, c.counted, c.difference
       FROM till_checks c JOIN staff s ON s.id = c.staff_id WHERE c.till_session_id = ? ORDER BY c.at, c.rowid`,
  ).all(row.id) as { at: string; staff_name: string; expected: number; counted: number; difference: number }[];
  return {
    ...summaryOf(db, row),
    shopName: place.shop_name,
    terminalCode: place.code,
    terminalName: place.name,
    openingCounts: JSON.parse(row.opening_counts) as DenominationCounts,
    closingCounts: row.closing_counts === null ? null : (JSON.parse(row.closing_counts) as DenominationCounts),
    payouts: tally(amountsOf('payout')),
    otherMethods: otherMethodTotals(db, terminalId, row.opened_at, row.closed_at),
    payIns: tally(amountsOf('pay_in')),
    payOuts: tally(amountsOf('pay_out')),
    exchanges: tally(amountsOf('exchange')),
    movements,
    checks: checks.map(
      (c): TillCheckRecord => ({ at: c.at, staffName: c.staff_name, expected: c.expected, counted: c.counted, difference: c.difference }),
    ),
  };
}

/**
 * Settlements at this counter in the session's period paid otherwise than in cash (cash is the till's own payouts).
 * An open session's period runs to now.
 */
function otherMethodTotals(db: Db, terminalId: string, from: string, to: string | null): TillMethodTotal[] {
  const rows = cachedStatement(
    db,
    `SELECT payment_method, COUNT(*) AS n, SUM(total_amount) AS total FROM settlements
      WHERE terminal_id = ? AND payment_method <> ? AND settled_at >= ? AND (? IS NULL OR settled_at <= ?)
      GROUP BY payment_method ORDER BY payment_method`,
  ).all(terminalId, CASH, from, to, to) as { payment_method: string; n: number; total: number }[];
  return rows.map((r) => ({
    method: r.payment_method,
    label: paymentMethodLabels(db, r.payment_method).labelJa,
    labelEn: paymentMethodLabels(db, r.payment_method).labelEn,
    count: r.n,
    amount: r.total,
  }));
}
