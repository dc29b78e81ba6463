/** What HQ staff read: settlements and cancellations per store and business day (Asia/Tokyo), with totals. */
import type { TerminalChainState } from './chain.ts';
import type { HqQueryable, SqlValue } from './db.ts';
import type { OpenReception } from './store-receptions.ts';

export interface SettlementSummary {
  id: string;
  receptionNumber: string;
  storeCode: string;
  terminalCode: string;
  staffCode: string;
  settledAt: string;
  itemCount: number;
  totalAmount: number;
  pointsGranted: number;
  paymentMethod: string;
}

export interface CancellationSummary {
  receptionId: string;
  receptionNumber: string;
  storeCode: string;
  terminalCode: string;
  cancelledAt: string;
  reason: string;
}

export interface DayReport {
  store: string | null;
  date: string;
  /** Settlements and totals of the whole day, not of this page. */
  count: number;
  totals: { itemsTotal: number; adjustmentAmount: number; totalAmount: number; pointsGranted: number };
  /** One page, in (settledAt, id) order. */
  settlements: SettlementSummary[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
  cancellations: CancellationSummary[];
}

export interface DayQuery {
  date: string;
  store: string | null;
  limit: number;
  /** The cursor of the previous page (`next`). */
  after: string | null;
}

export const DEFAULT_PAGE_SIZE = 200;
export const MAX_PAGE_SIZE = 1_000;

/** pg returns BIGINT and SUM as strings; yen stays far below 2^53, so Number() is exact. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** Keyset paging (B-09 at 10 million settlements): the cursor is the last row's sort key, never an offset. */
export function encodeCursor(settledAt: string, id: string): string {
  return Buffer.from(JSON.stringify([settledAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // An unreadable cursor is answered like a bad query.
  }
  return null;
}

export async function readDayReport(db: HqQueryable, query: DayQuery): Promise<DayReport> {
  const { date, store, limit } = query;
  const where = store === null ? 'business_date = ?' : 'store_code = ? AND business_date = ?';
  const params: SqlValue[] = store === null ? [date] : [store, date];
  const after = query.after ? decodeCursor(query.after) : null;
  // Three independent reads: on PostgreSQL they run at once on the pool's connections.
  const [[sums], rows, cancellations] = await Promise.all([
    db.query(
      `SELECT COUNT(*) AS n, SUM(items_total) AS items_total, SUM(adjustment_amount) AS adjustment_amount,
         SUM(total_amount) AS total_amount, SUM(points_granted) AS points_granted
       FROM settlements WHERE ${where}`,
      params,
    ),
    db.query(
      // Every column read here is in the day indexes (migration 007): the page is read from the index alone.
      `SELECT s.id, s.reception_number, s.store_code, s.terminal_code, s.staff_code, s.settled_at, s.total_amount,
         s.points_granted, s.payment_method, s.item_count
       FROM settlements s WHERE ${where}${after ? ' AND (s.settled_at, s.id) > (?, ?)' : ''}
       ORDER BY s.settled_at, s.id LIMIT ?`,
      [...params, ...(after ?? []), limit + 1],
    ),
    db.query(
      `SELECT reception_id, reception_number, store_code, terminal_code, cancelled_at, reason
       FROM cancellations WHERE ${where} ORDER BY cancelled_at, reception_id LIMIT ?`,
      [...params, MAX_PAGE_SIZE],
    ),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    store,
    date,
    count: num(sums?.n),
    totals: {
      itemsTotal: num(sums?.items_total),
      adjustmentAmount: num(sums?.adjustment_amount),
      totalAmount: num(sums?.total_amount),
      pointsGranted: num(sums?.points_granted),
    },
    settlements: page.map((r) => ({
      id: String(r.id),
      receptionNumber: String(r.reception_number),
      storeCode: String(r.store_code),
      terminalCode: String(r.terminal_code),
      staffCode: String(r.staff_code),
      settledAt: String(r.settled_at),
      itemCount: num(r.item_count),
      totalAmount: num(r.total_amount),
      pointsGranted: num(r.points_granted),
      paymentMethod: String(r.payment_method),
    })),
    next: rows.length > limit && last ? encodeCursor(String(last.settled_at), String(last.id)) : null,
    cancellations: cancellations.map((r) => ({
      receptionId: String(r.reception_id),
      receptionNumber: String(r.reception_number),
      storeCode: String(r.store_code),
      terminalCode: String(r.terminal_code),
      cancelledAt: String(r.cancelled_at),
      reason: String(r.reason),
    })),
  };
}

/**
 * The full stored settlement (with the seller's details, which HQ staff may see but logs never do), its ledger
 * corrections (kobutsu.md §4) and each stock item's EC publish state as last changed (P-07).
 */
export async function readSettlement(db: HqQueryable, id: string): Promise<Record<string, unknown> | null> {
  const [rows, corrections, changes] = await Promise.all([
    db.query<{ payload: string; received_at: string }>('SELECT payload, received_at FROM settlements WHERE id = ?', [id]),
    db.query(
      `SELECT id, field, old_value, new_value, reason, staff_code, corrected_at, received_at FROM ledger_corrections
       WHERE settlement_id = ? ORDER BY corrected_at, id`,
      [id],
    ),
    db.query(
      `SELECT stock_code, published, changed_at, staff_code FROM ec_publish_changes WHERE settlement_id = ?
       ORDER BY changed_at, id`,
      [id],
    ),
  ]);
  const row = rows[0];
  if (!row) return null;
  const ecPublished: Record<string, { published: boolean; changedAt: string; staffCode: string }> = {};
  for (const change of changes) {
    ecPublished[String(change.stock_code)] = {
      published: num(change.published) === 1,
      changedAt: String(change.changed_at),
      staffCode: String(change.staff_code),
    };
  }
  return {
    ...(JSON.parse(row.payload) as Record<string, unknown>),
    receivedAt: row.received_at,
    corrections: corrections.map((c) => ({
      id: String(c.id),
      field: String(c.field),
      oldValue: String(c.old_value),
      newValue: String(c.new_value),
      reason: String(c.reason),
      staffCode: String(c.staff_code),
      correctedAt: String(c.corrected_at),
      receivedAt: String(c.received_at),
    })),
    ecPublishChanges: ecPublished,
  };
}

/** M-07: one till's close as HQ lists it. Amounts in yen; difference = counted − expected. */
export interface TillCloseSummary {
  id: string;
  storeCode: string;
  terminalCode: string;
  staffCode: string;
  openedAt: string;
  closedAt: string;
  openingFloat: number;
  payoutCount: number;
  payoutAmount: number;
  expected: number;
  counted: number;
  difference: number;
  approvedByStaffCode: string | null;
  receivedAt: string;
}

export interface TillCloseDay {
  store: string | null;
  date: string;
  closes: TillCloseSummary[];
  /** Of the listed closes: a day's differences add up to what the store is short (negative) or over. */
  totals: { count: number; expected: number; counted: number; difference: number };
}

/**
 * M-07: the closes of a business day (Asia/Tokyo, of the close), of one store or all, in close order. A store closes
 * a till or two per counter a day, so a day is read whole (up to MAX_PAGE_SIZE closes).
 */
export async function readTillCloses(db: HqQueryable, query: { date: string; store: string | null }): Promise<TillCloseDay> {
  const { date, store } = query;
  const rows = await db.query(
    `SELECT id, store_code, terminal_code, staff_code, opened_at, closed_at, opening_float, payout_count, payout_amount,
       expected, counted, difference, approved_by_staff_code, received_at
     FROM till_closes WHERE ${store === null ? 'business_date = ?' : 'store_code = ? AND business_date = ?'}
     ORDER BY closed_at, id LIMIT ?`,
    [...(store === null ? [] : [store]), date, MAX_PAGE_SIZE],
  );
  const closes = rows.map(
    (r): TillCloseSummary => ({
      id: String(r.id),
      storeCode: String(r.store_code),
      terminalCode: String(r.terminal_code),
      staffCode: String(r.staff_code),
      openedAt: String(r.opened_at),
      closedAt: String(r.closed_at),
      openingFloat: num(r.opening_float),
      payoutCount: num(r.payout_count),
      payoutAmount: num(r.payout_amount),
      expected: num(r.expected),
      counted: num(r.counted),
      difference: num(r.difference),
      approvedByStaffCode: r.approved_by_staff_code === null ? null : String(r.approved_by_staff_code),
      receivedAt: String(r.received_at),
    }),
  );
  const sum = (pick: (c: TillCloseSummary) => number) => closes.reduce((total, c) => total + pick(c), 0);
  return {
    store,
    date,
    closes,
    totals: { count: closes.length, expected: sum((c) => c.expected), counted: sum((c) => c.counted), difference: sum((c) => c.difference) },
  };
}

/** M-07: one close whole, as the kiosk sent it (movements' totals, checks, counts per denomination). */
export async function readTillClose(db: HqQueryable, id: string): Promise<Record<string, unknown> | null> {
  const [row] = await db.query<{ payload: string; received_at: string }>('SELECT payload, received_at FROM till_closes WHERE id = ?', [id]);
  return row ? { ...(JSON.parse(row.payload) as Record<string, unknown>), receivedAt: row.received_at } : null;
}

export interface Refusal {
  kind: string;
  id: string;
  code: string;
  /** conflict | invalid | stored (a number clash stored before HQ checked numbers) */
  status: string;
  storeCode: string;
  terminalCode: string;
  receptionNumber: string | null;
  heldBy: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  times: number;
}

/** What HQ refused, newest first (without the refused bodies, which hold personal data). */
export async function readRefusals(db: HqQueryable, limit: number): Promise<Refusal[]> {
  const rows = await db.query(
    `SELECT kind, aggregate_id, code, status, store_code, terminal_code, reception_number, held_by, first_seen_at,
       last_seen_at, times
     FROM ingest_refusals ORDER BY last_seen_at DESC, kind, aggregate_id LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({
    kind: String(r.kind),
    id: String(r.aggregate_id),
    code: String(r.code),
    status: String(r.status),
    storeCode: String(r.store_code),
    terminalCode: String(r.terminal_code),
    receptionNumber: r.reception_number === null ? null : String(r.reception_number),
    heldBy: r.held_by === null ? null : String(r.held_by),
    firstSeenAt: String(r.first_seen_at),
    lastSeenAt: String(r.last_seen_at),
    times: num(r.times),
  }));
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** `¥1,200`, `-¥10` (a till close's difference is negative when cash is missing). */
const yen = (n: number) => `${n < 0 ? '-' : ''}¥${Math.abs(n).toLocaleString('ja-JP')}`;

const table = (headings: string[], rows: (string | number)[][], empty: string) =>
  `<table><thead><tr>${headings.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.length === 0 ? `<tr><td colspan="${headings.length}">${escapeHtml(empty)}</td></tr>` : rows.map((cells) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`;

export interface AdminPage {
  report: DayReport;
  /** M-07: the day's till closes (absent: the section is left out). */
  tillCloses?: TillCloseDay;
  refusals: Refusal[];
  chains: TerminalChainState[];
  /** N-01: the chosen store's open receptions (empty without a store), with the terminal holding each, if any. */
  openReceptions?: OpenReception[];
}

/** M-07: the day's closes: expected, counted, the difference and who approved it, per store and terminal. */
function tillClosesHtml(day: TillCloseDay): string {
  return `<h2 id="till-closes">レジ締め / Till closes</h2>
<p>${escapeHtml(day.totals.count)} closes, difference ${escapeHtml(yen(day.totals.difference))}</p>
${table(
  ['Closed at (UTC)', 'Store', 'Terminal', 'Staff', 'Float', 'Cash payouts', 'Expected', 'Counted', 'Difference', 'Approved by'],
  day.closes.map((c) => [
    c.closedAt,
    c.storeCode,
    c.terminalCode,
    c.staffCode,
    yen(c.openingFloat),
    `${c.payoutCount} / ${yen(c.payoutAmount)}`,
    yen(c.expected),
    yen(c.counted),
    yen(c.difference),
    c.approvedByStaffCode ?? '',
  ]),
  'No till closes',
)}`;
}

export function renderAdminPageHtml({ report, refusals, chains, tillCloses, openReceptions = [] }: AdminPage): string {
  const nextLink = report.next
    ? `<p><a href="?${escapeHtml(new URLSearchParams({ date: report.date, ...(report.store ? { store: report.store } : {}), after: report.next }).toString())}">次へ / Next page</a></p>`
    : '';
  const diverged = chains.filter((c) => c.divergences.some((d) => d.acknowledgedAt === null));
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>HQ settlements ${escapeHtml(report.date)}</title>
<style>body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse;margin-bottom:1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem}.alert{border:2px solid #b00;padding:.5rem 1rem;color:#700}</style>
</head><body>
<h1>買取精算 / Settlements ${escapeHtml(report.date)}${report.store ? ` — ${escapeHtml(report.store)}` : ''}</h1>
${diverged.length > 0 ? `<div class="alert" role="alert" id="chain-alert"><strong>監査ログの不一致 / Audit chain divergence:</strong> ${diverged.map((c) => escapeHtml(`${c.storeCode}/${c.terminalCode}`)).join(', ')}</div>` : ''}
<form method="get"><label>Store <input name="store" value="${escapeHtml(report.store ?? '')}"></label>
<label>Date <input name="date" type="date" value="${escapeHtml(report.date)}"></label> <button>Show</button></form>
<p>${escapeHtml(report.count)} settlements, total ${escapeHtml(yen(report.totals.totalAmount))}, points ${escapeHtml(report.totals.pointsGranted)}</p>
${table(
  ['Settled at (UTC)', 'Store', 'Terminal', 'Reception', 'Staff', 'Items', 'Payment', 'Total'],
  report.settlements.map((s) => [s.settledAt, s.storeCode, s.terminalCode, s.receptionNumber, s.staffCode, s.itemCount, s.paymentMethod, yen(s.totalAmount)]),
  'No settlements',
)}
${nextLink}
<h2>Cancellations</h2>
${table(
  ['Cancelled at (UTC)', 'Store', 'Terminal', 'Reception', 'Reason'],
  report.cancellations.map((c) => [c.cancelledAt, c.storeCode, c.terminalCode, c.receptionNumber, c.reason]),
  'No cancellations',
)}
${tillCloses ? tillClosesHtml(tillCloses) : ''}
<h2 id="open-receptions">受付中 / Open receptions${report.store ? ` — ${escapeHtml(report.store)}` : ''}</h2>
${table(
  ['Received (UTC)', 'Reception', 'Status', 'Version', 'Last change by', 'Items', 'Total', 'Claimed by'],
  openReceptions.map((r) => [r.createdAt, r.receptionNumber, r.status, r.version, r.terminalCode, r.itemCount, yen(r.itemsTotal + r.adjustmentAmount), r.claimedBy ?? '']),
  report.store ? 'None' : 'Choose a store',
)}
<h2 id="refusals">受付拒否 / Refused items (conflicts)</h2>
${table(
  ['Last seen (UTC)', 'Store', 'Terminal', 'Kind', 'Reception', 'Reason', 'Status', 'Held by', 'Times', 'Id'],
  refusals.map((r) => [r.lastSeenAt, r.storeCode, r.terminalCode, r.kind, r.receptionNumber ?? '', r.code, r.status, r.heldBy ?? '', r.times, r.id]),
  'None',
)}
<h2 id="chain">監査ログ / Audit chain anchors</h2>
${table(
  ['Store', 'Terminal', 'Anchor seq', 'Anchored at (UTC)', 'Divergence', 'At seq', 'Reported seq', 'Detected (UTC)', 'Acknowledged'],
  chains.map((c) => {
    const d = c.divergences[0];
    return [c.storeCode, c.terminalCode, c.anchor?.seq ?? '', c.anchoredAt ?? '', d?.kind ?? '', d?.seq ?? '', d?.reportedSeq ?? '', d?.detectedAt ?? '', d ? (d.acknowledgedAt ?? 'OPEN') : ''];
  }),
  'No terminals',
)}
</body></html>
`;
}
