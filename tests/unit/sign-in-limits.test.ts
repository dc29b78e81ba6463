/**
 * Issue 13 §6: guessing. Terminal passwords (S-01) and manager PINs typed into a clerk's approval dialog (P-05).
 * The clock is the test's: attempts come as fast as a script types them (17 a second), not as fast as a test runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore, walkIn, watch } from '../support/core.ts';

describe('terminal sign-in attempt limit (S-01)', () => {
  let t: TestCore;
  afterEach(async () => {
    await t?.close();
  });
  const audited = (action: string) =>
    (t.core.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;

  it('S-01 200 wrong passwords at 17 a second, then the right one, does not simply work; the failures are audited', async () => {
    t = await startTestCore({ signIn: false });
    const codes: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      t.clock.advance(59);
      const result = await t.call('session:terminalSignIn', { code: 'T01', password: `guess-${i}` });
      expect(result.ok).toBe(false);
      if (!result.ok) codes[result.error.code] = (codes[result.error.code] ?? 0) + 1;
    }
    // A few honest mistakes cost nothing; then every failure doubles the wait and tries during a wait are not even checked.
    expect(codes.TERMINAL_SIGN_IN_FAILED).toBe(4);
    expect(codes.TERMINAL_SIGN_IN_WAIT).toBe(196);
    const checked = audited('terminal.sign_in_failed');
    expect(checked).toBeLessThan(15);
    expect(checked).toBeGreaterThan(4);
    const right = await t.call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    expect(right).toMatchObject({ ok: false, error: { code: 'TERMINAL_SIGN_IN_WAIT', params: { seconds: expect.any(Number) } } });
    expect((await t.ok('session:state', {})).terminal).toBeNull();

    // The wait survives a restart of the app.
    await t.reopen();
    expect(await t.call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).toMatchObject({ ok: false, error: { code: 'TERMINAL_SIGN_IN_WAIT' } });

    // Once it is over, the right password works and the count starts again.
    t.clock.advance(15 * 60_000);
    expect((await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).terminal?.code).toBe('T01');
    expect(await t.call('session:terminalSignIn', { code: 'T01', password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'TERMINAL_SIGN_IN_FAILED' } });
  });

  it('S-01 unknown terminal codes are limited and audited the same way (no hint whether a code exists)', async () => {
    t = await startTestCore({ signIn: false });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await t.call('session:terminalSignIn', { code: 'T99', password: 'x' }));
    expect(results.map((r) => !r.ok && r.error.code)).toEqual([
      'TERMINAL_SIGN_IN_FAILED',
      'TERMINAL_SIGN_IN_FAILED',
      'TERMINAL_SIGN_IN_FAILED',
      'TERMINAL_SIGN_IN_FAILED',
      'TERMINAL_SIGN_IN_WAIT',
      'TERMINAL_SIGN_IN_WAIT',
    ]);
    const row = t.core.db.prepare(`SELECT entity_id, terminal_id, detail FROM audit_log WHERE action = 'terminal.sign_in_failed' ORDER BY seq DESC LIMIT 1`).get();
    expect(row).toMatchObject({ entity_id: 'T99', terminal_id: null });
    expect(JSON.parse((row as { detail: string }).detail)).toMatchObject({ failures: 5, waitSeconds: 1, knownCode: false });
  });
});

describe('manager approval attempts at the counter (P-05)', () => {
  let t: TestCore;
  afterEach(async () => {
    await t?.close();
  });

  it('P-05 a clerk gets 3 tries at a manager PIN, then a pause; the manager is never locked out of their own sign-in', async () => {
    t = await startTestCore({ signIn: 'clerk' });
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: watch });
    const adjust = (pin: string) =>
      t.call('appraisal:setAdjustment', { receptionId: r.id, amount: -20_000, reason: '傷あり', approval: { code: '9001', pin } });
    const tries = [];
    for (const pin of ['0000', '1111', '2222', '9999']) tries.push(await adjust(pin));
    expect(tries.map((x) => !x.ok && x.error.code)).toEqual([
      'STAFF_SIGN_IN_FAILED',
      'STAFF_SIGN_IN_FAILED',
      'APPROVAL_ATTEMPTS_EXCEEDED',
      'APPROVAL_ATTEMPTS_EXCEEDED',
    ]);
    // Signing out and in again does not reset the clerk's pause.
    await t.ok('session:staffSignOut', {});
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await adjust('9999')).toMatchObject({ ok: false, error: { code: 'APPROVAL_ATTEMPTS_EXCEEDED' } });
    // Ten more wrong approvals would have locked the manager under the old rule; their own sign-in still works.
    expect((await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, { clientId: 'manager-till' })).staff?.role).toBe('manager');
    const failures = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'staff.manager_approval_failed'`).all() as { detail: string }[];
    expect(failures).toHaveLength(3);
    expect(JSON.parse(failures[0]!.detail)).toEqual({ requestedBy: expect.any(String) });

    t.clock.advance(5 * 60_000 + 1);
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' }); // the idle lock ended the clerk's session meanwhile
    expect((await adjust('9999')).ok).toBe(true);
  });

  it('P-05 after a second round of wrong PINs the pause doubles', async () => {
    t = await startTestCore({ signIn: 'clerk' });
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: watch });
    const adjust = (pin: string) =>
      t.call('appraisal:setAdjustment', { receptionId: r.id, amount: -20_000, reason: '傷あり', approval: { code: '9001', pin } });
    // The clock jumps past the idle lock, so the clerk signs in again each time (as at a real counter).
    const wait = async (ms: number) => {
      t.clock.advance(ms);
      await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    };
    for (const pin of ['0000', '1111', '2222']) await adjust(pin);
    await wait(5 * 60_000 + 1);
    for (const pin of ['0000', '1111']) await adjust(pin);
    expect(await adjust('2222')).toMatchObject({ ok: false, error: { code: 'APPROVAL_ATTEMPTS_EXCEEDED', params: { minutes: 10 } } });
    await wait(5 * 60_000 + 1);
    expect(await adjust('9999')).toMatchObject({ ok: false, error: { code: 'APPROVAL_ATTEMPTS_EXCEEDED' } });
    await wait(5 * 60_000);
    expect((await adjust('9999')).ok).toBe(true);
  });
});
