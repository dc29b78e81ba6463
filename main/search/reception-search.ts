/**
 * P-03 search at two million receptions: which receptions match what a clerk typed, newest first, a page at a time.
 *
 * A query is folded (fold.ts) and sent down every path that can answer it, each returning its newest documents past
 * the cursor in index order, so each costs about the page it returns:
 *  - three characters or more: the FTS5 trigram index (candidates), each checked with instr() on the folded body —
 *    every character literal, `%` and `_` included;
 *  - one or two characters: the start of the folded name or reading (a 2-character surname);
 *  - digits: the start or the end of the phone number; a reception number: its start or its end; a member number.
 * The union of the paths' pages, cut to one page, is the answer; the count is the same union capped at 1,000.
 */
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import { normaliseReceptionNumber } from '../domain/reception-number.ts';
import { characterCount, foldForSearch, looksLikePhone, phoneDigits, reverse } from './fold.ts';

/** Counts stop here: "1,000+" tells a clerk to narrow the search, an exact 48,210 would not help more. */
export const COUNT_CAP = 1_000;
/** Above this many name-prefix matches a scan in document order finds a page sooner than sorting the matches. */
export const PREFIX_SORT_LIMIT = 4_000;
/** Past the end of any string that starts with the prefix (prefix ranges are [p, p + this)). */
export const PREFIX_END = '\u{10FFFF}';

export interface SearchTerms {
  /** Anything: name (kanji, hiragana, katakana), phone, member number, item name, maker, model, serial. */
  keyword: string;
  /** A reception number, whole or its start or end. */
  number: string;
}

/** Filters applied to the reception row, written against alias `r`, with named parameters. */
export interface RowFilter {
  sql: string;
  params: Record<string, string | number>;
}

interface Path {
  /** FROM … WHERE … yielding s.doc; joined to `receptions r` for the filters. */
  sql: string;
  params: Record<string, string | number>;
}

export interface DocPage {
  docs: number[];
  /** More documents exist past the last one. */
  more: boolean;
}

/** True when the terms ask for anything at all (a query that folds to nothing asks for nothing, and finds nothing). */
export function hasTerms(terms: SearchTerms): boolean {
  return terms.keyword.trim() !== '' || terms.number.trim() !== '';
}

export function ftsQuery(folded: string): string {
  const chars = [...folded];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  // Each trigram quoted alone: with detail=none FTS5 takes no phrases, so all trigrams are ANDed and instr() checks order.
  return [...grams].map((gram) => `"${gram.replace(/"/g, '""')}"`).join(' AND ');
}

function prefixPath(column: string, prefix: string): Path {
  return { sql: `FROM reception_search s WHERE s.${column} >= @lo AND s.${column} < @hi`, params: { lo: prefix, hi: prefix + PREFIX_END } };
}

/** The paths that can answer the terms; an empty list means the terms can match nothing. */
export function searchPaths(terms: SearchTerms): Path[][] {
  const groups: Path[][] = [];
  const keyword = terms.keyword.trim();
  if (keyword) {
    const paths: Path[] = [];
    const folded = foldForSearch(keyword);
    const length = characterCount(folded);
    const phone = looksLikePhone(keyword) ? phoneDigits(keyword) : '';
    // Digits alone, 4–5 of them or 10 and more, are a phone number's end or a whole phone number: the phone keys
    // answer exactly, while their trigrams ("567", "678") sit in half the serials and models and would only add noise.
    const digitsOnly = phone !== '' && (phone.length < 6 || phone.length >= 10);
    if (length >= 3 && !digitsOnly) {
      paths.push({
        sql: `FROM reception_fts f JOIN reception_search s ON s.doc = f.rowid WHERE reception_fts MATCH @match AND instr(s.body, @folded) > 0`,
        params: { match: ftsQuery(folded), folded },
      });
    } else if (length > 0) {
      paths.push(prefixPath('name_key', folded), prefixPath('kana_key', folded));
    }
    if (phone) paths.push(prefixPath('phone_key', phone), prefixPath('phone_rev', reverse(phone)));
    const member = normaliseReceptionNumber(keyword);
    if (/^[A-Z0-9-]{2,}$/.test(member)) {
      paths.push({
        sql: `FROM customers c JOIN receptions rc ON rc.customer_id = c.id JOIN reception_search s ON s.reception_id = rc.id
               WHERE c.member_number = @member`,
        params: { member },
      });
    }
    // Reception numbers also answer the keyword box: a clerk scans the slip's barcode into whatever box has focus.
    if (/^[A-Z0-9-]{4,}$/.test(member) && /\d/.test(member)) paths.push(...numberPaths(member));
    groups.push(paths);
  }
  const number = normaliseReceptionNumber(terms.number);
  if (number) groups.push(numberPaths(number));
  return groups;
}

function numberPaths(number: string): Path[] {
  return [
    {
      sql: `FROM receptions rn JOIN reception_search s ON s.reception_id = rn.id WHERE rn.number >= @lo AND rn.number < @hi`,
      params: { lo: number, hi: number + PREFIX_END },
    },
    prefixPath('number_rev', reverse(number)),
  ];
}

interface PageRequest {
  /** Documents strictly past this one in the order asked for; null from the start. */
  cursor: number | null;
  direction: 'asc' | 'desc';
  limit: number;
}

/**
 * The next page of matching documents. With both a keyword and a number a document must match both: the number's
 * matches are few (a number names few receptions), so they are found first and narrow the keyword's paths.
 */
export function findDocs(db: Db, groups: Path[][], filter: RowFilter, page: PageRequest): DocPage {
  if (groups.length === 0 || groups.some((paths) => paths.length === 0)) return { docs: [], more: false };
  let where = filter;
  for (const narrowing of groups.slice(1)) {
    const allowed = findDocs(db, [narrowing], filter, { cursor: null, direction: 'desc', limit: COUNT_CAP * 10 }).docs;
    where = {
      sql: [where.sql, 's.doc IN (SELECT value FROM json_each(@allowedDocs))'].filter(Boolean).join(' AND '),
      params: { ...where.params, allowedDocs: JSON.stringify(allowed) },
    };
  }
  const found = new Set<number>();
  for (const path of groups[0]!) {
    for (const doc of pathPage(db, path, where, page)) found.add(doc);
  }
  const docs = [...found].sort((a, b) => (page.direction === 'desc' ? b - a : a - b));
  return { docs: docs.slice(0, page.limit), more: docs.length > page.limit };
}

/** How many documents match, up to COUNT_CAP + 1 (so "1,000+" can be told from exactly 1,000). */
export function countDocs(db: Db, groups: Path[][], filter: RowFilter): number {
  // Without filters, one prefix path with more than 1,000 matches settles it from its index alone ("田中": 50,000).
  if (!filter.sql && groups.length === 1) {
    for (const path of groups[0]!) {
      const prefix = /^FROM reception_search s WHERE s\.(\w+) >= @lo AND s\.\1 < @hi$/.exec(path.sql);
      if (prefix && cappedPrefixCount(db, prefix[1]!, path.params, COUNT_CAP + 1) > COUNT_CAP) return COUNT_CAP + 1;
    }
  }
  const page = findDocs(db, groups, filter, { cursor: null, direction: 'desc', limit: COUNT_CAP });
  return page.docs.length + (page.more ? 1 : 0);
}

function cappedPrefixCount(db: Db, column: string, params: Path['params'], cap: number): number {
  return cachedStatement(db, `SELECT COUNT(*) FROM (SELECT 1 FROM reception_search s WHERE s.${column} >= @lo AND s.${column} < @hi LIMIT ${cap})`)
    .pluck()
    .get(params) as number;
}

function manyMatches(db: Db, column: string, params: Path['params']): boolean {
  return cappedPrefixCount(db, column, params, PREFIX_SORT_LIMIT) >= PREFIX_SORT_LIMIT;
}

/** One path's page: its first `limit + 1` documents past the cursor, in document order, that pass the filter. */
function pathPage(db: Db, path: Path, where: RowFilter, page: PageRequest): number[] {
  const fts = path.sql.includes('reception_fts f');
  const direction = page.direction === 'desc' ? 'DESC' : 'ASC';
  const docColumn = fts ? 'f.rowid' : 's.doc';
  const cursor = page.cursor === null ? '' : `AND ${docColumn} ${page.direction === 'desc' ? '<' : '>'} @cursor`;
  const rowFilter = where.sql ? `AND EXISTS (SELECT 1 FROM receptions r WHERE r.id = s.reception_id AND ${where.sql})` : '';
  let sql = path.sql;
  // By default a path is read through its own index and its matches sorted (`+s.doc` keeps the planner from
  // walking all two million documents in order instead, hoping to meet a rare phone number early).
  let order = fts ? `f.rowid ${direction}` : `+s.doc ${direction}`;
  const prefix = /^FROM reception_search s WHERE s\.(\w+) >= @lo AND s\.\1 < @hi$/.exec(sql);
  if (prefix && manyMatches(db, prefix[1]!, path.params)) {
    // A short prefix ("田中", "0901") can match tens of thousands: reading documents newest first and testing each
    // then finds a page sooner than sorting every match.
    sql = `FROM reception_search s WHERE +s.${prefix[1]} >= @lo AND +s.${prefix[1]} < @hi`;
    order = `s.doc ${direction}`;
  }
  const params = { ...where.params, ...path.params, limit: page.limit + 1, ...(page.cursor === null ? {} : { cursor: page.cursor }) };
  return cachedStatement(db, `SELECT s.doc ${sql} ${cursor} ${rowFilter} ORDER BY ${order} LIMIT @limit`).pluck().all(params) as number[];
}
