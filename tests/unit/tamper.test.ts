/**
 * B-05, B-02 (法18条), issue 13 §4: a person with the database file and the sqlite3 tool. The guards refuse what the
 * ledger forbids whatever program edits the file; what gets past them (a dropped guard, a recomputed chain) is named
 * by the kiosk at its next start — or by the background check right after it, or a manager's full check.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/data-folder.ts';
import { DEMO_SIGNATURE_PNG, signedDeclaration } from '../../main/services/demo.ts';
import { cashFromSafe, executeRequest, MIGRATIONS, startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { q, rewriteAuditRow, sqlite3, sqlite3Json, unkeyedHash } from '../support/sqlite-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const item = { categoryId: 'watch-wrist', name: 'ロレックス デイトナ 𠮷', grade: 'A' as const, quantity: 1, unitPrice: 100_000_000 };

describe('tampering with the database file (sqlite3 CLI)', () => {
  let t: TestCore;
  afterEach(async () => {
    await t?.close();
  });

  const file = () => join(t.dataDir, DATABASE_FILE);

  async function settle(): Promise<{ receptionId: string; settlementId: string; number: string }> {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });
    await t.ok('appraisal:addItem', { receptionId: r.id, item });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...item, name: 'かばん・カバン 👜', unitPrice: 12_000 } });
    const done = await t.ok('appraisal:complete', { receptionId: r.id });
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: DEMO_SIGNATURE_PNG });
    const request = { ...executeRequest(done), verification: signedDeclaration(walkIn) };
    await cashFromSafe(t, done.totals.total);
    await t.ok('settlement:execute', request);
    return { receptionId: r.id, settlementId: request.settlementId, number: r.number };
  }

  const auditSeq = (action: string, entityId: string) =>
    (t.core.db.prepare('SELECT seq FROM audit_log WHERE action = ? AND entity_id = ?').get(action, entityId) as { seq: number }).seq;

  it('B-02 refuses deleting items of a settled buyback with foreign keys off, changing its money, seller or identity check, backdating it, and "cancel it, then delete it"', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const s = await settle();
    const db = file();
    const before = sqlite3Json<Record<string, unknown>>(db, `SELECT COUNT(*) AS items FROM reception_items WHERE reception_id = ${q(s.receptionId)}`);
    const attempts: [string, RegExp][] = [
      [`PRAGMA foreign_keys = OFF; DELETE FROM reception_items WHERE reception_id = ${q(s.receptionId)};`, /items of a settled transaction cannot be deleted/],
      [`UPDATE reception_items SET unit_price = 1 WHERE reception_id = ${q(s.receptionId)};`, /items of a settled transaction cannot be changed/],
      [`INSERT INTO reception_items (id, reception_id, position, stock_code, category_id, name, grade, quantity, unit_price, created_at, updated_at) VALUES ('x', ${q(s.receptionId)}, 9, 'S001-01-9999999', 'watch-wrist', 'x', 'A', 1, 1, 'now', 'now');`, /items of a settled transaction cannot be changed/],
      [`UPDATE settlements SET total_amount = 1 WHERE id = ${q(s.settlementId)};`, /cannot be changed/],
      [`UPDATE settlements SET verification = '{}' WHERE id = ${q(s.settlementId)};`, /cannot be changed/],
      [`UPDATE settlements SET settled_at = '2019-01-01T00:00:00.000Z' WHERE id = ${q(s.settlementId)};`, /cannot be changed/],
      [`UPDATE receptions SET seller_name = '別人' WHERE id = ${q(s.receptionId)};`, /cannot be changed/],
      [`UPDATE receptions SET adjustment_amount = -5000 WHERE id = ${q(s.receptionId)};`, /cannot be changed/],
      [`UPDATE receptions SET status = 'cancelled' WHERE id = ${q(s.receptionId)};`, /cannot be changed/],
      [`PRAGMA foreign_keys = OFF; DELETE FROM receptions WHERE id = ${q(s.receptionId)};`, /cannot be deleted/],
      [`PRAGMA foreign_keys = OFF; DELETE FROM settlements WHERE id = ${q(s.settlementId)};`, /kept for 3 years/],
      [`PRAGMA foreign_keys = OFF; DELETE FROM stock_items WHERE settlement_id = ${q(s.settlementId)};`, /kept for 3 years/],
      [`UPDATE stock_items SET price = 1 WHERE settlement_id = ${q(s.settlementId)};`, /cannot be changed/],
    ];
    await t.core.close();
    for (const [sql, refusal] of attempts) {
      const run = sqlite3(db, sql);
      expect(run.status, sql).not.toBe(0);
      expect(run.stderr, sql).toMatch(refusal);
    }
    expect(sqlite3Json(db, `SELECT COUNT(*) AS items FROM reception_items WHERE reception_id = ${q(s.receptionId)}`)).toEqual(before);
    expect(sqlite3Json(db, `SELECT status FROM receptions WHERE id = ${q(s.receptionId)}`)).toEqual([{ status: 'settled' }]);
    expect(sqlite3Json(db, `SELECT total_amount FROM settlements WHERE id = ${q(s.settlementId)}`)).toEqual([{ total_amount: 100_012_000 }]);
    // Still allowed: what the counter does with a settled buyback (EC publishing of its stock).
    expect(sqlite3(db, `UPDATE stock_items SET ec_published = 1 WHERE settlement_id = ${q(s.settlementId)};`).status).toBe(0);
  });

  it('B-05 an audit row rewritten and the old unkeyed chain recomputed from it (guard dropped and put back) is named at the next start', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const first = await settle();
    await settle();
    const edited = auditSeq('settlement.execute', first.receptionId);
    await t.reopen(() =>
      rewriteAuditRow(file(), edited, (row) => ({ ...row, detail: row.detail.replace(/"total":\d+/, '"total":1') })),
    );
    const status = await t.ok('audit:status', {});
    expect(status.alert).toMatchObject({ seq: edited, reason: 'unkeyed_after_keyed', rowAction: 'settlement.execute', guards: [] });
    expect(status.lastCheck).toMatchObject({ kind: 'start', ok: false });
    // The detection is itself on the record.
    expect(t.core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.break_detected'`).get()).toEqual({ n: 1 });
  });

  it('B-05 an edit that does not bother to recompute the chain, before the checkpoint, is found by the background check after start', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const first = await settle();
    await settle();
    const edited = auditSeq('settlement.execute', first.receptionId);
    await t.reopen(() => {
      const guard = sqlite3Json<{ sql: string }>(file(), "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'")[0]!.sql;
      const run = sqlite3(file(), `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{"total":1}' WHERE seq = ${edited}; ${guard};`);
      expect(run.stderr).toBe('');
    });
    await expect.poll(async () => (await t.ok('audit:status', {})).alert, { timeout: 10_000 }).toMatchObject({ seq: edited, reason: 'hash' });
  });

  it('B-05 a guard dropped to delete the items of a settled buyback is named at the next start', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const s = await settle();
    await t.reopen(() => {
      const run = sqlite3(file(), `DROP TRIGGER reception_items_settled_no_delete; DROP TRIGGER stock_items_settled_no_delete;
        PRAGMA foreign_keys = OFF; DELETE FROM stock_items WHERE settlement_id = ${q(s.settlementId)};
        DELETE FROM reception_items WHERE reception_id = ${q(s.receptionId)};`);
      expect(run.status).toBe(0);
    });
    const { alert } = await t.ok('audit:status', {});
    expect(alert).toMatchObject({ reason: 'guard_removed', guards: ['reception_items_settled_no_delete', 'stock_items_settled_no_delete'] });
  });

  it('B-05 the checkpoint cannot be moved by hand', async () => {
    t = await startTestCore({ signIn: 'manager' });
    await settle();
    await t.reopen(() => {
      expect(sqlite3(file(), 'UPDATE audit_checkpoint SET seq = 3;').status).toBe(0);
    });
    expect((await t.ok('audit:status', {})).alert).toMatchObject({ reason: 'checkpoint_forged' });
  });

  it('B-05 cutting off the end of the log is named at the next start', async () => {
    t = await startTestCore({ signIn: 'manager' });
    await settle();
    await t.reopen();
    const checkpoint = (t.core.db.prepare('SELECT seq FROM audit_checkpoint').get() as { seq: number }).seq;
    await t.reopen(() => {
      const guard = sqlite3Json<{ sql: string }>(file(), "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_delete'")[0]!.sql;
      expect(sqlite3(file(), `DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= ${checkpoint - 2}; ${guard};`).stderr).toBe('');
    });
    expect((await t.ok('audit:status', {})).alert).toMatchObject({ seq: checkpoint, reason: 'checkpoint', rowAt: null });
  });

  it('B-05 a removed checkpoint and an unkeyed row added at the end are not taken for a chain still to be upgraded', async () => {
    t = await startTestCore({ signIn: 'manager' });
    await settle();
    const head = (t.core.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string });
    await t.reopen(() => {
      const row = { id: 'forged', at: '2026-11-27T02:00:00.000Z', staff_id: null, terminal_id: null, action: 'reception.delete', entity: 'reception', entity_id: 'x', detail: '{}' };
      const hash = unkeyedHash(head.hash, row);
      const run = sqlite3(file(), `DELETE FROM audit_checkpoint;
        INSERT INTO audit_log (id, at, action, entity, entity_id, detail, prev_hash, hash) VALUES ('forged', ${q(row.at)}, 'reception.delete', 'reception', 'x', '{}', ${q(head.hash)}, ${q(hash)});`);
      expect(run.stderr).toBe('');
    });
    expect((await t.ok('audit:status', {})).alert).toMatchObject({ seq: head.seq + 1, reason: 'unkeyed_after_keyed' });
  });

  it('B-05 a removed checkpoint is rebuilt after a full check (no alert when the chain holds)', async () => {
    t = await startTestCore({ signIn: 'manager' });
    await settle();
    await t.reopen(() => {
      expect(sqlite3(file(), 'DELETE FROM audit_checkpoint;').status).toBe(0);
    });
    expect(await t.ok('audit:status', {})).toMatchObject({ alert: null, lastCheck: { kind: 'start', ok: true } });
    expect(t.core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.checkpoint_rebuilt'`).get()).toEqual({ n: 1 });
  });

  it('B-05 the alert stays until a manager acknowledges it with code and PIN; a clerk or a wrong PIN cannot', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const first = await settle();
    const edited = auditSeq('settlement.execute', first.receptionId);
    await t.reopen(() => rewriteAuditRow(file(), edited, (row) => ({ ...row, action: 'reception.create' })));
    expect((await t.ok('audit:status', {})).alert?.seq).toBe(edited);
    // Still there after another restart: the checkpoint does not move past a break.
    await t.reopen();
    expect((await t.ok('audit:status', {})).alert?.seq).toBe(edited);

    expect(await t.call('audit:acknowledge', { code: '1001', pin: '1234' })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(await t.call('audit:acknowledge', { code: '9001', pin: '0000' })).toMatchObject({ ok: false, error: { code: 'STAFF_SIGN_IN_FAILED' } });
    expect((await t.ok('audit:acknowledge', { code: '9001', pin: '9999' })).alert).toBeNull();
    await t.reopen();
    expect((await t.ok('audit:status', {})).alert).toBeNull();
    // A full check still reports the break: acknowledging records it, it does not hide it.
    await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' });
    expect(await t.ok('audit:verify', {})).toMatchObject({ kind: 'full', ok: true, acknowledged: [{ seq: edited, reason: 'unkeyed_after_keyed' }] });
    // An acknowledgement typed into the database by hand is not one.
    await t.reopen(() => {
      expect(sqlite3(file(), `DELETE FROM audit_acknowledgements; INSERT INTO audit_acknowledgements VALUES (${edited}, 1);`).status).toBe(0);
    });
    await expect.poll(async () => (await t.ok('audit:status', {})).alert, { timeout: 10_000 }).toMatchObject({ seq: edited });
  });

  it('B-05 acknowledging a removed guard puts it back as the migrations define it', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const s = await settle();
    await t.reopen(() => {
      expect(sqlite3(file(), 'DROP TRIGGER settlements_no_update;').status).toBe(0);
    });
    expect((await t.ok('audit:status', {})).alert).toMatchObject({ seq: 0, reason: 'guard_removed', guards: ['settlements_no_update'] });
    await t.ok('audit:acknowledge', { code: '9001', pin: '9999' });
    await t.reopen();
    expect((await t.ok('audit:status', {})).alert).toBeNull();
    await t.core.close();
    expect(sqlite3(file(), `UPDATE settlements SET total_amount = 1 WHERE id = ${q(s.settlementId)};`).stderr).toMatch(/cannot be changed/);
  });

  it('B-05 the full check is for a manager; it reads every row and is audited', async () => {
    t = await startTestCore({ signIn: 'clerk' });
    expect(await t.call('audit:verify', {})).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' });
    const rows = (t.core.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(await t.ok('audit:verify', {})).toMatchObject({ kind: 'full', ok: true, checkedRows: rows, unverifiableRows: 0 });
    expect(t.core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.verify'`).get()).toEqual({ n: 1 });
  });

  describe('a database from before the chain was keyed (shipped data, append-only)', () => {
    const dirs = tempDirs('kiosk-legacy-');
    afterEach(() => dirs.remove());

    /** A data folder as the previous release left it: schema up to 024, five audit rows in the unkeyed scheme. */
    function legacyDataDir(): string {
      const dataDir = dirs.make();
      const db = openDatabase(join(dataDir, DATABASE_FILE));
      migrate(db, loadMigrations(MIGRATIONS).filter((m) => m.version < 25));
      let prevHash = '0'.repeat(64);
      for (let i = 1; i <= 5; i++) {
        const row = {
          id: randomUUID(),
          at: `2026-11-2${i}T01:00:00.000Z`,
          staff_id: null,
          terminal_id: null,
          action: 'reception.create',
          entity: 'reception',
          entity_id: randomUUID(),
          detail: JSON.stringify({ number: `S001-01-2026112${i}-000${i}`, member: false }),
        };
        const hash = unkeyedHash(prevHash, row);
        db.prepare(
          `INSERT INTO audit_log (id, at, staff_id, terminal_id, action, entity, entity_id, detail, prev_hash, hash)
           VALUES (@id, @at, @staff_id, @terminal_id, @action, @entity, @entity_id, @detail, @prev_hash, @hash)`,
        ).run({ ...row, prev_hash: prevHash, hash });
        prevHash = hash;
      }
      db.close();
      return dataDir;
    }

    it('B-05 the first start seals the unkeyed rows with one keyed row, and the whole chain checks out', async () => {
      const dataDir = legacyDataDir();
      t = await startTestCore({ signIn: 'manager', dataDir });
      const seal = t.core.db.prepare(`SELECT seq, key_id, detail FROM audit_log WHERE action = 'audit.chain_keyed'`).get() as {
        seq: number;
        key_id: string | null;
        detail: string;
      };
      expect(seal).toMatchObject({ seq: 6, key_id: expect.stringMatching(/^audit-chain-[0-9a-f]{16}$/) });
      expect(JSON.parse(seal.detail)).toMatchObject({ legacyHeadSeq: 5 });
      expect(await t.ok('audit:verify', {})).toMatchObject({ ok: true, checkedRows: expect.any(Number) });
      expect((await t.ok('audit:status', {})).alert).toBeNull();
    });

    it('B-05 rewriting an old unkeyed row and recomputing the unkeyed chain after the upgrade is named at the next start', async () => {
      const dataDir = legacyDataDir();
      t = await startTestCore({ signIn: 'manager', dataDir });
      await t.reopen(() =>
        rewriteAuditRow(join(dataDir, DATABASE_FILE), 2, (row) => ({ ...row, detail: row.detail.replace('0002', '0099') }), 5),
      );
      expect((await t.ok('audit:status', {})).alert).toMatchObject({ seq: 6, reason: 'legacy_rewritten', rowAction: 'audit.chain_keyed' });
    });

    it('B-05 an old unkeyed row edited without recomputing is found by the check after start', async () => {
      const dataDir = legacyDataDir();
      t = await startTestCore({ signIn: 'manager', dataDir });
      await t.reopen(() => {
        const file = join(dataDir, DATABASE_FILE);
        const guard = sqlite3Json<{ sql: string }>(file, "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'")[0]!.sql;
        expect(sqlite3(file, `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'reception.delete' WHERE seq = 3; ${guard};`).stderr).toBe('');
      });
      await expect.poll(async () => (await t.ok('audit:status', {})).alert, { timeout: 10_000 }).toMatchObject({ seq: 3, reason: 'hash' });
    });
  });
});
