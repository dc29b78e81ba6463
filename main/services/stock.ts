import type { Db } from '../../db/open.ts';
import type { Grade, Page, StockItem } from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { enqueueOutbox } from './outbox.ts';

interface StockRow {
  id: string;
  code: string;
  name: string;
  category_id: string;
  grade: Grade;
  quantity: number;
  price: number;
  ec_published: number;
  reception_number: string;
  created_at: string;
}

const SELECT_STOCK = `
  SELECT si.*, r.number AS reception_number
    FROM stock_items si
    JOIN reception_items ri ON ri.id = si.reception_item_id
    JOIN receptions r ON r.id = ri.reception_id`;

function toStockItem(row: StockRow): StockItem {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    categoryId: row.category_id,
    grade: row.grade,
    quantity: row.quantity,
    price: row.price,
    ecPublished: row.ec_published === 1,
    receptionNumber: row.reception_number,
    createdAt: row.created_at,
  };
}

/** P-07: the EC publish state stays editable per stock item after settlement; each change is audited. */
export function setStockEcPublished(deps: ServiceDeps, actor: Actor, stockItemId: string, published: boolean): StockItem {
  const { db } = deps;
  const at = deps.clock().toISOString();
  db.transaction(() => {
    const changed = db.prepare('UPDATE stock_items SET ec_published = ?, updated_at = ? WHERE id = ?').run(published ? 1 : 0, at, stockItemId);
    if (changed.changes === 0) throw new KioskError('STOCK_ITEM_NOT_FOUND');
    appendAudit(db, at, deps.newId, {
      staffId: actor.staff.id,
      terminalId: actor.terminal.id,
      action: 'stock.ec_publish',
      entity: 'stock_item',
      entityId: stockItemId,
      detail: { published },
    });
    // Issue 13 §6: HQ's copy of the settlement learns the change through the outbox, as its own event.
    const item = db.prepare(`${SELECT_STOCK} WHERE si.id = ?`).get(stockItemId) as StockRow & { settlement_id: string };
    const changeId = deps.newId();
    enqueueOutbox(db, 'ec_publish_change', changeId, at, {
      schemaVersion: 1,
      changeId,
      stockItemId,
      stockCode: item.code,
      settlementId: item.settlement_id,
      receptionNumber: item.reception_number,
      storeCode: actor.terminal.storeCode,
      terminalCode: actor.terminal.code,
      staffCode: actor.staff.code,
      published,
      changedAt: at,
    });
    // IMMEDIATE: read-then-write beside the sync worker's writes must wait for the lock, not fail with BUSY.
  }).immediate();
  return toStockItem(db.prepare(`${SELECT_STOCK} WHERE si.id = ?`).get(stockItemId) as StockRow);
}

export function findStockBySettlement(db: Db, settlementId: string): StockItem[] {
  return (db.prepare(`${SELECT_STOCK} WHERE si.settlement_id = ? ORDER BY ri.position`).all(settlementId) as StockRow[]).map(toStockItem);
}

/** P-07: the stock list — by stock code (scanned), name or reception number; newest first. */
export function listStock(db: Db, query: string, page: number, pageSize = 50): Page<StockItem> {
  const q = query.trim();
  const where = q ? `WHERE si.code = @exact OR si.name LIKE @like OR r.number = @exact` : '';
  const params = { exact: q.toUpperCase(), like: `%${q}%` };
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM (${SELECT_STOCK} ${where})`).get(params) as { n: number }).n;
  const rows = db
    .prepare(`${SELECT_STOCK} ${where} ORDER BY si.created_at DESC, si.code DESC LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: pageSize, offset: (page - 1) * pageSize }) as StockRow[];
  return { rows: rows.map(toStockItem), total, page, pageSize };
}
