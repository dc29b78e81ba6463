/**
 * how the kiosk applies HQ's terms, staff and settings — in one transaction with their audit entries, also on
 * the sync worker's connection (with the key the main process hands it), and refused whole when any change cannot
 * apply or the connection has no key. The HQ side and the wire are proven in tests/hq/master-data-hq-owned.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MasterChange } from 'kaitori-sync-protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/core.ts';
import { Keyring } from '../../main/crypto/keyring.ts';
import { auditKeysFrom } from '../../main/services/audit.ts';
import { hashSecret } from '../../main/services/passwords.ts';
import { applyMasterData, readMasterDataState } from '../../main/sync/master-data.ts';
import { openWorkerDatabase } from '../../main/sync/outbox-queue.ts';
import { bindWorkerAuditKey } from '../../main/sync/store-feed.ts';
import { startTestCore, type TestCore } from '../support/core.ts';

const keyProvider = { keyId: 'test', getKey: ((key) => () => key)(randomBytes(32)) };
/** What main/core.ts hands the sync worker: the chain's current key. */
const workerAuditKey = () => {
  const { keyId, key } = auditKeysFrom(Keyring.fromProvider(keyProvider)).current;
  return { keyId, keyHex: key.toString('hex') };
};

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore({ signIn: 'manager', keyProvider });
});
afterEach(() => t.close());

const AT = '2026-11-27T01:00:00.000Z';
let version = 0;
function change(kind: 'terms' | 'staff' | 'setting' | 'catalog', data: unknown): MasterChange {
  version += 1;
  return { kind, storeCode: null, version, publishedAt: AT, data } as MasterChange;
}
const masterAudit = (db = t.core.db) => db.prepare("SELECT action, staff_id, detail FROM audit_log WHERE action LIKE 'master_data.%' ORDER BY seq").all() as { action: string; staff_id: string | null; detail: string }[];

describe('A-04 applying terms, staff and settings from HQ', () => {
  it('A-04 a store account with the same code becomes HQ’s: HQ’s PIN signs in, the old one no longer; the audit names no hash', async () => {
    const before = (await t.ok('staff:list', {})).find((m) => m.code === '1001')!;
    applyMasterData(t.core.db, [change('staff', { code: '1001', name: '佐藤 ハナコ', role: 'clerk', active: true, pinHash: hashSecret('7306') })], version, AT);
    const after = (await t.ok('staff:list', {})).find((m) => m.code === '1001')!;
    expect(after).toMatchObject({ id: before.id, owner: 'hq', name: '佐藤 ハナコ' });
    expect(await t.call('session:staffSignIn', { code: '1001', pin: '1234' }, { clientId: 'c2' })).toMatchObject({ ok: false, error: { code: 'STAFF_SIGN_IN_FAILED' } });
    await t.ok('session:staffSignIn', { code: '1001', pin: '7306' }, { clientId: 'c3' });
    const [entry] = masterAudit();
    expect(entry).toMatchObject({ action: 'master_data.staff', staff_id: null });
    expect(entry!.detail).not.toContain('scrypt');
  });

  it('A-04 a manager can lift the lockout of HQ’s clerk (the lock is the counter’s) but not change their PIN', async () => {
    applyMasterData(t.core.db, [change('staff', { code: '2042', name: '髙橋 𠮷子', role: 'clerk', active: true, pinHash: hashSecret('482916') })], version, AT);
    const counter = { clientId: 'counter-2' };
    for (let attempt = 0; attempt < 5; attempt++) await t.call('session:staffSignIn', { code: '2042', pin: '000000' }, counter);
    expect(await t.call('session:staffSignIn', { code: '2042', pin: '482916' }, counter)).toMatchObject({ ok: false, error: { code: 'STAFF_LOCKED' } });
    const clerk = (await t.ok('staff:list', {})).find((m) => m.code === '2042')!;
    expect(clerk).toMatchObject({ owner: 'hq', locked: true });
    expect(await t.call('staff:resetPin', { staffId: clerk.id, pin: '1111' })).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED' } });
    expect((await t.ok('staff:unlock', { staffId: clerk.id })).find((m) => m.code === '2042')).toMatchObject({ locked: false });
    await t.ok('session:staffSignIn', { code: '2042', pin: '482916' }, counter);
    expect(t.core.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'staff.unlock'").pluck().get()).toBe(1);
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await t.call('staff:unlock', { staffId: clerk.id })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
  });

  it('A-04 N-03 a colleague known here only from the store feed becomes a real account once HQ publishes them', async () => {
    // As the store feed records another PC's clerk: no valid secret, inactive, remote.
    t.core.db
      .prepare(`INSERT INTO staff (id, store_id, code, name, role, pin_hash, active, created_at, remote) VALUES (?, (SELECT id FROM stores LIMIT 1), '3001', '3001', 'clerk', '!remote', 0, ?, 1)`)
      .run(crypto.randomUUID(), AT);
    expect((await t.ok('staff:list', {})).map((m) => m.code)).not.toContain('3001');
    applyMasterData(t.core.db, [change('staff', { code: '3001', name: '中村 ゆうき', role: 'clerk', active: true, pinHash: hashSecret('55201') })], version, AT);
    expect((await t.ok('staff:list', {})).find((m) => m.code === '3001')).toMatchObject({ owner: 'hq', active: true, name: '中村 ゆうき' });
    await t.ok('session:staffSignIn', { code: '3001', pin: '55201' }, { clientId: 'c4' });
  });

  it('A-04 a role HQ lowers applies to an open session at its next call', async () => {
    await t.ok('staff:list', {});
    applyMasterData(t.core.db, [change('staff', { code: '9001', name: '店長 山本', role: 'clerk', active: true, pinHash: hashSecret('9999') })], version, AT);
    expect(await t.call('staff:list', {})).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect((await t.ok('session:state', {})).staff).toMatchObject({ code: '9001' });
  });

  it('A-04 all or nothing: a change that cannot apply rolls back the terms, staff and setting before it, and the version', async () => {
    const held = readMasterDataState(t.core.db).version;
    const changes = [
      change('terms', { title: '本部の同意事項', body: '第1条' }),
      change('staff', { code: '2042', name: '髙橋 𠮷子', role: 'clerk', active: true, pinHash: hashSecret('482916') }),
      change('setting', { key: 'till', value: { closeApprovalYen: 3_000 } }),
      // A catalog entry in a category the kiosk does not have: the foreign key refuses it.
      change('catalog', { code: '4901234567894', name: '謎の品', maker: '', model: '', categoryId: 'no-such-category', attributes: {} }),
    ];
    expect(() => applyMasterData(t.core.db, changes, version, AT)).toThrow(/FOREIGN KEY/);
    expect(readMasterDataState(t.core.db).version).toBe(held);
    expect(await t.ok('settings:terms', {})).toMatchObject({ version: 1 });
    expect((await t.ok('staff:list', {})).map((m) => m.code)).not.toContain('2042');
    expect(await t.ok('masterData:hqOwned', {})).toEqual({ terms: false, settings: [] });
    // The terms' and staff's audit entries were written before the failure: they rolled back with it.
    expect(masterAudit()).toEqual([]);
  });

  it('A-04 on the sync worker’s connection: the audit entries commit with the pull, in order, and the chain verifies', async () => {
    const worker = openWorkerDatabase(join(t.dataDir, DATABASE_FILE));
    try {
      bindWorkerAuditKey(worker, workerAuditKey());
      const held = readMasterDataState(worker).version;
      // A pull that fails after its terms: the terms, their audit entry and the version roll back together.
      const failing = [
        change('terms', { title: '本部の同意事項（旧）', body: '第1条' }),
        change('catalog', { code: '4901234567894', name: '謎の品', maker: '', model: '', categoryId: 'no-such-category', attributes: {} }),
      ];
      expect(() => applyMasterData(worker, failing, version, AT)).toThrow(/FOREIGN KEY/);
      expect(masterAudit(worker)).toEqual([]);
      expect(readMasterDataState(worker).version).toBe(held);

      applyMasterData(
        worker,
        [
          change('terms', { title: '本部の同意事項', body: '第1条 買取代金は現金または振込でお支払いします。' }),
          change('setting', { key: 'metalRounding', value: 'ceil' }),
          change('staff', { code: '2042', name: '髙橋 𠮷子', role: 'clerk', active: true, pinHash: hashSecret('482916') }),
        ],
        version,
        AT,
      );
      // Right after the pull's transaction, on the worker's own connection: nothing waits for the main process.
      expect(masterAudit(worker).map((row) => row.action)).toEqual(['master_data.terms', 'master_data.setting', 'master_data.staff']);
    } finally {
      worker.close();
    }
    expect(masterAudit().map((row) => row.action)).toEqual(['master_data.terms', 'master_data.setting', 'master_data.staff']);
    expect(await t.ok('settings:terms', {})).toMatchObject({ version: 2, title: '本部の同意事項' });
    // The worker's rows joined this PC's chain: the full check finds every entry sound.
    expect(await t.ok('audit:verify', {})).toMatchObject({ ok: true });
  });

  it('A-04 a connection without the audit key refuses HQ’s terms whole: nothing applied, nothing left unaudited', async () => {
    const worker = openWorkerDatabase(join(t.dataDir, DATABASE_FILE));
    const held = readMasterDataState(t.core.db).version;
    try {
      expect(() => applyMasterData(worker, [change('terms', { title: '本部の同意事項', body: '第1条' })], version, AT)).toThrow(/audit chain key/);
    } finally {
      worker.close();
    }
    expect(readMasterDataState(t.core.db).version).toBe(held);
    expect(await t.ok('settings:terms', {})).toMatchObject({ version: 1 });
    expect(masterAudit()).toEqual([]);
  });
});
