import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore({ signIn: 'manager' });
});
afterEach(() => t.close());

describe('P-04 buyback settings', () => {
  it('S-09 saving terms makes a new version; settlement records the version agreed; no terms skips agreement', async () => {
    const v2 = await t.ok('settings:saveTerms', { terms: { title: '買取規約', body: '盗品ではありません。' } });
    expect(v2).toMatchObject({ version: 2, title: '買取規約' });
    expect((await t.ok('settlement:options', {})).terms?.version).toBe(2);
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const appraised = await t.ok('appraisal:addItem', {
      receptionId: r.id,
      item: { categoryId: 'cloth-men', name: 'シャツ', grade: 'B', quantity: 1, unitPrice: 1000 },
    });
    const request = {
      receptionId: r.id,
      version: appraised.version,
      settlementId: randomUUID(),
      cancelledItemIds: [],
      ecPublishItemIds: [],
      agreedTermsVersion: 1,
      paymentMethod: 'cash',
      printMethod: 'none' as const,
      points: null,
    };
    const stale = await t.call('settlement:execute', request);
    // The customer agreed to version 1; version 2 was saved since: refused, naming both versions.
    expect(stale).toMatchObject({ ok: false, error: { code: 'TERMS_CHANGED', params: { agreed: 1, current: 2 } } });
    const unagreed = await t.call('settlement:execute', { ...request, agreedTermsVersion: null });
    expect(unagreed.ok || unagreed.error.code).toBe('TERMS_NOT_AGREED');
    const settled = await t.ok('settlement:execute', { ...request, agreedTermsVersion: 2 });
    expect(settled.reception.settlement?.agreedTermsVersion).toBe(2);
    expect(await t.ok('settings:saveTerms', { terms: null })).toBeNull();
    expect((await t.ok('settlement:options', {})).terms).toBeNull();
  });

  it('S-16 offers configured payment methods beside cash and bank transfer, and refuses reusing their codes', async () => {
    await t.ok('settings:savePaymentMethods', { methods: [{ id: 'paypay', labelJa: 'PayPay', labelEn: 'PayPay' }] });
    expect((await t.ok('settlement:options', {})).paymentMethods.map((m) => m.id)).toEqual(['cash', 'bank_transfer', 'paypay']);
    const reserved = await t.call('settings:savePaymentMethods', { methods: [{ id: 'cash', labelJa: '現金2', labelEn: 'Cash 2' }] });
    expect(reserved.ok || reserved.error.fields).toEqual({ methods: 'validation.methodReserved' });
  });

  it('P-05 only a manager changes settings', async () => {
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const result = await t.call('settings:savePointRule', { perHundredYen: 5, maxManual: 10 });
    expect(result.ok || result.error.code).toBe('MANAGER_REQUIRED');
    expect((await t.ok('settings:buyback', {})).pointRule).toEqual({ perHundredYen: 1, maxManual: 100_000 });
  });

  it('P-05 the idle lock follows the configured minutes', async () => {
    await t.ok('settings:saveSecurity', { idleLockMinutes: 2, maxPinAttempts: 5, lockoutMinutes: 15, managerAdjustmentYen: 10_000 });
    t.clock.advance(90_000);
    expect((await t.ok('session:state', {})).staff).not.toBeNull();
    t.clock.advance(121_000);
    expect((await t.ok('session:state', {})).staff).toBeNull();
  });

  it('P-05 locks a staff code after repeated wrong PINs, for the configured minutes', async () => {
    await t.ok('settings:saveSecurity', { idleLockMinutes: 5, maxPinAttempts: 3, lockoutMinutes: 10, managerAdjustmentYen: 10_000 });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await t.call('session:staffSignIn', { code: '1001', pin: '0000' }, { clientId: 'other' });
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes).toEqual(['STAFF_SIGN_IN_FAILED', 'STAFF_SIGN_IN_FAILED', 'STAFF_LOCKED']);
    const locked = await t.call('session:staffSignIn', { code: '1001', pin: '1234' }, { clientId: 'other' });
    expect(locked.ok || locked.error.code).toBe('STAFF_LOCKED');
    t.clock.advance(10 * 60_000 + 1);
    expect((await t.ok('session:staffSignIn', { code: '1001', pin: '1234' }, { clientId: 'other' })).staff?.code).toBe('1001');
  });

  it('S-02 staff accounts may be signed in on several clients at once', async () => {
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' }, { clientId: 'second-window' });
    expect((await t.ok('session:state', {})).staff?.code).toBe('9001');
    expect((await t.ok('session:state', {}, { clientId: 'second-window' })).staff?.code).toBe('1001');
  });
});

describe('D-07 manager-only exit', () => {
  it('a clerk cannot quit; a manager can, and the shell is asked exactly once', async () => {
    const { setQuitHandler } = await import('../../main/shell/quit.ts');
    const reasons: string[] = [];
    setQuitHandler((reason) => reasons.push(reason));
    try {
      await t.ok('session:staffSignIn', { code: '1001', pin: '1234' }, { clientId: 'clerk' });
      const clerk = await t.call('app:quit', {}, { clientId: 'clerk' });
      expect(clerk.ok || clerk.error.code).toBe('MANAGER_REQUIRED');
      expect(reasons).toEqual([]);
      expect(await t.ok('app:quit', {})).toEqual({ quitting: true });
      expect(reasons).toEqual(['manager']);
    } finally {
      setQuitHandler(null);
    }
    expect(await t.ok('app:quit', {})).toEqual({ quitting: false });
  });
});

describe('P-05 staff accounts kept by a manager', () => {
  it('adds a clerk who can sign in, resets a PIN (which unlocks), deactivates, and refuses the same code twice', async () => {
    const added = await t.ok('staff:add', { code: '1002', name: '新人 次郎', role: 'clerk', pin: '2468' });
    const member = added.find((s) => s.code === '1002')!;
    expect(member).toMatchObject({ role: 'clerk', active: true, locked: false });
    expect((await t.ok('session:staffSignIn', { code: '1002', pin: '2468' }, { clientId: 'new' })).staff?.name).toBe('新人 次郎');
    const taken = await t.call('staff:add', { code: '1002', name: '別人', role: 'clerk', pin: '1111' });
    expect(taken.ok || taken.error.fields).toEqual({ code: 'validation.staffCodeTaken' });

    for (let i = 0; i < 5; i++) await t.call('session:staffSignIn', { code: '1002', pin: '0000' }, { clientId: 'new' });
    expect((await t.ok('staff:list', {})).find((s) => s.code === '1002')?.locked).toBe(true);
    await t.ok('staff:resetPin', { staffId: member.id, pin: '97531' });
    expect((await t.ok('staff:list', {})).find((s) => s.code === '1002')?.locked).toBe(false);
    expect((await t.ok('session:staffSignIn', { code: '1002', pin: '97531' }, { clientId: 'new' })).staff?.code).toBe('1002');

    await t.ok('staff:setActive', { staffId: member.id, active: false });
    const inactive = await t.call('session:staffSignIn', { code: '1002', pin: '97531' }, { clientId: 'new' });
    expect(inactive.ok || inactive.error.code).toBe('STAFF_SIGN_IN_FAILED');
    const self = (await t.ok('session:state', {})).staff!;
    const own = await t.call('staff:setActive', { staffId: self.id, active: false });
    expect(own.ok || own.error.code).toBe('CANNOT_DEACTIVATE_SELF');
  });

  it('is refused to a clerk', async () => {
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const result = await t.call('staff:add', { code: '1003', name: '誰か', role: 'manager', pin: '1234' });
    expect(result.ok || result.error.code).toBe('MANAGER_REQUIRED');
  });
});
