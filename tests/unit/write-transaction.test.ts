import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { WRITE_ATTEMPTS, writeTransaction } from '../../db/write-transaction.ts';

/** Another OS process that takes the write lock, says 'locked', holds it for holdMs, then commits. */
async function holdWriteLock(file: string, holdMs: number) {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
       db.exec('BEGIN IMMEDIATE'); db.prepare("INSERT INTO t (v) VALUES ('other')").run();
       process.stdout.write('locked\\n');
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`,
    ],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { done: new Promise<void>((resolve) => child.once('exit', () => resolve())), kill: () => child.kill() };
}

describe('writeTransaction (D-04: IMMEDIATE writes, bounded busy retry)', () => {
  const dirs: string[] = [];
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-wtx-'));
    dirs.push(dir);
    const file = join(dir, 'k.sqlite3');
    const db = openDatabase(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    return { db, file };
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('D-04 a read-then-write survives another connection committing in between, where DEFERRED fails at once', () => {
    const { db, file } = open();
    const other = new Database(file);
    const readThenWrite = () => {
      const n = (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
      // Only possible for the other connection while this one holds no write lock (DEFERRED).
      if (!db.prepare("SELECT 1 FROM t WHERE v = 'other'").get()) {
        try {
          other.prepare("INSERT INTO t (v) VALUES ('other')").run();
        } catch {
          // IMMEDIATE: the other connection is the one kept waiting.
        }
      }
      db.prepare('INSERT INTO t (v) VALUES (?)').run(String(n));
    };
    other.pragma('busy_timeout = 0');
    expect(() => db.transaction(readThenWrite)()).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));
    db.prepare("DELETE FROM t WHERE v = 'other'").run();
    expect(() => writeTransaction(db, readThenWrite)).not.toThrow();
    expect(db.prepare("SELECT COUNT(*) AS n FROM t WHERE v <> 'other'").get()).toEqual({ n: 1 });
    other.close();
    db.close();
  });

  it('D-04 tries again when another process held the lock past busy_timeout, and succeeds once it lets go', async () => {
    const { db, file } = open();
    db.pragma('busy_timeout = 100');
    const holder = await holdWriteLock(file, 250);
    let runs = 0;
    writeTransaction(db, () => {
      runs++;
      db.prepare("INSERT INTO t (v) VALUES ('counter')").run();
    });
    await holder.done;
    expect(runs).toBe(1);
    expect(db.prepare('SELECT v FROM t ORDER BY id').all()).toEqual([{ v: 'other' }, { v: 'counter' }]);
    db.close();
  });

  it(`D-04 gives up after ${WRITE_ATTEMPTS} tries with SQLITE_BUSY rather than hang, and changes nothing`, async () => {
    const { db, file } = open();
    db.pragma('busy_timeout = 20');
    const holder = await holdWriteLock(file, 10_000);
    const started = Date.now();
    try {
      expect(() => writeTransaction(db, () => db.prepare("INSERT INTO t (v) VALUES ('counter')").run())).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) }),
      );
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      holder.kill();
      await holder.done;
    }
    expect(db.prepare("SELECT COUNT(*) AS n FROM t WHERE v = 'counter'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('D-04 inside another transaction it is a savepoint: an inner failure leaves the outer writes', () => {
    const { db } = open();
    writeTransaction(db, () => {
      db.prepare("INSERT INTO t (v) VALUES ('outer')").run();
      expect(() =>
        writeTransaction(db, () => {
          db.prepare("INSERT INTO t (v) VALUES ('inner')").run();
          throw new Error('refused');
        }),
      ).toThrow('refused');
    });
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'outer' }]);
    db.close();
  });
});
