import type { Db } from './open.ts';

/** How often a write that found the database locked is tried in all (each try already waits out busy_timeout). */
export const WRITE_ATTEMPTS = 4;
const PAUSE_MS = 25;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * D-04, D-06: the one way a write transaction starts. It begins IMMEDIATE, i.e. takes SQLite's write lock before its
 * first read: a DEFERRED transaction that reads and then writes fails at once with SQLITE_BUSY(_SNAPSHOT) when another
 * connection (the sync worker, a second process) committed in between, and busy_timeout cannot help that upgrade.
 * Waiting for the lock is busy_timeout's job; should a write still find the database busy (another process held the
 * lock longer than that), the whole transaction runs again, a bounded number of times, before the error reaches the
 * caller. That is safe because a busy transaction was rolled back whole and `fn` only touches this database.
 * Called inside another transaction it is a savepoint of that one, and never retried on its own.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return db.transaction(fn).immediate();
  for (let attempt = 1; ; attempt++) {
    try {
      return db.transaction(fn).immediate();
    } catch (error) {
      if (!isBusy(error) || attempt >= WRITE_ATTEMPTS) throw error;
      // Synchronous on purpose: better-sqlite3 is synchronous, and the caller holds no lock while it waits.
      Atomics.wait(sleeper, 0, 0, PAUSE_MS * attempt + Math.floor(Math.random() * PAUSE_MS));
    }
  }
}

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
