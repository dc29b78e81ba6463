/**
 * price hints beside the unit price, from this shop's own settled prices (price_points, migration 061), and the
 * settlement step that records them.
 */
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import type { Grade, PriceHint } from '../../preload/types.ts';
import { hintWindowStart, MAX_HINT_PRICES, type PaidPrice, summarisePrices } from '../domain/price-hint.ts';
import type { ItemRow } from './reception-queries.ts';

const PRODUCT_PRICES = `
  SELECT unit_price AS unitPrice, settled_at AS settledAt FROM price_points
   WHERE product_code = @productCode AND product_code <> '' AND grade = @grade AND settled_at >= @since
   ORDER BY settled_at DESC LIMIT ${MAX_HINT_PRICES}`;
const CATEGORY_PRICES = `
  SELECT unit_price AS unitPrice, settled_at AS settledAt FROM price_points
   WHERE category_id = @categoryId AND grade = @grade AND settled_at >= @since
   ORDER BY settled_at DESC LIMIT ${MAX_HINT_PRICES}`;

/**
 * for the product code and grade, else the category and grade: median, range and the newest prices paid in the
 * last year — or null when fewer than three were paid. Never a price to fill in: the clerk decides.
 */
export function priceHint(db: Db, now: Date, item: { productCode: string; categoryId: string; grade: Grade }): PriceHint | null {
  const since = hintWindowStart(now);
  if (item.productCode !== '') {
    const prices = cachedStatement(db, PRODUCT_PRICES).all({ productCode: item.productCode, grade: item.grade, since }) as PaidPrice[];
    const summary = summarisePrices(prices);
    if (summary) return { basis: 'product', ...summary };
  }
  if (item.categoryId === '') return null;
  const prices = cachedStatement(db, CATEGORY_PRICES).all({ categoryId: item.categoryId, grade: item.grade, since }) as PaidPrice[];
  const summary = summarisePrices(prices);
  return summary ? { basis: 'category', ...summary } : null;
}

/** A-02, a step of settlement execute (inside its transaction): the prices paid for the live items. */
export function recordPricePoints(db: Db, live: ItemRow[], settledAt: string): void {
  if (live.length === 0) return;
  cachedStatement(
    db,
    `INSERT INTO price_points (product_code, category_id, grade, unit_price, settled_at)
     SELECT ri.product_code, ri.category_id, ri.grade, ri.unit_price, @settledAt
       FROM json_each(@ids) j JOIN reception_items ri ON ri.id = j.value ORDER BY j.key`,
  ).run({ settledAt, ids: JSON.stringify(live.map((item) => item.id)) });
}
