import type { Db } from '../../db/open.ts';
import { z } from 'zod';
import type { Grade, KeysetPage, StockItem } from '../../preload/types.ts';
import { normaliseReceptionNumber } from '../domain/reception-number.ts';
import { refreshStockSearchIndex } from '../search/index.ts';
import { COUNT_CAP } from '../search/reception-search.ts';
import { countStockDocs, findStockDocs, stockSearchPaths } from '../search/stock-search.ts';
import { cachedStatement } from '../../db/statements.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { enqueueOutbox } from './outbox.ts';
import { keysetCursor } from './keyset-cursor.ts';

interface StockRow {
  id: string;
  code: string;
  jan_code: string | null;
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
    janCode: row.jan_code,
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
  writeTransaction(db, () => {
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
  });
  return toStockItem(db.prepare(`${SELECT_STOCK} WHERE si.id = ?`).get(stockItemId) as StockRow);
}

export function findStockBySettlement(db: Db, settlementId: string): StockItem[] {
  return (db.prepare(`${SELECT_STOCK} WHERE si.settlement_id = ? ORDER BY ri.position`).all(settlementId) as StockRow[]).map(toStockItem);
}

const stockCursor = keysetCursor(z.tuple([z.literal('created'), z.string(), z.number().int()]).or(z.tuple([z.literal('stock'), z.number().int()])));
type StockCursor = NonNullable<ReturnType<typeof stockCursor.decode>>;

/**
 * P-07: the stock list at two million stock rows — a scanned stock code, a reception number, or an item's name,
 * maker, model or serial (folded like the reception search: "すいっち" finds "スイッチ"); otherwise newest first.
 * A search reads its own index of stock items (main/search/stock-search.ts), newest stock first, from the cursor on.
 */
export function listStock(db: Db, query: string, cursorText: string, pageSize = 50): KeysetPage<StockItem> {
  const q = query.trim();
  const cursor = stockCursor.decode(cursorText);
  if (!q) return newestStock(db, cursor, pageSize);
  // A scanned label: its stock code, or its in-store JAN (P-07) — each one indexed lookup.
  const byCode = (db.prepare(`${SELECT_STOCK} WHERE si.code = ?`).get(normaliseReceptionNumber(q)) ??
    (/^\d{13}$/.test(q) ? db.prepare(`${SELECT_STOCK} WHERE si.jan_code = ?`).get(q) : undefined)) as StockRow | undefined;
  if (byCode) return { rows: cursor ? [] : [toStockItem(byCode)], total: 1, totalCapped: false, pageSize, next: null, sortedWithinCap: false };

  refreshStockSearchIndex(db);
  const paths = stockSearchPaths(q);
  const page = findStockDocs(db, paths, cursor?.[0] === 'stock' ? cursor[1] : null, pageSize);
  const rows = cachedStatement(
    db,
    `SELECT s.doc, stock.* FROM stock_search s JOIN (${SELECT_STOCK}) stock ON stock.id = s.stock_item_id
      WHERE s.doc IN (SELECT value FROM json_each(?)) ORDER BY s.doc DESC`,
  ).all(JSON.stringify(page.docs)) as (StockRow & { doc: number })[];
  // Counting every match would read every matching item: the count stops at COUNT_CAP ("1,000+") like the other lists.
  const counted = countStockDocs(db, paths, COUNT_CAP);
  const last = page.docs.at(-1);
  return {
    rows: rows.map(toStockItem),
    total: Math.min(counted, COUNT_CAP),
    totalCapped: counted > COUNT_CAP,
    pageSize,
    next: page.more && last !== undefined ? stockCursor.encode(['stock', last]) : null,
    sortedWithinCap: false,
  };
}

function newestStock(db: Db, cursor: StockCursor | null, pageSize: number): KeysetPage<StockItem> {
  const from = cursor?.[0] === 'created' ? 'WHERE (si.created_at, si.rowid) < (@at, @rowId)' : '';
  const rows = db
    .prepare(`SELECT si.rowid AS row_id, stock.* FROM stock_items si JOIN (${SELECT_STOCK}) stock ON stock.id = si.id ${from}
               ORDER BY si.created_at DESC, si.rowid DESC LIMIT @limit`)
    .all({ limit: pageSize + 1, ...(cursor?.[0] === 'created' ? { at: cursor[1], rowId: cursor[2] } : {}) }) as (StockRow & { row_id: number })[];
  const counted = (db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM stock_items LIMIT ${COUNT_CAP + 1})`).get() as { n: number }).n;
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page.map(toStockItem),
    total: Math.min(counted, COUNT_CAP),
    totalCapped: counted > COUNT_CAP,
    pageSize,
    next: rows.length > pageSize && last ? stockCursor.encode(['created', last.created_at, last.row_id]) : null,
    sortedWithinCap: false,
  };
}
