import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { backupDatabase, checkDatabaseFile, restoreDatabase } from '../../main/services/backup.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-backup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A settlement-like pair: one order and its two lines, always written in one transaction. */
function makeDb(file: string, orders: number) {
  const db = openDatabase(file);
  db.exec(`
    CREATE TABLE orders (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
    CREATE TABLE lines (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), yen INTEGER NOT NULL);
    CREATE INDEX lines_order ON lines (order_id);
  `);
  db.pragma('user_version = 7');
  const insert = orderWriter(db);
  db.transaction(() => {
    for (let i = 0; i < orders; i++) insert();
  })();
  return { db, insert };
}

function orderWriter(db: Database.Database) {
  const order = db.prepare('INSERT INTO orders (note) VALUES (?)');
  const line = db.prepare('INSERT INTO lines (order_id, yen) VALUES (?, ?)');
  return db.transaction(() => {
    const id = Number(order.run('x'.repeat(400)).lastInsertRowid);
    line.run(id, 1000);
    line.run(id, 2000);
  });
}

function assertConsistent(file: string) {
  const db = new Database(file, { readonly: true });
  const { n, max } = db.prepare('SELECT COUNT(*) AS n, MAX(id) AS max FROM orders').get() as { n: number; max: number };
  const torn = db
    .prepare('SELECT COUNT(*) AS c FROM orders o WHERE (SELECT COUNT(*) FROM lines l WHERE l.order_id = o.id) <> 2')
    .get() as { c: number };
  const orphans = db.prepare('SELECT COUNT(*) AS c FROM lines WHERE order_id NOT IN (SELECT id FROM orders)').get() as {
    c: number;
  };
  db.close();
  expect(max).toBe(n); // no gap: a prefix of the committed history
  expect(torn.c).toBe(0);
  expect(orphans.c).toBe(0);
  return n;
}

describe('D-09 consistent online backup', () => {
  it('takes a consistent backup while the counter keeps writing', async () => {
    const { db, insert } = makeDb(path.join(dir, 'kiosk.sqlite3'), 20_000);
    let writes = 0;
    let running = true;
    const writer = () => {
      if (!running) return;
      insert();
      writes++;
      setImmediate(writer);
    };
    setImmediate(writer);
    const result = await backupDatabase(db, path.join(dir, 'backups', 'kiosk-backup.sqlite3'));
    running = false;
    const writesDuringBackup = writes;

    expect(writesDuringBackup).toBeGreaterThan(0);
    expect(result.userVersion).toBe(7);
    expect(result.bytes).toBeGreaterThan(1_000_000);
    expect(checkDatabaseFile(result.file)).toMatchObject({ ok: true, problems: [] });
    const n = assertConsistent(result.file);
    expect(n).toBeGreaterThanOrEqual(20_000);
    // Self-contained: a rollback-journal file with nothing beside it, and no temporary file left behind.
    expect(existsSync(`${result.file}-wal`)).toBe(false);
    expect(existsSync(path.join(dir, 'backups', `kiosk-backup.sqlite3.${process.pid}.partial`))).toBe(false);
    const check = new Database(result.file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
    db.close();
  });

  it('refuses to back up a database onto itself', async () => {
    const file = path.join(dir, 'kiosk.sqlite3');
    const { db } = makeDb(file, 1);
    await expect(backupDatabase(db, file)).rejects.toMatchObject({ code: 'BACKUP_SAME_FILE' });
    db.close();
  });
});

describe('D-09 restore checks integrity', () => {
  async function goodBackup() {
    const source = makeDb(path.join(dir, 'source.sqlite3'), 3_000);
    const backup = await backupDatabase(source.db, path.join(dir, 'good.sqlite3'));
    source.db.close();
    return backup.file;
  }

  function liveTarget() {
    const target = path.join(dir, 'live', 'kiosk.sqlite3');
    mkdirSync(path.dirname(target), { recursive: true });
    const { db } = makeDb(target, 5);
    return { target, db };
  }

  it('replaces the target with a verified backup and keeps the old one aside', async () => {
    const backup = await goodBackup();
    const { target, db } = liveTarget();
    orderWriter(db)(); // leave frames in the target's WAL
    db.close();
    writeFileSync(`${target}-wal`, 'stale wal from the replaced database');

    const result = restoreDatabase(backup, target, { now: () => new Date('2025-06-01T03:04:05Z') });

    expect(result).toMatchObject({ target, userVersion: 7 });
    expect(result.previousCopy).toBe(`${target}.before-restore-20250601T030405`);
    expect(existsSync(`${target}-wal`)).toBe(false);
    expect(assertConsistent(target)).toBe(3_000);
    expect(checkDatabaseFile(result.previousCopy!)).toMatchObject({ ok: true });
    const reopened = openDatabase(target);
    expect((reopened.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n).toBe(3_000);
    reopened.close();
  });

  it('refuses a corrupted backup and leaves the live database untouched', async () => {
    const backup = await goodBackup();
    const bytes = readFileSync(backup);
    // Scribble over pages in the middle of the file (b-tree pages of both tables).
    for (let offset = 8192; offset < bytes.length - 8192; offset += 16_384) bytes.fill(0xa5, offset, offset + 512);
    const corrupt = path.join(dir, 'corrupt.sqlite3');
    writeFileSync(corrupt, bytes);
    const { target, db } = liveTarget();
    db.close();
    const before = sha(target);

    expect(checkDatabaseFile(corrupt).ok).toBe(false);
    expect(() => restoreDatabase(corrupt, target)).toThrow(expect.objectContaining({ code: 'BACKUP_CORRUPT' }));
    expect(sha(target)).toBe(before);
    expect(assertConsistent(target)).toBe(5);
  });

  it.each([
    ['a text file', 'not a database at all\n'.repeat(100)],
    ['a truncated database', 'truncate'],
    ['an empty file', ''],
  ])('refuses %s', async (_name, content) => {
    const file = path.join(dir, 'bad.sqlite3');
    if (content === 'truncate') {
      const backup = await goodBackup();
      writeFileSync(file, readFileSync(backup).subarray(0, 10_000));
    } else {
      writeFileSync(file, content);
    }
    const { target, db } = liveTarget();
    db.close();
    const before = sha(target);
    expect(() => restoreDatabase(file, target)).toThrow(expect.objectContaining({ code: 'BACKUP_CORRUPT' }));
    expect(sha(target)).toBe(before);
  });

  it('refuses while the app has the database open', async () => {
    const backup = await goodBackup();
    const { target, db } = liveTarget();
    expect(() => restoreDatabase(backup, target)).toThrow(expect.objectContaining({ code: 'DATABASE_IN_USE' }));
    expect((db.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number }).n).toBe(5);
    db.close();
    expect(() => restoreDatabase(backup, target)).not.toThrow();
  });

  it('refuses a missing backup file', () => {
    expect(() => restoreDatabase(path.join(dir, 'nope.sqlite3'), path.join(dir, 'kiosk.sqlite3'))).toThrow(
      expect.objectContaining({ code: 'BACKUP_NOT_FOUND' }),
    );
  });

  it('restores onto an empty data folder (new PC)', async () => {
    const backup = await goodBackup();
    const target = path.join(dir, 'new-pc', 'kiosk.sqlite3');
    const result = restoreDatabase(backup, target);
    expect(result.previousCopy).toBeNull();
    expect(assertConsistent(target)).toBe(3_000);
  });
});
