/** N-01: what HQ knows of a store's receptions, for its read API and page. */
import type { MemberPayload, ReceptionPayload, StoreFeedPage } from 'kaitori-sync-protocol';
import type { HqQueryable } from './db.ts';

export interface OpenReception {
  receptionId: string;
  receptionNumber: string;
  status: string;
  version: number;
  terminalCode: string;
  staffCode: string;
  sellerName: string;
  itemCount: number;
  itemsTotal: number;
  adjustmentAmount: number;
  createdAt: string;
  changedAt: string;
  /** The terminal holding a live claim on it, if any. */
  claimedBy: string | null;
}

/** The store's receptions not yet settled, cancelled or deleted, oldest first, each with its live claim. */
export async function readOpenReceptions(db: HqQueryable, storeCode: string, now: Date): Promise<OpenReception[]> {
  const rows = await db.query<Record<string, string | number | null>>(
    `SELECT r.reception_id, r.reception_number, r.status, r.version, r.terminal_code, r.staff_code, r.seller_name,
            r.item_count, r.items_total, r.adjustment_amount, r.created_at, r.changed_at, c.terminal_code AS claimed_by
       FROM store_receptions r
       LEFT JOIN reception_claims c ON c.reception_id = r.reception_id AND c.expires_at > ? AND c.closed = 0
      WHERE r.store_code = ? AND r.status IN ('received', 'appraising', 'appraised')
      ORDER BY r.created_at, r.reception_id`,
    [now.toISOString(), storeCode],
  );
  return rows.map((row) => ({
    receptionId: String(row.reception_id),
    receptionNumber: String(row.reception_number),
    status: String(row.status),
    version: Number(row.version),
    terminalCode: String(row.terminal_code),
    staffCode: String(row.staff_code),
    sellerName: String(row.seller_name),
    itemCount: Number(row.item_count),
    itemsTotal: Number(row.items_total),
    adjustmentAmount: Number(row.adjustment_amount),
    createdAt: String(row.created_at),
    changedAt: String(row.changed_at),
    claimedBy: row.claimed_by === null ? null : String(row.claimed_by),
  }));
}

/**
 * N-03: a store's reception changes and members after the cursor, in the store's sequence, each reception once at its
 * newest version. One row more than the page is read to tell whether there is more.
 */
export async function readStoreFeed(db: HqQueryable, storeCode: string, after: number, limit: number): Promise<StoreFeedPage> {
  const rows = await db.query<{ feed_seq: number | string; kind: string; payload: string }>(
    `SELECT feed_seq, 'reception' AS kind, payload FROM store_receptions
      WHERE store_code = ? AND feed_seq > ? AND payload IS NOT NULL
     UNION ALL
     SELECT feed_seq, 'member' AS kind, payload FROM store_members WHERE store_code = ? AND feed_seq > ?
     ORDER BY feed_seq LIMIT ?`,
    [storeCode, after, storeCode, after, limit + 1],
  );
  const page = rows.slice(0, limit);
  const receptions = page
    .filter((row) => row.kind === 'reception')
    .map((row) => ({ seq: Number(row.feed_seq), reception: JSON.parse(row.payload) as ReceptionPayload }));
  const members = page
    .filter((row) => row.kind === 'member')
    .map((row) => ({ seq: Number(row.feed_seq), member: JSON.parse(row.payload) as MemberPayload }));
  const last = page.at(-1);
  return { receptions, members, cursor: last ? Number(last.feed_seq) : after, more: rows.length > limit };
}
