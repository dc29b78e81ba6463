/**
 * P-03: the reception list at two million receptions — filter, search, sort and page, each page read through an index
 * from where the last one ended (keyset paging: page 1,000 costs what page 1 costs), with counts capped at 1,000.
 */
import { z } from 'zod';
import { tokyoDayStartUtc, tokyoDaysUtc } from '../../common/tokyo-time.ts';
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import type { KeysetPage, ReceptionListRow, ReceptionStatus } from '../../preload/types.ts';
import { settlementEligibility } from '../domain/eligibility.ts';
import { KioskError } from '../errors.ts';
import { refreshSearchIndex } from '../search/index.ts';
import { COUNT_CAP, countDocs, findDocs, hasTerms, type RowFilter, searchPaths } from '../search/reception-search.ts';

export interface ListQuery {
  /** Anything a clerk types: name in kanji, hiragana or katakana, phone, member number, item, maker, model, serial. */
  keyword: string;
  /** Older name of the keyword box; searched the same way. */
  customer: string;
  number: string;
  staffId: string;
  status: ReceptionStatus[];
  dateFrom: string;
  dateTo: string;
  sort: 'createdAt' | 'number' | 'total' | 'status';
  direction: 'asc' | 'desc';
  /** Where the previous page ended (its `next`); empty for the first page. */
  cursor: string;
  pageSize: number;
}

/**
 * Sort keys, chosen from this map and never built from input (STYLE.md 6). Each ends in the row id so the order is
 * total and a page can start strictly after the last row shown; each has an index in that order (migration 030).
 */
const SORT_KEYS: Record<ListQuery['sort'], string[]> = {
  createdAt: ['r.created_at'],
  number: ['r.number'],
  total: ['(r.items_total + r.adjustment_amount)'],
  status: ['r.status', 'r.created_at'],
};

const cursorSchema = z.union([
  z.tuple([z.literal('doc'), z.number().int()]),
  z.tuple([z.literal('key'), z.array(z.union([z.string(), z.number()])).max(3), z.number().int()]),
]);
type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string): Cursor | null {
  if (!text) return null;
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new KioskError('INVALID_INPUT', { fields: { cursor: 'validation.cursor' } });
  }
}

const ROW_COLUMNS = `r.rowid AS row_id, r.id, r.number, r.status, r.version, COALESCE(c.name, r.seller_name) AS seller_name,
  COALESCE(NULLIF(c.phone, ''), r.seller_phone) AS seller_phone, c.member_number, st.name AS staff_name, r.item_count,
  r.items_total + r.adjustment_amount AS total, r.suspected_stolen, r.created_at, r.updated_at,
  COALESCE(r.changed_by_terminal, (SELECT code FROM terminals WHERE id = r.terminal_id)) AS changed_by`;
// CROSS JOIN keeps receptions the outer loop: with receptions(staff_id) indexed the planner would otherwise start from
// the few staff rows and sort every reception (24 s at 2 M) instead of walking the sort key's index.
const ROW_JOINS = 'CROSS JOIN staff st ON st.id = r.staff_id LEFT JOIN customers c ON c.id = r.customer_id';

interface Row {
  row_id: number;
  doc?: number;
  id: string;
  number: string;
  status: ReceptionStatus;
  version: number;
  seller_name: string;
  seller_phone: string;
  member_number: string | null;
  staff_name: string;
  item_count: number;
  total: number;
  suspected_stolen: number;
  created_at: string;
  changed_by: string;
  status_key?: string;
}

function toListRow(r: Row): ReceptionListRow {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    version: r.version,
    sellerName: r.seller_name,
    sellerPhone: r.seller_phone,
    memberNumber: r.member_number,
    staffName: r.staff_name,
    itemCount: r.item_count,
    total: r.total,
    suspectedStolen: r.suspected_stolen === 1,
    settleable: settlementEligibility({ status: r.status, itemCount: r.item_count, suspectedStolen: r.suspected_stolen === 1 }).settleable,
    createdAt: r.created_at,
    changedBy: r.changed_by,
  };
}

function rowFilter(query: ListQuery): RowFilter {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (query.staffId) {
    where.push('r.staff_id = @staffId');
    params.staffId = query.staffId;
  }
  if (query.status.length > 0) {
    where.push(`r.status IN (${query.status.map((status, i) => {
      params[`status${i}`] = status;
      return `@status${i}`;
    }).join(', ')})`);
  }
  if (query.dateFrom) {
    where.push('r.created_at >= @from');
    params.from = tokyoDayStartUtc(query.dateFrom);
  }
  if (query.dateTo) {
    where.push('r.created_at < @to');
    params.to = tokyoDaysUtc(query.dateTo, query.dateTo).to;
  }
  return { sql: where.join(' AND '), params };
}

export function listReceptions(db: Db, query: ListQuery): KeysetPage<ReceptionListRow> {
  const terms = { keyword: query.keyword || query.customer, number: query.number };
  const filter = rowFilter(query);
  const cursor = decodeCursor(query.cursor);
  if (hasTerms(terms)) {
    // Whatever wrote since the last search (this app, another process) is folded in first.
    refreshSearchIndex(db);
    const groups = searchPaths(terms);
    if (query.sort === 'createdAt') return newestMatches(db, groups, filter, query, cursor);
    return sortedMatches(db, groups, filter, query, cursor);
  }
  return keysetList(db, filter, query, cursor);
}

/** A search in entry order (newest or oldest first): pages of documents straight from the search paths. */
function newestMatches(db: Db, groups: ReturnType<typeof searchPaths>, filter: RowFilter, query: ListQuery, cursor: Cursor | null): KeysetPage<ReceptionListRow> {
  const after = cursor?.[0] === 'doc' ? cursor[1] : null;
  const page = findDocs(db, groups, filter, { cursor: after, direction: query.direction, limit: query.pageSize });
  const rows = rowsForDocs(db, page.docs);
  const counted = after === null && !page.more ? page.docs.length : countDocs(db, groups, filter);
  const last = page.docs.at(-1);
  return {
    rows: rows.map(toListRow),
    total: Math.min(counted, COUNT_CAP),
    totalCapped: counted > COUNT_CAP,
    pageSize: query.pageSize,
    next: page.more && last !== undefined ? encodeCursor(['doc', last]) : null,
    sortedWithinCap: false,
  };
}

/**
 * A search sorted by something else (total, number, status): the newest 1,000 matches are sorted. Beyond that the
 * screen says so ("sorted among the newest 1,000"), since sorting 100,000 matches would cost what the cap avoids.
 */
function sortedMatches(db: Db, groups: ReturnType<typeof searchPaths>, filter: RowFilter, query: ListQuery, cursor: Cursor | null): KeysetPage<ReceptionListRow> {
  const matches = findDocs(db, groups, filter, { cursor: null, direction: 'desc', limit: COUNT_CAP });
  const docs: RowFilter = { sql: 'r.rowid IN (SELECT r2.rowid FROM reception_search s JOIN receptions r2 ON r2.id = s.reception_id WHERE s.doc IN (SELECT value FROM json_each(@docs)))', params: { docs: JSON.stringify(matches.docs) } };
  const page = keysetList(db, { sql: docs.sql, params: docs.params }, query, cursor);
  const counted = matches.docs.length + (matches.more ? 1 : 0);
  return { ...page, total: Math.min(counted, COUNT_CAP), totalCapped: counted > COUNT_CAP, sortedWithinCap: matches.more };
}

/** No search terms: the rows in the sort key's index order, from just past the cursor. */
function keysetList(db: Db, filter: RowFilter, query: ListQuery, cursor: Cursor | null): KeysetPage<ReceptionListRow> {
  const keys = SORT_KEYS[query.sort];
  const desc = query.direction === 'desc';
  const order = [...keys, 'r.rowid'].map((key) => `${key} ${desc ? 'DESC' : 'ASC'}`).join(', ');
  const where = filter.sql ? [filter.sql] : [];
  const params: Record<string, string | number> = { ...filter.params, limit: query.pageSize + 1 };
  if (cursor) {
    if (cursor[0] !== 'key' || cursor[1].length !== keys.length) throw new KioskError('INVALID_INPUT', { fields: { cursor: 'validation.cursor' } });
    cursor[1].forEach((value, i) => {
      params[`k${i}`] = value;
    });
    params.rowId = cursor[2];
    where.push(`(${[...keys, 'r.rowid'].join(', ')}) ${desc ? '<' : '>'} (${keys.map((_, i) => `@k${i}`).join(', ')}, @rowId)`);
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const selected = cachedStatement(
    db,
    `SELECT ${ROW_COLUMNS}, ${keys.map((key, i) => `${key} AS key${i}`).join(', ')}
       FROM receptions r ${ROW_JOINS} ${whereSql} ORDER BY ${order} LIMIT @limit`,
  ).all(params) as (Row & Record<string, string | number>)[];
  const more = selected.length > query.pageSize;
  const rows = selected.slice(0, query.pageSize);
  const last = rows.at(-1);
  const counted = !cursor && !more
    ? rows.length
    : (cachedStatement(db, `SELECT COUNT(*) AS n FROM (SELECT 1 FROM receptions r ${filter.sql ? `WHERE ${filter.sql}` : ''} LIMIT ${COUNT_CAP + 1})`).get(filter.params) as { n: number }).n;
  return {
    rows: rows.map(toListRow),
    total: Math.min(counted, COUNT_CAP),
    totalCapped: counted > COUNT_CAP,
    pageSize: query.pageSize,
    next: more && last ? encodeCursor(['key', keys.map((_, i) => last[`key${i}`] as string | number), last.row_id]) : null,
    sortedWithinCap: false,
  };
}

function rowsForDocs(db: Db, docs: number[]): Row[] {
  if (docs.length === 0) return [];
  const rows = cachedStatement(
    db,
    `SELECT s.doc, ${ROW_COLUMNS} FROM reception_search s JOIN receptions r ON r.id = s.reception_id ${ROW_JOINS}
      WHERE s.doc IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(docs)) as Row[];
  const byDoc = new Map(rows.map((row) => [row.doc!, row]));
  return docs.map((doc) => byDoc.get(doc)).filter((row): row is Row => row !== undefined);
}
