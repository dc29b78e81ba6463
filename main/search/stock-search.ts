/**
 * P-07 the stock list's search at two million stock rows (issue 14): which stock items match what a clerk typed —
 * the item's name, maker, model or serial (folded: "すいっち" finds "スイッチ"), or the start or end of its reception
 * number — newest first, a page at a time, each path reading about the page it returns (stock_search, migration 032).
 * A seller's name is not a stock item's field: it finds no goods, at the cost of one index lookup.
 */
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import { normaliseReceptionNumber } from '../domain/reception-number.ts';
import { characterCount, foldForSearch, reverse } from './fold.ts';
import { ftsQuery, PREFIX_END, PREFIX_SORT_LIMIT } from './reception-search.ts';

interface StockPath {
  /** FROM … WHERE … yielding s.doc of stock_search s; a prefix path names its column. */
  sql: string;
  params: Record<string, string>;
  prefixColumn?: string;
}

const prefixPath = (column: string, prefix: string): StockPath => ({
  sql: `FROM stock_search s WHERE s.${column} >= @lo AND s.${column} < @hi`,
  params: { lo: prefix, hi: prefix + PREFIX_END },
  prefixColumn: column,
});

/** The paths that can answer a query; none when it folds to nothing. */
export function stockSearchPaths(query: string): StockPath[] {
  const paths: StockPath[] = [];
  const folded = foldForSearch(query);
  const length = characterCount(folded);
  // Four or five digits alone are a reception number's last digits, as a clerk reads them off the slip: the number
  // keys answer exactly, while their trigrams ("012", "123") sit in half the serials and models and only add noise.
  const numberTail = /^\d{4,5}$/.test(folded);
  if (length >= 3 && !numberTail) {
    paths.push({
      sql: 'FROM stock_fts f JOIN stock_search s ON s.doc = f.rowid WHERE stock_fts MATCH @match AND instr(s.body, @folded) > 0',
      params: { match: ftsQuery(folded), folded },
    });
  } else if (length > 0) {
    paths.push(prefixPath('name_key', folded));
  }
  // A reception number, scanned from the slip or its last digits typed: the goods bought in that reception.
  const number = normaliseReceptionNumber(query);
  if (/^[A-Z0-9-]{4,}$/.test(number) && /\d/.test(number)) paths.push(prefixPath('number', number), prefixPath('number_rev', reverse(number)));
  return paths;
}

/** The newest `limit` matching documents past the cursor (doc DESC), and whether more exist. */
export function findStockDocs(db: Db, paths: StockPath[], cursor: number | null, limit: number): { docs: number[]; more: boolean } {
  const found = new Set<number>();
  for (const path of paths) for (const doc of pathPage(db, path, cursor, limit)) found.add(doc);
  const docs = [...found].sort((a, b) => b - a);
  return { docs: docs.slice(0, limit), more: docs.length > limit };
}

/** How many documents match, up to `cap` + 1 (so "1,000+" can be told from exactly 1,000). */
export function countStockDocs(db: Db, paths: StockPath[], cap: number): number {
  // One prefix path with more than `cap` matches settles it from its index alone (the last four digits of a
  // reception number: one reception a day in five years).
  for (const path of paths) if (path.prefixColumn && cappedCount(db, path, cap + 1) > cap) return cap + 1;
  const page = findStockDocs(db, paths, null, cap);
  return page.docs.length + (page.more ? 1 : 0);
}

function pathPage(db: Db, path: StockPath, cursor: number | null, limit: number): number[] {
  const fts = path.prefixColumn === undefined;
  const docColumn = fts ? 'f.rowid' : 's.doc';
  let sql = path.sql;
  // A path is read through its own index and its matches sorted (`+s.doc` keeps the planner from walking two million
  // documents in order hoping to meet a rare serial early) — unless a prefix matches thousands ("S001" is every
  // number of the store): then reading documents newest first and testing each finds a page sooner.
  let order = fts ? 'f.rowid DESC' : '+s.doc DESC';
  if (path.prefixColumn && manyMatches(db, path)) {
    sql = `FROM stock_search s WHERE +s.${path.prefixColumn} >= @lo AND +s.${path.prefixColumn} < @hi`;
    order = 's.doc DESC';
  }
  const after = cursor === null ? '' : `AND ${docColumn} < @cursor`;
  const params = { ...path.params, limit: limit + 1, ...(cursor === null ? {} : { cursor }) };
  return cachedStatement(db, `SELECT s.doc ${sql} ${after} ORDER BY ${order} LIMIT @limit`).pluck().all(params) as number[];
}

function cappedCount(db: Db, path: StockPath, cap: number): number {
  return cachedStatement(db, `SELECT COUNT(*) FROM (SELECT 1 ${path.sql} LIMIT ${cap})`).pluck().get(path.params) as number;
}

function manyMatches(db: Db, path: StockPath): boolean {
  return cappedCount(db, path, PREFIX_SORT_LIMIT) >= PREFIX_SORT_LIMIT;
}
