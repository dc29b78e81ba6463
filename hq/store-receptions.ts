/** N-01: what HQ knows of a store's receptions, for its read API and page. */
import type { ReceptionPayload, StoreFeedPage } from 'kaitori-sync-protocol';
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
       LEFT JOIN reception_claims c ON c.reception_id = r.reception_id AND c.expires_at > ?
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
 * N-03: a store's reception changes after the cursor, oldest first, each reception once at its newest version. One
 * row more than the page is read to tell whether there is more.
 */
export async function readStoreFeed(db: HqQueryable, storeCode: string, after: number, limit: number): Promise<StoreFeedPage> {
  const rows = await db.query<{ feed_seq: number | string; payload: string }>(
    `SELECT feed_seq, payload FROM store_receptions
      WHERE store_code = ? AND feed_seq > ? AND payload IS NOT NULL
      ORDER BY feed_seq LIMIT ?`,
    [storeCode, after, limit + 1],
  );
  const page = rows.slice(0, limit).map((row) => ({
    seq: Number(row.feed_seq),
    reception: JSON.parse(row.payload) as ReceptionPayload,
  }));
  return { receptions: page, cursor: page.at(-1)?.seq ?? after, more: rows.length > limit };
}
