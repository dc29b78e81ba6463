/**
 * agreement terms, staff (PIN hashes only) and chain-central buyback settings published at a real HQ
 * (127.0.0.1, SQLite and PostgreSQL) and pulled by a real kiosk core: applied in the pull's transaction, audited,
 * read-only at the store where HQ owns them, editable where the store does; a change that cannot apply applies nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../main/services/passwords.ts';
import { MasterDataPuller } from '../../main/sync/master-data.ts';
import { executeRequest, startTestCore, type TestCore, walkIn, watch } from '../support/core.ts';
import { backends, publishMasterData, type RunningHq, startHq } from './support/hq.ts';

async function publishRaw(hq: RunningHq, changes: unknown[]): Promise<Response> {
  return fetch(`${hq.url}/api/v1/master-data`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ changes, publishedBy: '本部 人事部' }),
  });
}

const publish = (hq: RunningHq, changes: unknown[]) => publishMasterData(hq, changes);

const HQ_TERMS = {
  kind: 'terms',
  data: { title: '買取同意事項（本部 2026年12月版）', body: '第1条 お売りいただく品物は、お客様ご本人の所有物であることを確認します。\n第2条 査定額に同意いただいた品物は返品できません。🙇' },
};
// A new clerk, hired at HQ: the PIN is given to HQ once, hashed there; only the hash reaches the kiosk.
const NEW_CLERK_PIN = '482916';
const NEW_CLERK = { kind: 'staff', data: { code: '2042', name: '髙橋 𠮷子', role: 'clerk', active: true, pin: NEW_CLERK_PIN } };
const TILL_LIMIT = { kind: 'setting', data: { key: 'till', value: { closeApprovalYen: 3_000 } } };

let hq: RunningHq | undefined;
let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  await hq?.close();
  t = hq = undefined;
});

const auditActions = (core: TestCore, prefix: string) =>
  (core.core.db.prepare("SELECT action FROM audit_log WHERE action LIKE ? || '%' ORDER BY at").pluck().all(prefix) as string[]);

describe.each(backends())('A-04 terms, staff and settings from HQ on $name', (backend) => {

  it('A-04 S-09 HQ terms become the terms in force (audited); the store editor is refused; a customer who agreed to v2 must agree to v3', async () => {
    hq = await startHq(backend);
    t = await startTestCore({ signIn: 'manager' });
    // A store without HQ terms edits as today.
    expect(await t.ok('masterData:hqOwned', {})).toEqual({ terms: false, settings: [] });
    expect(await t.ok('settings:saveTerms', { terms: { title: '店舗の同意事項', body: '店舗版 第2版' } })).toMatchObject({ version: 2 });

    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    // Under the ID threshold, so nothing but the terms stands between the customer and execute.
    const appraised = await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...watch, unitPrice: 8_000 } });
    // The customer agreed to v2 (the wizard holds it); HQ publishes meanwhile.
    await publish(hq, [HQ_TERMS]);
    await new MasterDataPuller(t.core.db, { hqUrl: hq.url, token: hq.token }).pull();

    const terms = await t.ok('settings:terms', {});
    expect(terms).toMatchObject({ version: 3, title: '買取同意事項（本部 2026年12月版）' });
    expect(await t.ok('masterData:hqOwned', {})).toEqual({ terms: true, settings: [] });
    expect(auditActions(t, 'master_data.terms')).toEqual(['master_data.terms']);

    // S-09 (issue 12's rule): the agreement to v2 no longer counts; execute names both versions, as the wizard expects.
    const stale = await t.call('settlement:execute', executeRequest(appraised, { agreedTermsVersion: 2 }));
    expect(stale).toMatchObject({ ok: false, error: { code: 'TERMS_CHANGED', params: { agreed: 2, current: 3 } } });
    expect((await t.ok('settlement:options', {})).terms?.version).toBe(3);

    // The store's editor is read-only now: a save is refused and writes nothing.
    const refused = await t.call('settings:saveTerms', { terms: { title: '店舗の同意事項', body: '店舗版 第4版' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED', message: 'errors.MASTER_DATA_HQ_OWNED_terms' } });
    expect(await t.call('settings:saveTerms', { terms: null })).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED' } });
    expect(await t.ok('settings:terms', {})).toMatchObject({ version: 3 });
    expect(auditActions(t, 'settings.terms')).toHaveLength(1);
  });

  it('A-04 staff published at HQ sign in with their PIN at once; HQ keeps only the hash; deactivated at HQ, their open session ends', async () => {
    hq = await startHq(backend);
    t = await startTestCore({ signIn: 'manager' });
    await publish(hq, [NEW_CLERK]);
    // Neither HQ's store nor what a kiosk pulls holds the PIN: only the kiosk-scheme hash.
    const stored = await hq.db.query<{ data: string }>("SELECT data FROM master_changes WHERE kind = 'staff'");
    expect(stored[0]!.data).not.toContain(NEW_CLERK_PIN);
    expect(JSON.parse(stored[0]!.data).pinHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    const wire = await (await fetch(`${hq.url}/api/v1/master-data?since=0`, { headers: { authorization: `Bearer ${hq.token}` } })).text();
    expect(wire).not.toContain(NEW_CLERK_PIN);
    const adminPage = await (await fetch(`${hq.url}/master-data`, { headers: { authorization: `Bearer ${hq.adminToken}` } })).text();
    expect(adminPage).toContain('髙橋 𠮷子');
    expect(adminPage).not.toContain('scrypt$');

    const puller = new MasterDataPuller(t.core.db, { hqUrl: hq.url, token: hq.token });
    await puller.pull();
    const clerk = { clientId: 'counter-2' };
    expect(await t.call('session:staffSignIn', { code: '2042', pin: '000000' }, clerk)).toMatchObject({ ok: false, error: { code: 'STAFF_SIGN_IN_FAILED' } });
    expect(await t.ok('session:staffSignIn', { code: '2042', pin: NEW_CLERK_PIN }, clerk)).toMatchObject({ staff: { code: '2042', name: '髙橋 𠮷子', role: 'clerk' } });
    await t.ok('reception:create', { kind: 'walkIn', seller: walkIn }, clerk);

    // On the staff screen: HQ's member is marked and cannot be changed here; the store's own stay editable.
    const list = await t.ok('staff:list', {});
    const hqClerk = list.find((m) => m.code === '2042')!;
    expect(hqClerk).toMatchObject({ owner: 'hq', active: true });
    expect(await t.call('staff:resetPin', { staffId: hqClerk.id, pin: '1111' })).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED' } });
    expect(await t.call('staff:setActive', { staffId: hqClerk.id, active: false })).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED' } });
    const storeClerk = list.find((m) => m.code === '1001')!;
    expect(storeClerk.owner).toBe('store');
    expect((await t.ok('staff:resetPin', { staffId: storeClerk.id, pin: '5678' })).find((m) => m.code === '1001')).toMatchObject({ owner: 'store' });
    expect(auditActions(t, 'master_data.staff')).toEqual(['master_data.staff']);
    const detail = t.core.db.prepare("SELECT detail FROM audit_log WHERE action = 'master_data.staff'").pluck().get() as string;
    expect(detail).not.toContain('scrypt');

    // HQ deactivates them (the hash given directly this time): the open session ends at its next call; no new sign-in.
    const { pin: _pin, ...withoutPin } = NEW_CLERK.data;
    await publish(hq, [{ kind: 'staff', data: { ...withoutPin, active: false, pinHash: hashSecret(NEW_CLERK_PIN) } }]);
    await puller.pull();
    expect(await t.call('reception:create', { kind: 'walkIn', seller: walkIn }, clerk)).toMatchObject({ ok: false, error: { code: 'STAFF_REQUIRED' } });
    expect(await t.call('session:staffSignIn', { code: '2042', pin: NEW_CLERK_PIN }, clerk)).toMatchObject({ ok: false, error: { code: 'STAFF_SIGN_IN_FAILED' } });
    // The manager's own session is untouched.
    expect((await t.ok('session:state', {})).staff).toMatchObject({ code: '9001' });
  });

  it('A-04 a chain-central setting applies in the pull and is read-only; a key HQ has not published stays editable; a save racing HQ writes nothing', async () => {
    hq = await startHq(backend);
    t = await startTestCore({ signIn: 'manager' });
    await t.ok('till:saveSettings', { closeApprovalYen: 2_000 });
    await publish(hq, [TILL_LIMIT, { kind: 'setting', data: { key: 'identity', value: { thresholdYen: 0, alwaysVerify: true, minorAge: 18, minorPolicy: 'refuse', writtenConsentAllowed: false } } }]);
    const auditBefore = t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
    await new MasterDataPuller(t.core.db, { hqUrl: hq.url, token: hq.token }).pull();
    expect(await t.ok('till:settings', {})).toEqual({ closeApprovalYen: 3_000 });
    expect(await t.ok('masterData:hqOwned', {})).toEqual({ terms: false, settings: ['identity', 'till'] });
    expect((await t.ok('settlement:options', {})).identity).toMatchObject({ alwaysVerify: true, minorPolicy: 'refuse' });
    expect(auditActions(t, 'master_data.setting')).toHaveLength(2);
    const auditAfterPull = t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
    expect(auditAfterPull).toBe(auditBefore + 2);

    // The manager's form was open before the pull: the save is refused whole — no value, no audit entry.
    const refused = await t.call('till:saveSettings', { closeApprovalYen: 500 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED', message: 'errors.MASTER_DATA_HQ_OWNED_setting' } });
    expect(await t.ok('till:settings', {})).toEqual({ closeApprovalYen: 3_000 });
    expect(t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(auditAfterPull);
    // Keys HQ has not published stay the store's — until HQ publishes them.
    await t.ok('settings:savePointRule', { perHundredYen: 2, maxManual: 50_000 });
    expect((await t.ok('metalPrice:setRounding', { rounding: 'round' })).rounding).toBe('round');
    await publish(hq, [{ kind: 'setting', data: { key: 'metalRounding', value: 'ceil' } }]);
    await new MasterDataPuller(t.core.db, { hqUrl: hq.url, token: hq.token }).pull();
    expect(await t.call('metalPrice:setRounding', { rounding: 'floor' })).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED' } });
    expect((await t.ok('metalPrice:today', {})).rounding).toBe('ceil');
  });

  it('A-04 HQ refuses what a kiosk could not apply: an unknown setting key, a value out of range, a bad PIN hash, a PIN and a hash at once', async () => {
    hq = await startHq(backend);
    const refusals = [
      { kind: 'setting', data: { key: 'printers', value: {} } },
      { kind: 'setting', data: { key: 'till', value: { closeApprovalYen: -1 } } },
      { kind: 'setting', data: { key: 'pointRule', value: { perHundredYen: 101, maxManual: 0 } } },
      { kind: 'staff', data: { code: '2043', name: '佐藤 花子', role: 'clerk', active: true, pinHash: 'plain:1234' } },
      { kind: 'staff', data: { code: '2043', name: '佐藤 花子', role: 'clerk', active: true, pinHash: 'scrypt$1048576$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' } },
      { kind: 'staff', data: { code: '2043', name: '佐藤 花子', role: 'clerk', active: true, pin: '1234', pinHash: hashSecret('1234') } },
      { kind: 'staff', data: { code: '2043', name: '佐藤 花子', role: 'owner', active: true, pin: '1234' } },
      { kind: 'terms', data: { title: '', body: '本文' } },
    ];
    for (const change of refusals) {
      const response = await publishRaw(hq, [change]);
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(await response.text()).not.toContain('1234');
    }
    expect(await hq.db.query('SELECT version FROM master_changes')).toEqual([]);
  });

  it('A-04 a change that cannot apply (a bad hash that reached the wire) applies nothing of the pull; the version stays; the reason is kept for 本部連携', async () => {
    hq = await startHq(backend);
    t = await startTestCore({ signIn: 'manager' });
    const first = await publish(hq, [TILL_LIMIT]);
    const puller = new MasterDataPuller(t.core.db, { hqUrl: hq.url, token: hq.token });
    await puller.pull();
    // Written past the admin API (an older HQ build, a hand edit): the kiosk's own check must still hold.
    await publish(hq, [HQ_TERMS]);
    await hq.db.execute(
      "INSERT INTO master_changes (kind, item_key, store_code, data, published_at, published_by) VALUES ('staff', '2044', NULL, ?, '2026-11-27T01:00:00.000Z', 'hand')",
      [JSON.stringify({ code: '2044', name: '山田 太郎', role: 'manager', active: true, pinHash: 'md5$81dc9bdb52d04dc20036dbd8313ed055' })],
    );
    await puller.pullQuietly();
    const state = await t.ok('masterData:status', {});
    expect(state.version).toBe(first);
    expect(state.lastError).toMatch(/^INVALID_DATA: changes\.1\.data\.pinHash: not a PIN hash in the kiosk scheme/);
    expect(await t.ok('settings:terms', {})).toMatchObject({ version: 1 });
    expect((await t.ok('staff:list', {})).map((m) => m.code)).not.toContain('2044');
  });
});
