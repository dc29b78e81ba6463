/**
 * Keeps reception_search (db/migrations/030) and stock_search (032) in step with the receptions and the stock:
 * triggers mark what changed, this folds it.
 * The folding runs in JavaScript (main/search/fold.ts) through SQL functions registered on every connection, so one
 * statement builds documents for one reception after an edit or for two million after an upgrade.
 */
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import { FIELD_SEPARATOR, foldForSearch, phoneDigits, reverse } from './fold.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

/** Registers the folding functions the search statements use. Called by openDatabase for every connection. */
export function registerSearchFunctions(db: Db): void {
  const text = (value: unknown) => (typeof value === 'string' ? value : value == null ? '' : String(value));
  db.function('kiosk_fold', { deterministic: true }, (value: unknown) => foldForSearch(text(value)));
  db.function('kiosk_digits', { deterministic: true }, (value: unknown) => phoneDigits(text(value)));
  db.function('kiosk_reverse', { deterministic: true }, (value: unknown) => reverse(text(value)));
  // Each argument may hold several fields joined by U+001F (items, from group_concat); each field is folded alone
  // and the non-empty ones are joined again, so a match never runs from one field into the next.
  db.function('kiosk_search_body', { deterministic: true, varargs: true }, (...values: unknown[]) =>
    values
      .flatMap((value) => text(value).split(FIELD_SEPARATOR))
      .map(foldForSearch)
      .filter((field) => field !== '')
      .join(FIELD_SEPARATOR),
  );
}

const BUILD = `
  INSERT INTO reception_search (reception_id, body, name_key, kana_key, phone_key, phone_rev, number_rev)
  SELECT r.id,
         kiosk_search_body(
           COALESCE(c.name, r.seller_name), COALESCE(c.name_kana, r.seller_name_kana), COALESCE(c.member_number, ''),
           (SELECT group_concat(ri.name || char(31) || ri.maker || char(31) || ri.model || char(31) || ri.serial, char(31))
              FROM reception_items ri WHERE ri.reception_id = r.id)),
         kiosk_fold(COALESCE(c.name, r.seller_name)),
         kiosk_fold(COALESCE(c.name_kana, r.seller_name_kana)),
         kiosk_digits(COALESCE(NULLIF(c.phone, ''), r.seller_phone)),
         kiosk_reverse(kiosk_digits(COALESCE(NULLIF(c.phone, ''), r.seller_phone))),
         kiosk_reverse(r.number)
    FROM reception_search_pending p
    JOIN receptions r ON r.id = p.reception_id
    LEFT JOIN customers c ON c.id = r.customer_id
   WHERE p.seq <= @upTo
   ORDER BY p.seq
  ON CONFLICT (reception_id) DO UPDATE SET
    body = excluded.body, name_key = excluded.name_key, kana_key = excluded.kana_key, phone_key = excluded.phone_key,
    phone_rev = excluded.phone_rev, number_rev = excluded.number_rev`;

const STOCK_BUILD = `
  INSERT INTO stock_search (stock_item_id, body, name_key, number, number_rev)
  SELECT si.id,
         kiosk_search_body(si.name, ri.maker, ri.model, ri.serial),
         kiosk_fold(si.name),
         r.number,
         kiosk_reverse(r.number)
    FROM stock_search_pending p
    JOIN stock_items si ON si.id = p.stock_item_id
    JOIN reception_items ri ON ri.id = si.reception_item_id
    JOIN receptions r ON r.id = ri.reception_id
   WHERE p.seq <= @upTo
   ORDER BY p.seq
  ON CONFLICT (stock_item_id) DO UPDATE SET
    body = excluded.body, name_key = excluded.name_key, number = excluded.number, number_rev = excluded.number_rev`;

const CATALOG_BUILD = `
  INSERT INTO catalog_search (code, body, name_key)
  SELECT c.code, kiosk_search_body(c.name, c.maker, c.model), kiosk_fold(c.name)
    FROM catalog_search_pending p
    JOIN catalog_items c ON c.code = p.code
   WHERE p.seq <= @upTo
   ORDER BY p.seq
  ON CONFLICT (code) DO UPDATE SET body = excluded.body, name_key = excluded.name_key`;

/** A folded search table, the table its triggers mark rows in, and the trigram index that reads it (030, 032). */
interface SearchIndex {
  pending: string;
  documents: string;
  fts: string;
  ftsInsertTrigger: string;
  build: string;
}

const RECEPTION_INDEX: SearchIndex = {
  pending: 'reception_search_pending',
  documents: 'reception_search',
  fts: 'reception_fts',
  ftsInsertTrigger: 'reception_search_fts_insert',
  build: BUILD,
};
const STOCK_INDEX: SearchIndex = {
  pending: 'stock_search_pending',
  documents: 'stock_search',
  fts: 'stock_fts',
  ftsInsertTrigger: 'stock_search_fts_insert',
  build: STOCK_BUILD,
};

const CATALOG_INDEX: SearchIndex = {
  pending: 'catalog_search_pending',
  documents: 'catalog_search',
  fts: 'catalog_fts',
  ftsInsertTrigger: 'catalog_search_fts_insert',
  build: CATALOG_BUILD,
};

/**
 * Folds every reception marked since the last call (one transaction). Cheap when nothing is marked: searches call it
 * first, so a change made by any writer — this app, a second process, a sqlite3 shell — is found at once.
 * Returns how many documents were (re)built.
 */
export function refreshSearchIndex(db: Db): number {
  return foldMarked(db, RECEPTION_INDEX);
}

/** The same for the stock list's index (032): every stock item settled since the last call. */
export function refreshStockSearchIndex(db: Db): number {
  return foldMarked(db, STOCK_INDEX);
}

/** the same for the product catalog (060): entries learnt at settlement or published by HQ. */
export function refreshCatalogSearchIndex(db: Db): number {
  return foldMarked(db, CATALOG_INDEX);
}

function foldMarked(db: Db, index: SearchIndex): number {
  const last = cachedStatement(db, `SELECT MAX(seq) FROM ${index.pending}`).pluck();
  if (last.get() == null) return 0;
  const marked = cachedStatement(db, `SELECT COUNT(*) FROM ${index.pending}`).pluck().get() as number;
  // The first start after the upgrade folds every row (2 M in five years): with the default 2 MB page cache the key
  // indexes would be read from disk for nearly every row, so that one build gets a large cache.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  if (marked > BULK_ROWS) db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  try {
    return writeTransaction(db, () => {
      const upTo = last.get() as number | null;
      if (upTo == null) return 0;
      // Building the trigram index once from all documents costs about a third of adding them one by one, so an
      // empty index filled in bulk (the first start after the upgrade) is rebuilt instead — all in this transaction,
      // the trigger put back exactly as the migration wrote it.
      const bulk = marked > BULK_ROWS && db.prepare(`SELECT 1 FROM ${index.documents} LIMIT 1`).get() === undefined;
      const trigger = bulk
        ? (db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck().get(index.ftsInsertTrigger) as string | undefined)
        : undefined;
      if (trigger) db.exec(`DROP TRIGGER ${index.ftsInsertTrigger}`);
      const built = cachedStatement(db, index.build).run({ upTo }).changes;
      cachedStatement(db, `DELETE FROM ${index.pending} WHERE seq <= ?`).run(upTo);
      if (trigger) {
        db.exec(`INSERT INTO ${index.fts} (${index.fts}) VALUES ('rebuild')`);
        db.exec(trigger);
      }
      return built;
    });
  } finally {
    if (marked > BULK_ROWS) db.pragma(`cache_size = ${cacheSize}`);
  }
}

const BULK_ROWS = 10_000;
const BULK_CACHE_KIB = 1_048_576;
