/** STYLE.md 15: migration 020 rebuilds the outbox; insert on the old schema, migrate, assert nothing was lost. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../db/migrate.ts';
import { type Db, openDatabase } from '../../../db/open.ts';
import { MIGRATIONS_DIR } from '../../hq/support/kiosk.ts';

let dir: string | undefined;
let db: Db | undefined;
afterEach(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = undefined;
  dir = undefined;
});

describe('020 outbox kinds (issue 13 §6)', () => {
  it('D-06 keeps every queued row, its seq, its error and its set-aside mark, and the AUTOINCREMENT counter', () => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-020-'));
    db = openDatabase(join(dir, 'kiosk.sqlite3'));
    const all = loadMigrations(MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version < 20),
    );
    const insert = db.prepare(
      `INSERT INTO outbox (id, kind, aggregate_id, payload, created_at, attempts, last_error, next_attempt_at, dead_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 1; i <= 5; i++) {
      insert.run(`row-${i}`, i === 4 ? 'cancellation' : 'settlement', `agg-${i}`, `{"n":${i}}`, `2026-11-27T0${i}:00:00.000Z`, i, i === 2 ? 'HTTP_500' : null, null, i === 3 ? '2026-11-27T05:00:00.000Z' : null);
    }
    // Acknowledged rows leave: the counter stays above every seq ever handed out.
    db.prepare("DELETE FROM outbox WHERE id IN ('row-1', 'row-5')").run();
    const before = db.prepare('SELECT * FROM outbox ORDER BY seq').all();

    migrate(db, all);
    const after = db
      .prepare('SELECT seq, id, kind, aggregate_id, payload, created_at, attempts, last_error, next_attempt_at, dead_at FROM outbox ORDER BY seq')
      .all();
    expect(after).toEqual(before);
    expect(db.prepare('SELECT strikes, last_failed_at FROM outbox').all()).toEqual(
      Array.from({ length: 3 }, () => ({ strikes: 0, last_failed_at: null })),
    );
    const next = db
      .prepare("INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES ('row-6', 'ledger_correction', 'agg-6', '{}', '2026-11-28T00:00:00.000Z')")
      .run();
    expect(Number(next.lastInsertRowid)).toBe(6);
    db.prepare("INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES ('row-7', 'ec_publish_change', 'agg-7', '{}', '2026-11-28T00:00:00.000Z')").run();
    expect(() =>
      db!.prepare("INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES ('row-8', 'refund', 'agg-8', '{}', '2026-11-28T00:00:00.000Z')").run(),
    ).toThrow(/CHECK constraint/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name = 'outbox_pending'").get()).toBeDefined();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('080 reception outbox kind (issue 19)', () => {
  it('N-01 keeps every queued row with its strikes and the AUTOINCREMENT counter, and accepts reception changes', () => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-080-'));
    db = openDatabase(join(dir, 'kiosk.sqlite3'));
    const all = loadMigrations(MIGRATIONS_DIR);
    migrate(
      db,
      all.filter((m) => m.version < 80),
    );
    const insert = db.prepare(
      `INSERT INTO outbox (id, kind, aggregate_id, payload, created_at, attempts, last_error, dead_at, strikes, last_failed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 1; i <= 4; i++) {
      insert.run(`row-${i}`, i === 2 ? 'ec_publish_change' : 'settlement', `agg-${i}`, `{"n":${i}}`, `2026-11-27T0${i}:00:00.000Z`, i, i === 3 ? 'HTTP_500' : null, i === 3 ? '2026-11-27T05:00:00.000Z' : null, i === 3 ? 5 : 0, i === 3 ? '2026-11-27T04:00:00.000Z' : null);
    }
    db.prepare("DELETE FROM outbox WHERE id = 'row-4'").run();
    const before = db.prepare('SELECT * FROM outbox ORDER BY seq').all();
    expect(() =>
      db!.prepare("INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES ('early', 'reception', 'agg-early', '{}', '2026-11-28T00:00:00.000Z')").run(),
    ).toThrow(/CHECK constraint/);

    migrate(db, all);
    expect(db.prepare('SELECT * FROM outbox ORDER BY seq').all()).toEqual(before);
    const next = db
      .prepare("INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES ('row-5', 'reception', 'agg-5', '{}', '2026-11-28T00:00:00.000Z')")
      .run();
    expect(Number(next.lastInsertRowid)).toBe(5);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name = 'outbox_pending'").get()).toBeDefined();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
