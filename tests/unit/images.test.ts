import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { DATABASE_FILE } from '../../main/core.ts';
import { backupDatabase, restoreDatabase } from '../../main/services/backup.ts';
import { DEMO_SIGNATURE_PNG } from '../../main/services/demo.ts';
import { IMAGES_FILE } from '../../main/services/image-store.ts';
import { executeRequest, MIGRATIONS, startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { undoAppraisalMigrations } from '../support/undo-appraisal-migrations.ts';
import { runAndKill } from '../support/kill-child.ts';

const cores: TestCore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const cheap = { categoryId: 'cloth-men', name: 'シャツ', grade: 'B' as const, quantity: 1, unitPrice: 3000 };
const tick = () => new Promise((done) => setImmediate(done));

async function settledWithSignature(t: TestCore) {
  const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  await t.ok('appraisal:addItem', { receptionId: r.id, item: cheap });
  const appraised = await t.ok('appraisal:complete', { receptionId: r.id });
  await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: DEMO_SIGNATURE_PNG });
  return t.ok('settlement:execute', executeRequest(appraised));
}

/** A raw look at both files, as a sqlite3 shell would have it. */
function inspect(dataDir: string) {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  db.prepare('ATTACH DATABASE ? AS images').run(join(dataDir, IMAGES_FILE));
  const q = (sql: string) => db.prepare(sql).pluck().get() as number;
  const state = {
    pending: q('SELECT COUNT(*) FROM main.settlement_images_pending'),
    moved: q('SELECT COUNT(*) FROM images.settlement_images'),
    settlementsWithoutImage: q(`SELECT COUNT(*) FROM settlements s WHERE NOT EXISTS (SELECT 1 FROM images.settlement_images i WHERE i.settlement_id = s.id)
                                   AND NOT EXISTS (SELECT 1 FROM main.settlement_images_pending p WHERE p.settlement_id = s.id)`),
    imagesWithoutSettlement: q(`SELECT COUNT(*) FROM (SELECT settlement_id FROM images.settlement_images UNION ALL SELECT settlement_id FROM main.settlement_images_pending) i
                                 WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.id = i.settlement_id)`),
  };
  db.close();
  return state;
}

describe('B-04 S-11 ID photos and signatures in images.sqlite3 (issue 14)', () => {
  it('moves a settlement’s images out of the kiosk database right after the commit, and still shows them to staff', async () => {
    const t = await startTestCore();
    cores.push(t);
    const result = await settledWithSignature(t);
    const image = result.reception.settlement!.images[0]!;
    expect((await t.ok('settlement:image', { imageId: image.id })).dataUrl).toBe(DEMO_SIGNATURE_PNG);
    await tick();
    await tick();
    expect(inspect(t.dataDir)).toMatchObject({ pending: 0, settlementsWithoutImage: 0, imagesWithoutSettlement: 0 });
    expect(inspect(t.dataDir).moved).toBeGreaterThanOrEqual(1);
    expect((await t.ok('settlement:image', { imageId: image.id })).dataUrl).toBe(DEMO_SIGNATURE_PNG);
    expect((await t.ok('reception:get', { id: result.reception.id })).settlement!.images).toEqual([image]);
  });

  it('insert at 010, migrate, assert: images stored before the upgrade move into images.sqlite3 and still open', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-images-migrate-'));
    dirs.push(dataDir);
    const key = Buffer.alloc(32, 3);
    // The database as the previous version left it: an image inside kiosk.sqlite3.
    const first = await startTestCore({ dataDir, keyProvider: { keyId: 'k', getKey: () => key } } as never);
    cores.push(first);
    const result = await settledWithSignature(first);
    const image = result.reception.settlement!.images[0]!;
    await first.core.close();
    cores.splice(0);
    // Put it back the way 010 kept it: the table under its old name, holding the image, and no later tables (040, 045, 050,
    // 070) and no outbox rows of a kind that did not exist yet (080's reception changes).
    const old = openDatabase(join(dataDir, DATABASE_FILE));
    old.prepare('ATTACH DATABASE ? AS images').run(join(dataDir, IMAGES_FILE));
    old.exec(`INSERT INTO main.settlement_images_pending SELECT * FROM images.settlement_images; DELETE FROM images.settlement_images;
              ALTER TABLE settlement_images_pending RENAME TO settlement_images;
              DROP TABLE till_checks; DROP TABLE bank_transfers; DROP TABLE till_movements; DROP TABLE till_sessions;
              DROP TABLE document_issues; DROP TABLE statement_snapshots; ALTER TABLE stores DROP COLUMN public_safety_commission;
              DROP TABLE settlement_confirmations; DELETE FROM outbox WHERE kind IN ('reception', 'member');
              DROP TABLE store_feed_state; ALTER TABLE receptions DROP COLUMN changed_by_terminal; ALTER TABLE customers DROP COLUMN from_terminal;
              ALTER TABLE terminals DROP COLUMN remote; ALTER TABLE staff DROP COLUMN remote;
              PRAGMA user_version = 30;`);
    undoAppraisalMigrations(old);
    const stored = old.prepare('SELECT COUNT(*) FROM main.settlement_images').pluck().get() as number;
    old.close();
    rmSync(join(dataDir, IMAGES_FILE));
    const again = await startTestCore({ dataDir: dataDir, keyProvider: { keyId: 'k', getKey: () => key }, signIn: 'clerk' } as never);
    cores.push(again);
    await tick();
    expect(stored).toBeGreaterThanOrEqual(2);
    expect(inspect(dataDir)).toMatchObject({ pending: 0, moved: stored, settlementsWithoutImage: 0, imagesWithoutSettlement: 0 });
    expect((await again.ok('settlement:image', { imageId: image.id })).dataUrl).toBe(DEMO_SIGNATURE_PNG);
  });

  it('D-09 a backup carries the images file and a restore brings both back; images newer than the database are swept, audited', async () => {
    const t = await startTestCore();
    cores.push(t);
    const kept = await settledWithSignature(t);
    await tick();
    const backup = await backupDatabase(t.core.db, join(t.dataDir, 'backups', 'kiosk-backup.sqlite3'));
    expect(backup.imagesFile).toBe(join(t.dataDir, 'backups', 'kiosk-backup.images.sqlite3'));
    expect(existsSync(backup.imagesFile!)).toBe(true);
    const later = await settledWithSignature(t);
    await tick();
    await t.core.close();
    restoreDatabase(backup.file, join(t.dataDir, DATABASE_FILE));
    await t.reopen();
    await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    await tick();
    const keptImage = kept.reception.settlement!.images[0]!;
    expect((await t.ok('settlement:image', { imageId: keptImage.id })).dataUrl).toBe(DEMO_SIGNATURE_PNG);
    // The later settlement is not in the restored database: its image has no record left and was removed.
    const lost = await t.call('settlement:image', { imageId: later.reception.settlement!.images[0]!.id });
    expect(lost.ok || lost.error.code).toBe('IMAGE_NOT_FOUND');
    expect(inspect(t.dataDir)).toMatchObject({ settlementsWithoutImage: 0, imagesWithoutSettlement: 0 });
  });

  it('B-02 purges images whose 3-year retention has ended (法18条), audited, and keeps younger ones', async () => {
    const t = await startTestCore();
    cores.push(t);
    t.clock.set('2023-11-20T03:00:00Z');
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const old = await settledWithSignature(t);
    t.clock.set('2023-12-01T03:00:00Z');
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const young = await settledWithSignature(t);
    t.clock.set('2026-11-27T03:00:00Z');
    await t.reopen();
    await tick();
    await tick();
    const db = t.core.db;
    const images = db.prepare('SELECT settlement_id FROM settlement_images').pluck().all();
    expect(images).not.toContain(old.reception.settlement!.id);
    expect(images).toContain(young.reception.settlement!.id);
    const audit = db.prepare(`SELECT detail FROM audit_log WHERE action = 'images.purge_expired'`).pluck().all() as string[];
    expect(audit.map((d) => JSON.parse(d))).toEqual([{ settledUpTo: '2023-11-20', retentionYears: 3, count: 1 }]);
    // The settlement itself is a ledger record and stays.
    expect(db.prepare('SELECT COUNT(*) FROM settlements WHERE id = ?').pluck().get(old.reception.settlement!.id)).toBe(1);
  });
});

describe('B-06 images survive a kill mid-execute or mid-move', () => {
  const CHILD = resolve(import.meta.dirname, '../support/image-execute-child.ts');

  it('a settlement never points at a missing image, and after the next start no image is kept twice or without its settlement', async () => {
    const key = Buffer.alloc(32, 9);
    const t = await startTestCore({ keyProvider: { keyId: 'test', getKey: () => key } } as never);
    cores.push(t);
    for (let i = 0; i < 24; i++) {
      const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: 'image-crash' });
      await t.ok('appraisal:addItem', { receptionId: r.id, item: cheap });
      await t.ok('appraisal:complete', { receptionId: r.id });
    }
    await t.core.close();
    let kills = 0;
    for (let round = 0; round < 4; round++) {
      const { killed } = await runAndKill({
        script: CHILD,
        args: [t.dataDir, key.toString('hex')],
        stepLine: 'executing',
        after: 2 + (round % 3),
        delayMs: round % 3,
      });
      if (killed) kills++;
      expect(inspect(t.dataDir)).toMatchObject({ settlementsWithoutImage: 0, imagesWithoutSettlement: 0 });
    }
    expect(kills).toBeGreaterThan(0);
    await t.reopen();
    await tick();
    const state = inspect(t.dataDir);
    expect(state).toMatchObject({ pending: 0, settlementsWithoutImage: 0, imagesWithoutSettlement: 0 });
    const settled = t.core.db.prepare(`SELECT COUNT(*) FROM settlements s JOIN receptions r ON r.id = s.reception_id WHERE r.note = 'image-crash'`).pluck().get() as number;
    expect(settled).toBeGreaterThan(0);
    // One image per settlement (the demo settlement's included): none kept twice.
    expect(state.moved).toBe(t.core.db.prepare('SELECT COUNT(*) FROM settlements').pluck().get());
  }, 240_000);
});

// The migration test builds on the real migration list; make sure 031 is the one that renames.
it('migration 031 renames the table and keeps its rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-031-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'k.sqlite3'));
  const all = loadMigrations(MIGRATIONS);
  migrate(db, all.filter((m) => m.version < 31));
  expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'settlement_images'`).pluck().get()).toBe(1);
  migrate(db, all);
  expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'settlement_images_pending'`).pluck().get()).toBe(1);
  db.close();
});
