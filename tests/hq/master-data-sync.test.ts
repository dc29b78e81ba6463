/**
 * master data published at a real HQ (127.0.0.1, SQLite and PostgreSQL) reaches a real kiosk core: pulled by
 * the sync worker's puller, applied in one transaction, HQ-owned fields read-only at the store, offline keeps the last.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreSyncOptions } from '../../main/core.ts';
import { Keyring } from '../../main/crypto/keyring.ts';
import { fileKeyProvider } from '../../main/host/file-key-provider.ts';
import { auditKeysFrom } from '../../main/services/audit.ts';
import { MasterDataPuller, readMasterDataState } from '../../main/sync/master-data.ts';
import type { SyncWorkerHandle } from '../../main/sync/sync-client.ts';
import { startTestCore, type TestCore } from '../support/core.ts';
import { backends, publishMasterData, type RunningHq, startHq } from './support/hq.ts';
import { createKioskDb, type KioskDb } from './support/kiosk.ts';
import { startWorker } from './support/worker.ts';

const SMARTWATCH = {
  kind: 'category',
  data: { id: 'watch-smart', parentId: 'watch', nameJa: 'スマートウォッチ', nameEn: 'Smartwatches', alwaysVerify: false, sortOrder: 23, active: true },
};
const WATCH_CODE = '4549995433944';
const APPLE_WATCH = {
  kind: 'catalog',
  data: { code: WATCH_CODE, name: 'Apple Watch Series 9 45mm', maker: 'Apple', model: 'MR9Q3J/A', categoryId: 'watch-smart', attributes: { colour: 'ミッドナイト' } },
};
// The test core's clock is 2026-11-27 10:00 in Tokyo.
const K18_TODAY = { kind: 'metal_price', data: { metal: 'K18', businessDate: '2026-11-27', pricePerGram: 15_000 } };

const publish = (hq: RunningHq, changes: unknown[]) => publishMasterData(hq, changes);

let hq: RunningHq | undefined;
let t: TestCore | undefined;
let worker: SyncWorkerHandle | undefined;
let kiosk: KioskDb | undefined;
afterEach(async () => {
  await worker?.stop();
  kiosk?.dispose();
  await t?.close();
  await hq?.close();
  t = hq = worker = kiosk = undefined;
});

describe.each(backends())('A-04 master data from HQ on $name reaches the kiosk', (backend) => {

  it('A-04 one pull applies categories, catalog and today’s metal price; the version shows; an HQ-owned price is read-only', async () => {
    hq = await startHq(backend);
    t = await startTestCore({ signIn: 'manager' });
    const version = await publish(hq, [SMARTWATCH, APPLE_WATCH, K18_TODAY]);
    expect(await t.ok('masterData:status', {})).toEqual({ version: 0, pulledAt: null, lastError: null });

    const puller = new MasterDataPuller(t.core.db, { hqUrl: hq.url, token: hq.token }, { clock: () => new Date('2026-11-27T01:00:00.000Z') });
    expect(await puller.pull()).toEqual({ version, applied: 3 });
    expect(await t.ok('masterData:status', {})).toEqual({ version, pulledAt: '2026-11-27T01:00:00.000Z', lastError: null });
    expect((await t.ok('category:list', {})).find((c) => c.id === 'watch-smart')).toMatchObject({ nameJa: 'スマートウォッチ', owner: 'hq', active: true });
    expect(await t.ok('catalog:lookup', { code: WATCH_CODE })).toMatchObject({ kind: 'found', item: { name: 'Apple Watch Series 9 45mm', source: 'hq', attributes: { colour: 'ミッドナイト' } } });
    const today = await t.ok('metalPrice:today', {});
    expect(today.prices.find((p) => p.metal === 'K18')).toMatchObject({ pricePerGram: 15_000, owner: 'hq' });
    // A field HQ owns cannot be changed locally; one the store owns can.
    expect(await t.call('metalPrice:set', { metal: 'K18', pricePerGram: 14_000 })).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED' } });
    expect((await t.ok('metalPrice:set', { metal: 'Pt900', pricePerGram: 5_000 })).prices.find((p) => p.metal === 'Pt900')).toMatchObject({ pricePerGram: 5_000, owner: 'store' });

    // Pulled again: nothing new, the same version.
    expect(await puller.pull()).toEqual({ version, applied: 0 });
  });

  it('A-04 a retired category is deactivated, never deleted; items that name it keep it', async () => {
    hq = await startHq(backend);
    t = await startTestCore({ signIn: 'manager' });
    await publish(hq, [SMARTWATCH]);
    const puller = new MasterDataPuller(t.core.db, { hqUrl: hq.url, token: hq.token });
    await puller.pull();
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: { name: '𠮷野 はるか', nameKana: 'よしの はるか', postalCode: '', address: '東京都渋谷区1-1', phone: '090-1111-2222', birthDate: '1990-05-20', occupation: '会社員' } });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: 'watch-smart', name: 'Apple Watch', grade: 'B', quantity: 1, unitPrice: 8000 } });
    await publish(hq, [{ ...SMARTWATCH, data: { ...SMARTWATCH.data, active: false } }]);
    await puller.pull();
    expect((await t.ok('category:list', {})).find((c) => c.id === 'watch-smart')).toMatchObject({ active: false });
    expect((await t.ok('reception:get', { id: r.id })).items[0]!.categoryId).toBe('watch-smart');
  });

  it('A-04 all or nothing: a change that cannot apply leaves the old master data and version; offline keeps the last version', async () => {
    hq = await startHq(backend);
    t = await startTestCore({ signIn: 'manager' });
    const first = await publish(hq, [SMARTWATCH]);
    const puller = new MasterDataPuller(t.core.db, { hqUrl: hq.url, token: hq.token });
    await puller.pull();
    // A catalog entry in a category HQ never published: the whole pull is refused, the good change with it.
    await publish(hq, [APPLE_WATCH, { ...APPLE_WATCH, data: { ...APPLE_WATCH.data, code: '4901234567894', categoryId: 'no-such-category' } }]);
    await puller.pullQuietly();
    const state = await t.ok('masterData:status', {});
    expect(state).toMatchObject({ version: first });
    expect(state.lastError).toMatch(/^APPLY_FAILED: FOREIGN KEY/);
    expect(await t.ok('catalog:lookup', { code: WATCH_CODE })).toMatchObject({ kind: 'unknown' });

    await hq.stopServer();
    await puller.pullQuietly();
    expect(await t.ok('masterData:status', {})).toMatchObject({ version: first, lastError: expect.stringMatching(/^UNREACHABLE: (fetch failed|.*ECONNREFUSED)/) });
    expect((await t.ok('category:list', {})).find((c) => c.id === 'watch-smart')).toMatchObject({ owner: 'hq' });
  });
});

describe(`A-04 the sync worker pulls master data after one sync (HQ on ${backends()[0]!.name})`, { timeout: 45_000 }, () => {

  it('A-04 a category, terms and a clerk published at HQ are on the kiosk after one sync cycle of the real worker, audited in its pull', async () => {
    hq = await startHq(backends()[0]!);
    const version = await publish(hq, [
      SMARTWATCH,
      { kind: 'terms', data: { title: '買取同意事項（本部 2026年12月版）', body: '第1条 お売りいただく品物は、お客様ご本人の所有物です。🙇' } },
      { kind: 'staff', data: { code: '2042', name: '髙橋 𠮷子', role: 'clerk', active: true, pin: '482916' } },
    ]);
    const sync: CoreSyncOptions = { tuning: { requestTimeoutMs: 2_000, idlePingMs: 60_000 } };
    t = await startTestCore({ signIn: 'manager', sync });
    await t.ok('sync:provision', { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token });
    await t.ok('sync:wake', {});
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await t.ok('masterData:status', {})).version < version) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await t.ok('masterData:status', {})).toMatchObject({ version, lastError: null });
    expect((await t.ok('category:list', {})).map((c) => c.id)).toContain('watch-smart');
    // Written by the worker's own connection in the pull's transaction: there as soon as the version is, nothing waits
    // for the main process; and sealed with this PC's key, so the full check finds the chain sound.
    const audited = t.core.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'master_data.%' ORDER BY seq").pluck().all();
    expect(audited).toEqual(['master_data.terms', 'master_data.staff']);
    expect(await t.ok('settings:terms', {})).toMatchObject({ title: '買取同意事項（本部 2026年12月版）' });
    expect(await t.ok('audit:verify', {})).toMatchObject({ ok: true });
  });

  it('A-04 a worker not given the audit key pulls no master data (nothing it could not audit); given the key, it does', async () => {
    hq = await startHq(backends()[0]!);
    const version = await publish(hq, [SMARTWATCH, { kind: 'terms', data: { title: '本部の同意事項', body: '第1条' } }]);
    kiosk = createKioskDb();
    const tuning = { requestTimeoutMs: 2_000, idlePingMs: 60_000 };
    const keyless = startWorker(kiosk, hq, { tuning });
    worker = keyless.worker;
    // Online: the cycle that reported it reached HQ and would have pulled.
    await expect.poll(() => keyless.statuses.some((s) => s.online), { timeout: 20_000 }).toBe(true);
    expect(readMasterDataState(kiosk.db)).toMatchObject({ version: 0, lastError: null });
    expect(kiosk.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'master_data.%'").pluck().get()).toBe(0);
    await worker.stop();

    const { keyId, key } = auditKeysFrom(Keyring.fromProvider(fileKeyProvider(kiosk.dir))).current;
    worker = startWorker(kiosk, hq, { tuning, auditKey: { keyId, keyHex: key.toString('hex') } }).worker;
    await expect.poll(() => readMasterDataState(kiosk!.db).version, { timeout: 20_000 }).toBe(version);
    expect(kiosk.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'master_data.%'").pluck().all()).toEqual(['master_data.terms']);
  });
});
