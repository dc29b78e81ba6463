import Database from 'better-sqlite3';
import { sqliteOpenOptions } from './sqlite-addon.ts';

export type Db = Database.Database;

/**
 * Opens the kiosk database with the durability settings money needs: WAL so readers never block the counter,
 * synchronous=FULL so a commit that paid a customer survives a power cut, foreign keys enforced.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file, sqliteOpenOptions());
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
