/** What HQ staff read: settlements and cancellations per store and business day (Asia/Tokyo), with totals. */
import type { HqQueryable } from './db.ts';

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
  count: number;
  totals: { itemsTotal: number; adjustmentAmount: number; totalAmount: number; pointsGranted: number };
  settlements: SettlementSummary[];
  cancellations: CancellationSummary[];
}

/** pg returns BIGINT and SUM as strings; yen stays far below 2^53, so Number() is exact. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export async function readDayReport(db: HqQueryable, date: string, store: string | null): Promise<DayReport> {
  const where = store === null ? 'business_date = ?' : 'business_date = ? AND store_code = ?';
  const params = store === null ? [date] : [date, store];
  const rows = await db.query(
    `SELECT s.id, s.reception_number, s.store_code, s.terminal_code, s.staff_code, s.settled_at, s.items_total,
       s.adjustment_amount, s.total_amount, s.points_granted, s.payment_method,
       (SELECT COUNT(*) FROM settlement_items i WHERE i.settlement_id = s.id) AS item_count
     FROM settlements s WHERE ${where} ORDER BY s.settled_at, s.id`,
    params,
  );
  const cancellations = await db.query(
    `SELECT reception_id, reception_number, store_code, terminal_code, cancelled_at, reason
     FROM cancellations WHERE ${where} ORDER BY cancelled_at, reception_id`,
    params,
  );
  const totals = { itemsTotal: 0, adjustmentAmount: 0, totalAmount: 0, pointsGranted: 0 };
  for (const r of rows) {
    totals.itemsTotal += num(r.items_total);
    totals.adjustmentAmount += num(r.adjustment_amount);
    totals.totalAmount += num(r.total_amount);
    totals.pointsGranted += num(r.points_granted);
  }
  return {
    store,
    date,
    count: rows.length,
    totals,
    settlements: rows.map((r) => ({
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

/** The full stored settlement (with the seller's details, which HQ staff may see but logs never do). */
export async function readSettlement(db: HqQueryable, id: string): Promise<Record<string, unknown> | null> {
  const rows = await db.query<{ payload: string; received_at: string }>(
    'SELECT payload, received_at FROM settlements WHERE id = ?',
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...(JSON.parse(row.payload) as Record<string, unknown>), receivedAt: row.received_at };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const yen = (n: number) => `¥${n.toLocaleString('ja-JP')}`;

export function renderDayReportHtml(report: DayReport): string {
  const rows = report.settlements
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.settledAt)}</td><td>${escapeHtml(s.storeCode)}</td><td>${escapeHtml(s.terminalCode)}</td>` +
        `<td>${escapeHtml(s.receptionNumber)}</td><td>${escapeHtml(s.staffCode)}</td><td>${escapeHtml(s.itemCount)}</td>` +
        `<td>${escapeHtml(s.paymentMethod)}</td><td class="n">${escapeHtml(yen(s.totalAmount))}</td></tr>`,
    )
    .join('\n');
  const cancelled = report.cancellations
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.cancelledAt)}</td><td>${escapeHtml(c.storeCode)}</td><td>${escapeHtml(c.terminalCode)}</td>` +
        `<td>${escapeHtml(c.receptionNumber)}</td><td>${escapeHtml(c.reason)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>HQ settlements ${escapeHtml(report.date)}</title>
<style>body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}.n{text-align:right}</style>
</head><body>
<h1>買取精算 / Settlements ${escapeHtml(report.date)}${report.store ? ` — ${escapeHtml(report.store)}` : ''}</h1>
<form method="get"><label>Store <input name="store" value="${escapeHtml(report.store ?? '')}"></label>
<label>Date <input name="date" type="date" value="${escapeHtml(report.date)}"></label> <button>Show</button></form>
<p>${escapeHtml(report.count)} settlements, total ${escapeHtml(yen(report.totals.totalAmount))}, points ${escapeHtml(report.totals.pointsGranted)}</p>
<table><thead><tr><th>Settled at (UTC)</th><th>Store</th><th>Terminal</th><th>Reception</th><th>Staff</th><th>Items</th><th>Payment</th><th>Total</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Cancellations</h2>
<table><thead><tr><th>Cancelled at (UTC)</th><th>Store</th><th>Terminal</th><th>Reception</th><th>Reason</th></tr></thead>
<tbody>
${cancelled}
</tbody></table>
</body></html>
`;
}
