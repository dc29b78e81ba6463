import type { Statement } from 'better-sqlite3';
import type { Db } from './open.ts';

const caches = new WeakMap<Db, Map<string, Statement>>();

/**
 * The prepared statement for this SQL text on this connection, prepared on first use and kept (STYLE.md 14):
 * preparing costs more than running a small statement, and hot paths (execute, search) run the same few texts.
 * Only for SQL built from fixed pieces, never from input, so the cache stays as small as the code's set of texts.
 */
export function cachedStatement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
