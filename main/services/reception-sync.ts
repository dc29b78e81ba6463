import type { ReceptionItemPayload, ReceptionSyncStatus } from 'kaitori-sync-protocol';
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import type { Actor } from './accounts.ts';
import { enqueueOutbox } from './outbox.ts';
import { type ItemRow, itemDescriptionOf, listItemRows } from './reception-queries.ts';

interface ReceptionSnapshotRow {
  id: string;
  number: string;
  status: ReceptionSyncStatus;
  version: number;
  seller_name: string;
  seller_name_kana: string;
  member_number: string | null;
  item_count: number;
  items_total: number;
  adjustment_amount: number;
  adjustment_reason: string;
  note: string;
  suspected_stolen: number;
  created_at: string;
  store_code: string;
  origin_terminal_code: string;
  origin_staff_code: string;
}

/**
 * N-01: queues the reception as it now stands for HQ, inside the caller's transaction (after its change), so HQ
 * hears of every change that committed and of none that did not. `deleted` is sent for a reception about to be
 * removed from the list (call it before the DELETE): HQ must stop showing it as open.
 *
 * N-03: the change carries the items and the seller's name, so another PC of the store can appraise and settle it
 * (main/sync/store-feed.ts); and it marks this PC as the reception's last editor.
 */
export function enqueueReceptionChange(
  db: Db,
  newId: () => string,
  actor: Actor,
  receptionId: string,
  at: string,
  deleted = false,
): void {
  cachedStatement(db, 'UPDATE receptions SET changed_by_terminal = ? WHERE id = ? AND changed_by_terminal IS NOT ?').run(
    actor.terminal.code,
    receptionId,
    actor.terminal.code,
  );
  const row = cachedStatement(
    db,
    `SELECT r.id, r.number, r.status, r.version, r.seller_name, r.seller_name_kana, c.member_number, r.item_count,
            r.items_total, r.adjustment_amount, r.adjustment_reason, r.note, r.suspected_stolen, r.created_at,
            s.code AS store_code, t.code AS origin_terminal_code, st.code AS origin_staff_code
       FROM receptions r JOIN stores s ON s.id = r.store_id JOIN terminals t ON t.id = r.terminal_id
       JOIN staff st ON st.id = r.staff_id LEFT JOIN customers c ON c.id = r.customer_id
      WHERE r.id = ?`,
  ).get(receptionId) as ReceptionSnapshotRow | undefined;
  if (!row) return;
  const items = listItemRows(db, receptionId);
  enqueueOutbox(db, 'reception', newId(), at, {
    schemaVersion: 1,
    changeId: newId(),
    receptionId: row.id,
    receptionNumber: row.number,
    storeCode: row.store_code,
    terminalCode: actor.terminal.code,
    staffCode: actor.staff.code,
    version: deleted ? row.version + 1 : row.version,
    status: deleted ? 'deleted' : row.status,
    sellerName: row.seller_name,
    sellerNameKana: row.seller_name_kana,
    memberNumber: row.member_number,
    itemCount: row.item_count,
    itemsTotal: row.items_total,
    adjustmentAmount: row.adjustment_amount,
    createdAt: row.created_at,
    changedAt: at,
    items: items.map(itemPayload),
    adjustmentReason: row.adjustment_reason,
    note: row.note,
    suspectedStolen: row.suspected_stolen === 1,
    originTerminalCode: row.origin_terminal_code,
    originStaffCode: row.origin_staff_code,
  });
}

function itemPayload(item: ItemRow): ReceptionItemPayload {
  return {
    id: item.id,
    position: item.position,
    stockCode: item.stock_code,
    categoryId: item.category_id,
    ...itemDescriptionOf(item),
    quantity: item.quantity,
    unitPrice: item.unit_price,
    productCode: item.product_code,
    weightCg: item.weight_cg,
    metalPricePerGram: item.metal_price_per_gram,
    ecPublish: item.ec_publish === 1,
    cancelled: item.cancelled === 1,
    createdAt: item.created_at,
  };
}
