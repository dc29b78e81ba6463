/**
 * the product catalog — what a scanned barcode is at appraisal, catalog search by name, maker or model, and the
 * settlement step that teaches the catalog what the shop bought.
 */
import { classifyScannedCode } from '../../common/product-code.ts';
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import type { CatalogItem, CatalogLookup } from '../../preload/types.ts';
import { refreshCatalogSearchIndex } from '../search/index.ts';
import { characterCount, foldForSearch } from '../search/fold.ts';
import { ftsQuery, PREFIX_END } from '../search/reception-search.ts';
import type { ItemRow } from './reception-queries.ts';

interface CatalogRow {
  code: string;
  name: string;
  maker: string;
  model: string;
  category_id: string;
  attributes: string;
  source: 'local' | 'hq';
}

function toCatalogItem(row: CatalogRow): CatalogItem {
  return {
    code: row.code,
    name: row.name,
    maker: row.maker,
    model: row.model,
    categoryId: row.category_id,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    source: row.source,
  };
}

export function findCatalogItem(db: Db, code: string): CatalogItem | null {
  const row = cachedStatement(db, 'SELECT * FROM catalog_items WHERE code = ?').get(code) as CatalogRow | undefined;
  return row ? toCatalogItem(row) : null;
}

/** a scan at appraisal — one indexed read whatever it turns out to be. */
export function lookupScannedCode(db: Db, raw: string): CatalogLookup {
  const scanned = classifyScannedCode(raw);
  switch (scanned.kind) {
    case 'product': {
      const item = findCatalogItem(db, scanned.code);
      return item ? { kind: 'found', code: scanned.code, item } : { kind: 'unknown', code: scanned.code };
    }
    case 'inStore': {
      // The label of an item this kiosk appraised (settled or not): say which, so the clerk sees why it is refused.
      const labelled = cachedStatement(db, 'SELECT stock_code, name FROM reception_items WHERE jan_code = ?').get(scanned.code) as
        | { stock_code: string; name: string }
        | undefined;
      return { kind: 'stockLabel', code: scanned.code, stockCode: labelled?.stock_code ?? null, name: labelled?.name ?? null };
    }
    case 'badCheckDigit':
      return { kind: 'badCheckDigit', code: scanned.code };
    case 'other':
      return { kind: 'notProductCode', code: scanned.code };
  }
}

/**
 * catalog entries whose name, maker or model holds what was typed, folded like the reception and stock
 * searches ("ぷれいすてーしょん" finds "プレイステーション", "ＳＯＮＹ" finds "Sony"); a product code finds its entry.
 * Newest entries first.
 */
export function searchCatalog(db: Db, query: string, limit: number): CatalogItem[] {
  const code = classifyScannedCode(query);
  if (code.kind === 'product') {
    const item = findCatalogItem(db, code.code);
    return item ? [item] : [];
  }
  refreshCatalogSearchIndex(db);
  const folded = foldForSearch(query);
  if (folded === '') return [];
  const rows =
    characterCount(folded) >= 3
      ? cachedStatement(
          db,
          `SELECT c.* FROM catalog_fts f JOIN catalog_search s ON s.doc = f.rowid JOIN catalog_items c ON c.code = s.code
            WHERE catalog_fts MATCH @match AND instr(s.body, @folded) > 0 ORDER BY f.rowid DESC LIMIT @limit`,
        ).all({ match: ftsQuery(folded), folded, limit })
      : cachedStatement(
          db,
          `SELECT c.* FROM catalog_search s JOIN catalog_items c ON c.code = s.code
            WHERE s.name_key >= @lo AND s.name_key < @hi ORDER BY +s.doc DESC LIMIT @limit`,
        ).all({ lo: folded, hi: folded + PREFIX_END, limit });
  return (rows as CatalogRow[]).map(toCatalogItem);
}

/** The attributes an appraised item gives its catalog entry: product-level facts only (a serial is one unit's). */
export function catalogAttributesOf(item: Pick<ItemRow, 'colour'>): Record<string, string> {
  return item.colour.trim() === '' ? {} : { colour: item.colour.trim() };
}

/**
 * A-01, a step of settlement execute (inside its transaction): every live item appraised under a product code joins
 * the catalog, or refreshes the entry this counter learnt before. An entry HQ published is HQ's: a settlement
 * never overwrites it. Returns the codes learnt, for the audit entry.
 */
export function learnCatalogFromItems(db: Db, items: ItemRow[], at: string): string[] {
  const learnt = items.filter((item) => item.product_code !== '');
  if (learnt.length === 0) return [];
  cachedStatement(
    db,
    `INSERT INTO catalog_items (code, name, maker, model, category_id, attributes, source, created_at, updated_at)
     SELECT j.value ->> 'code', j.value ->> 'name', j.value ->> 'maker', j.value ->> 'model', j.value ->> 'categoryId',
            j.value ->> 'attributes', 'local', @at, @at
       FROM json_each(@items) j
      WHERE true
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, maker = excluded.maker, model = excluded.model,
       category_id = excluded.category_id, attributes = excluded.attributes, updated_at = excluded.updated_at
      WHERE catalog_items.source = 'local'`,
  ).run({
    at,
    items: JSON.stringify(
      learnt.map((item) => ({
        code: item.product_code,
        name: item.name,
        maker: item.maker,
        model: item.model,
        categoryId: item.category_id,
        attributes: JSON.stringify(catalogAttributesOf(item)),
      })),
    ),
  });
  return learnt.map((item) => item.product_code);
}
