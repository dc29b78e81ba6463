import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { MIGRATIONS } from '../support/core.ts';

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-migrate-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('database and migrations (D-03, D-04)', () => {
  it('opens with WAL, synchronous=FULL and foreign keys on', () => {
    const db = openDatabase(join(tempDir(), 'k.sqlite3'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('applies every shipped migration in order and records the version', () => {
    const db = openDatabase(join(tempDir(), 'k.sqlite3'));
    const migrations = loadMigrations(MIGRATIONS);
    const { from, to } = migrate(db, migrations);
    expect(from).toBe(0);
    expect(to).toBe(migrations.at(-1)!.version);
    expect(db.pragma('user_version', { simple: true })).toBe(to);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(migrate(db, migrations)).toEqual({ from: to, to });
    db.close();
  });

  it('a failing migration leaves the database exactly as it was', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);');
    const db = openDatabase(join(dir, 'k.sqlite3'));
    migrate(db, loadMigrations(dir));
    writeFileSync(join(dir, '002_broken.sql'), 'CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (2); SELECT * FROM no_such_table;');
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/no such table/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'b'`).get()).toBeUndefined();
    expect(db.prepare('SELECT x FROM a').all()).toEqual([{ x: 1 }]);
    db.close();
  });

  it('refuses a database written by a newer build instead of guessing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE a (x INTEGER);');
    const db = openDatabase(join(dir, 'k.sqlite3'));
    db.pragma('user_version = 7');
    expect(() => migrate(db, loadMigrations(dir))).toThrow(/newer than this build/);
    db.close();
  });

  it('B-05 the audit log is append-only', () => {
    const db = openDatabase(join(tempDir(), 'k.sqlite3'));
    migrate(db, loadMigrations(MIGRATIONS));
    db.prepare(
      `INSERT INTO audit_log (id, at, action, entity, entity_id, prev_hash, hash) VALUES ('a', '2026-01-01T00:00:00Z', 'x', 'y', 'z', '0', '1')`,
    ).run();
    expect(() => db.prepare(`UPDATE audit_log SET action = 'forged'`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });
});
