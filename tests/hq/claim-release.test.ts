/**
 * N-02: a screen cannot release its claim once its clerk is gone (the release needs a signed-in clerk), so the
 * counter PC releases it itself when the clerk is locked out for being idle (P-05). A real kiosk core connected to a
 * real HQ on 127.0.0.1; the claim travels through the sync worker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { backends, type RunningHq, startHq, until } from './support/hq.ts';
import { COUNTER_SYNC } from './support/store-counters.ts';

describe.each(backends().slice(0, 1))('N-02 claims of a locked clerk (HQ on $name)', (backend) => {
  let hq: RunningHq | undefined;
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    await hq?.close();
    t = undefined;
    hq = undefined;
  });

  it('N-02 P-05 the auto-lock releases the claim the locked clerk\'s screen held; another window\'s clerk keeps theirs', async () => {
    hq = await startHq(backend);
    t = await startTestCore({ signIn: 'manager', sync: COUNTER_SYNC, idleCheckMs: 50 });
    await t.ok('sync:provision', { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token });
    const counter = { clientId: 'counter-window' };
    const office = { clientId: 'back-office-window' };
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' }, counter);
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, office);
    const left = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn }, counter);
    const kept = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn }, office);
    expect(await t.ok('reception:claim', { receptionId: left.id }, counter)).toMatchObject({ expiresAt: expect.any(String) });
    expect(await t.ok('reception:claim', { receptionId: kept.id }, office)).toMatchObject({ expiresAt: expect.any(String) });
    const heldAtHq = async (id: string) => (await hq!.db.query('SELECT 1 FROM reception_claims WHERE reception_id = ?', [id])).length;
    expect([await heldAtHq(left.id), await heldAtHq(kept.id)]).toEqual([1, 1]);

    // The counter's clerk walks away past the idle limit (5 minutes); the back office keeps working.
    t.clock.advance(3 * 60_000);
    await t.ok('session:activity', {}, office);
    t.clock.advance(2 * 60_000 + 30_000);
    await until('the locked clerk\'s claim released at HQ', async () => ((await heldAtHq(left.id)) === 0 ? true : undefined), 10_000);
    expect(await heldAtHq(kept.id)).toBe(1);
    expect(await t.call('reception:releaseClaim', { receptionId: left.id }, counter)).toMatchObject({ ok: false, error: { code: 'STAFF_REQUIRED' } });
  });
});
