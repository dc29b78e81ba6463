/**
 * Keeps reception_search (db/migrations/030) in step with the receptions: triggers mark what changed, this folds it.
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

/**
 * Folds every reception marked since the last call (one transaction). Cheap when nothing is marked: searches call it
 * first, so a change made by any writer — this app, a second process, a sqlite3 shell — is found at once.
 * Returns how many documents were (re)built.
 */
export function refreshSearchIndex(db: Db): number {
  const last = cachedStatement(db, 'SELECT MAX(seq) FROM reception_search_pending').pluck();
  if (last.get() == null) return 0;
  const marked = cachedStatement(db, 'SELECT COUNT(*) FROM reception_search_pending').pluck().get() as number;
  // The first start after the upgrade folds every reception (2 M in five years): with the default 2 MB page cache the
  // five key indexes would be read from disk for nearly every row, so that one build gets a large cache.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  if (marked > BULK_ROWS) db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  try {
    return writeTransaction(db, () => {
      const upTo = last.get() as number | null;
      if (upTo == null) return 0;
      // Building the trigram index once from all documents costs about a third of adding them one by one, so an
      // empty index filled in bulk (the first start after the upgrade) is rebuilt instead — all in this transaction,
      // the trigger put back exactly as the migration wrote it.
      const bulk = marked > BULK_ROWS && db.prepare('SELECT 1 FROM reception_search LIMIT 1').get() === undefined;
      const trigger = bulk
        ? (db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'reception_search_fts_insert'`).pluck().get() as string | undefined)
        : undefined;
      if (trigger) db.exec('DROP TRIGGER reception_search_fts_insert');
      const built = cachedStatement(db, BUILD).run({ upTo }).changes;
      cachedStatement(db, 'DELETE FROM reception_search_pending WHERE seq <= ?').run(upTo);
      if (trigger) {
        db.exec(`INSERT INTO reception_fts (reception_fts) VALUES ('rebuild')`);
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
