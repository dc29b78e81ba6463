import type { ReceptionSyncStatus } from 'kaitori-sync-protocol';
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import type { Actor } from './accounts.ts';
import { enqueueOutbox } from './outbox.ts';

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
  created_at: string;
  store_code: string;
}

/**
 * N-01: queues the reception as it now stands for HQ, inside the caller's transaction (after its change), so HQ
 * hears of every change that committed and of none that did not. `deleted` is sent for a reception about to be
 * removed from the list (call it before the DELETE): HQ must stop showing it as open.
 */
export function enqueueReceptionChange(
  db: Db,
  newId: () => string,
  actor: Actor,
  receptionId: string,
  at: string,
  deleted = false,
): void {
  const row = cachedStatement(
    db,
    `SELECT r.id, r.number, r.status, r.version, r.seller_name, r.seller_name_kana, c.member_number, r.item_count,
            r.items_total, r.adjustment_amount, r.created_at, s.code AS store_code
       FROM receptions r JOIN stores s ON s.id = r.store_id LEFT JOIN customers c ON c.id = r.customer_id
      WHERE r.id = ?`,
  ).get(receptionId) as ReceptionSnapshotRow | undefined;
  if (!row) return;
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
  });
}
