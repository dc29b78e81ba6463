import type { Db } from '../../db/open.ts';
import { z } from 'zod';
import type { Grade, KeysetPage, StockItem } from '../../preload/types.ts';
import { normaliseReceptionNumber } from '../domain/reception-number.ts';
import { foldForSearch } from '../search/fold.ts';
import { refreshSearchIndex } from '../search/index.ts';
import { COUNT_CAP, findDocs, searchPaths } from '../search/reception-search.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

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
  });
  return toStockItem(db.prepare(`${SELECT_STOCK} WHERE si.id = ?`).get(stockItemId) as StockRow);
}

export function findStockBySettlement(db: Db, settlementId: string): StockItem[] {
  return (db.prepare(`${SELECT_STOCK} WHERE si.settlement_id = ? ORDER BY ri.position`).all(settlementId) as StockRow[]).map(toStockItem);
}

const stockCursorSchema = z.tuple([z.literal('created'), z.string(), z.number().int()]).or(z.tuple([z.literal('doc'), z.number().int(), z.number().int()]));
type StockCursor = z.infer<typeof stockCursorSchema>;

function decodeStockCursor(text: string): StockCursor | null {
  if (!text) return null;
  try {
    return stockCursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new KioskError('INVALID_INPUT', { fields: { cursor: 'validation.cursor' } });
  }
}

const encodeStockCursor = (cursor: StockCursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** Receptions read per round while collecting a page of matching stock, and the most rounds one request reads. */
const DOCS_PER_ROUND = 200;
const MAX_ROUNDS = 25;

/**
 * P-07: the stock list at two million stock rows — a scanned stock code, a reception number, or an item's name,
 * maker, model or serial (folded like the reception search: "すいっち" finds "スイッチ"); otherwise newest first.
 * Pages are read from where the last ended (cursor). A search lists stock by the reception it came from, newest first.
 */
export function listStock(db: Db, query: string, cursorText: string, pageSize = 50): KeysetPage<StockItem> {
  const q = query.trim();
  const cursor = decodeStockCursor(cursorText);
  if (!q) return newestStock(db, cursor, pageSize);
  // A scanned label: its stock code, or its in-store JAN (P-07) — each one indexed lookup.
  const byCode = (db.prepare(`${SELECT_STOCK} WHERE si.code = ?`).get(normaliseReceptionNumber(q)) ??
    (/^\d{13}$/.test(q) ? db.prepare(`${SELECT_STOCK} WHERE si.jan_code = ?`).get(q) : undefined)) as StockRow | undefined;
  if (byCode) return { rows: cursor ? [] : [toStockItem(byCode)], total: 1, totalCapped: false, pageSize, next: null, sortedWithinCap: false };

  refreshSearchIndex(db);
  const groups = searchPaths({ keyword: q, number: '' });
  const folded = foldForSearch(q);
  const number = normaliseReceptionNumber(q);
  const itemRows = db.prepare(
    `SELECT s.doc, ri.position, ri.maker, ri.model, ri.serial, si.*, r.number AS reception_number
       FROM reception_search s JOIN receptions r ON r.id = s.reception_id
       JOIN reception_items ri ON ri.reception_id = r.id JOIN stock_items si ON si.reception_item_id = ri.id
      WHERE s.doc IN (SELECT value FROM json_each(?))`,
  );
  // An item matches by its own fields or by its reception's number; a seller's name alone lists no goods.
  const matches = (row: StockRow & { maker: string; model: string; serial: string }) =>
    (folded !== '' && [row.name, row.maker, row.model, row.serial].some((field) => foldForSearch(field).includes(folded))) ||
    (number.length >= 4 && (row.reception_number.startsWith(number) || row.reception_number.endsWith(number)));

  const found: (StockRow & { doc: number; position: number })[] = [];
  let after = cursor?.[0] === 'doc' ? cursor[1] : null;
  const firstPosition = cursor?.[0] === 'doc' ? cursor[2] : 0;
  let exhausted = false;
  for (let round = 0; round < MAX_ROUNDS && found.length <= pageSize; round++) {
    // The cursor's own reception is read again for its items after the cursor's position.
    const docs = findDocs(db, groups, { sql: '', params: {} }, { cursor: round === 0 && after !== null ? after + 1 : after, direction: 'desc', limit: DOCS_PER_ROUND });
    const rows = (itemRows.all(JSON.stringify(docs.docs)) as (StockRow & { doc: number; position: number; maker: string; model: string; serial: string })[])
      .filter((row) => matches(row) && !(cursor?.[0] === 'doc' && row.doc === cursor[1] && row.position <= firstPosition))
      .sort((a, b) => b.doc - a.doc || a.position - b.position);
    found.push(...rows);
    after = docs.docs.at(-1) ?? after;
    if (!docs.more) {
      exhausted = true;
      break;
    }
  }
  const page = found.slice(0, pageSize);
  const last = page.at(-1);
  const more = found.length > pageSize || !exhausted;
  return {
    rows: page.map(toStockItem),
    total: Math.min(found.length, pageSize),
    // Counting every match of a search would read every matching reception: the list says "N+" instead.
    totalCapped: more,
    pageSize,
    next: more ? encodeStockCursor(last ? ['doc', last.doc, last.position] : ['doc', (after ?? 1) , 0]) : null,
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
    next: rows.length > pageSize && last ? encodeStockCursor(['created', last.created_at, last.row_id]) : null,
    sortedWithinCap: false,
  };
}
