import Database from 'better-sqlite3';
import { preparePrivateFile } from '../main/data-folder.ts';
import { sqliteOpenOptions } from './sqlite-addon.ts';

export type Db = Database.Database;

/**
 * Opens the kiosk database with the durability settings money needs: WAL so readers never block the counter,
 * synchronous=FULL so a commit that paid a customer survives a power cut, foreign keys enforced.
 * Issue 13 §6: the file is owner-only (0600), and deleted rows are overwritten, not just unlinked (secure_delete):
 * an outbox payload HQ acknowledged holds the seller's phone and address, and must not stay readable in free pages.
 * The WAL is cut back to nothing each time it restarts, so old page images of deleted rows do not linger there either.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') preparePrivateFile(file);
  const db = new Database(file, sqliteOpenOptions());
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  db.pragma('journal_size_limit = 0');
  return db;
}
