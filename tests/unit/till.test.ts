import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_YEN } from '../../preload/contract.ts';
import type { Reception } from '../../preload/types.ts';
import { checkDenominationCounts, expectedCash } from '../../main/domain/till.ts';
import { DEMO_SIGNATURE_PNG, signedDeclaration } from '../../main/services/demo.ts';
import { executeRequest, STANDARD_FLOAT, startTestCore, type TestCore, walkIn } from '../support/core.ts';

describe('M-02 denomination counts (pure rule)', () => {
  it.each<{ counts: Record<string, number>; total: number; kept: Record<string, number> }>([
    { counts: {}, total: 0, kept: {} },
    { counts: { '10000': 5, '1000': 30, '100': 40, '10': 50 }, total: 84_500, kept: { '10000': 5, '1000': 30, '100': 40, '10': 50 } },
    { counts: { '1': 3, '2000': 1, '5': 0 }, total: 2_003, kept: { '2000': 1, '1': 3 } },
    { counts: { '5000': 100_000 }, total: 500_000_000, kept: { '5000': 100_000 } },
    {
      counts: { '10000': 1, '5000': 1, '2000': 1, '1000': 1, '500': 1, '100': 1, '50': 1, '10': 1, '5': 1, '1': 1 },
      total: 18_666,
      kept: { '10000': 1, '5000': 1, '2000': 1, '1000': 1, '500': 1, '100': 1, '50': 1, '10': 1, '5': 1, '1': 1 },
    },
  ])('M-02 $counts counts to ¥$total', ({ counts, total, kept }) => {
    expect(checkDenominationCounts(counts)).toEqual({ ok: true, total, counts: kept });
  });

  it.each<{ counts: Record<string, number>; problems: Record<string, string> }>([
    { counts: { '1000': -1 }, problems: { '1000': 'negative' } },
    { counts: { '100': 2.5 }, problems: { '100': 'notInteger' } },
    { counts: { '3000': 1 }, problems: { '3000': 'unknownDenomination' } },
    { counts: { '１０００': 1 }, problems: { '１０００': 'unknownDenomination' } },
    { counts: { '10000.0': 1 }, problems: { '10000.0': 'unknownDenomination' } },
    { counts: { '500': Number.NaN }, problems: { '500': 'notInteger' } },
    { counts: { '500': 100_001 }, problems: { '500': 'tooMany' } },
    { counts: { '10': 3, '50': -2, '7': 1 }, problems: { '50': 'negative', '7': 'unknownDenomination' } },
  ])('M-02 $counts is refused: $problems', ({ counts, problems }) => {
    expect(checkDenominationCounts(counts)).toEqual({ ok: false, problems });
  });

  it.each([
    { float: 50_000, movements: [], expected: 50_000 },
    { float: 50_000, movements: [-7_000, -2_000], expected: 41_000 },
    { float: 0, movements: [-MAX_YEN], expected: -MAX_YEN },
  ])('M-03 a float of ¥$float with movements $movements leaves ¥$expected expected', ({ float, movements, expected }) => {
    expect(expectedCash(float, movements)).toBe(expected);
  });
});

const shirt = { categoryId: 'cloth-men', name: 'シャツ（ｶﾀｶﾅ・ひらがな・𠮷）', grade: 'C' as const, quantity: 2, unitPrice: 1000 };

describe('M-02 M-03 the till at the counter (core, real SQLite)', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startTestCore({ openTill: false });
  });
  afterEach(async () => {
    await t.close();
  });

  async function appraised(item = shirt): Promise<Reception> {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item });
    return t.ok('appraisal:complete', { receptionId: r.id });
  }
  const count = (sql: string, ...params: unknown[]) => (t.core.db.prepare(sql).get(...params) as { n: number }).n;
  const tillRows = () => count('SELECT COUNT(*) AS n FROM till_sessions') + count('SELECT COUNT(*) AS n FROM till_movements');
  const auditCount = () => count(`SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'till.%'`);

  it('M-02 a clerk opens the till with a counted float; it shows open with the float as the expected cash, audited', async () => {
    expect(await t.ok('till:current', {})).toEqual({ open: false });
    const opened = await t.ok('till:open', { counts: { '10': 50, '10000': 5, '100': 40, '1000': 30, '5': 0 } });
    expect(opened).toMatchObject({ open: true, openingFloat: 84_500, expectedCash: 84_500, payoutCount: 0, paidOut: 0, openedByName: '山田 花子' });
    expect(opened.open && opened.openingCounts).toEqual({ '10000': 5, '1000': 30, '100': 40, '10': 50 });
    expect(await t.ok('till:current', {})).toEqual(opened);
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'till.open'`).get() as { detail: string };
    expect(JSON.parse(audit.detail)).toEqual({ openingFloat: 84_500, counts: { '10000': 5, '1000': 30, '100': 40, '10': 50 } });
    expect(await t.call('till:open', { counts: STANDARD_FLOAT })).toMatchObject({ ok: false, error: { code: 'TILL_ALREADY_OPEN' } });
    expect(count('SELECT COUNT(*) AS n FROM till_sessions')).toBe(1);
  });

  it('M-02 negative, fractional and unknown-denomination counts are refused field by field and change nothing', async () => {
    const refused = await t.call('till:open', { counts: { '10000': 5, '1000': -3, '100': 1.5, '3000': 1 } });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'TILL_COUNT_INVALID',
        message: 'errors.TILL_COUNT_INVALID',
        fields: { 'counts.1000': 'validation.countNegative', 'counts.100': 'validation.integer', 'counts.3000': 'validation.denominationUnknown' },
      },
    });
    // Not a number at all is refused by the contract before the service sees it.
    expect(await t.call('till:open', { counts: { '1000': '3' as unknown as number } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('till:open', { counts: [] as unknown as Record<string, number> })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(tillRows()).toBe(0);
    expect(auditCount()).toBe(0);
    expect(await t.ok('till:current', {})).toEqual({ open: false });
  });

  it('M-02 a cash settlement with the till closed is refused (TILL_NOT_OPEN) and nothing of it is written; a bank transfer needs no till', async () => {
    const r = await appraised();
    expect(await t.call('settlement:execute', executeRequest(r))).toMatchObject({ ok: false, error: { code: 'TILL_NOT_OPEN' } });
    expect(count('SELECT COUNT(*) AS n FROM settlements WHERE reception_id = ?', r.id)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM stock_items WHERE reception_item_id IN (SELECT id FROM reception_items WHERE reception_id = ?)`, r.id)).toBe(0);
    expect((await t.ok('reception:get', { id: r.id })).status).toBe('appraised');
    expect(t.core.services.printing.jobs().filter((job) => job.kind === 'drawer')).toEqual([]);

    const transfer = await t.ok('settlement:execute', executeRequest(await appraised(), { paymentMethod: 'bank_transfer' }));
    expect(transfer.reception.status).toBe('settled');
    expect(tillRows()).toBe(0);
  });

  it('M-03 each cash settlement is a payout of the open till, with its audit, and the expected cash follows; a bank transfer is not', async () => {
    await t.ok('till:open', { counts: { '10000': 5 } });
    const first = await t.ok('settlement:execute', executeRequest(await appraised()));
    const big = { ...shirt, name: '金地金 1kg', categoryId: 'cloth-men', quantity: 1, unitPrice: 9_999 };
    const second = await t.ok('settlement:execute', executeRequest(await appraised(big)));
    await t.ok('settlement:execute', executeRequest(await appraised(), { paymentMethod: 'bank_transfer' }));
    expect(await t.ok('till:current', {})).toMatchObject({ open: true, openingFloat: 50_000, payoutCount: 2, paidOut: 11_999, expectedCash: 38_001 });
    const payouts = t.core.db.prepare(`SELECT kind, amount, settlement_id FROM till_movements ORDER BY at, amount`).all();
    expect(payouts).toEqual(
      expect.arrayContaining([
        { kind: 'payout', amount: -2_000, settlement_id: first.reception.settlement!.id },
        { kind: 'payout', amount: -9_999, settlement_id: second.reception.settlement!.id },
      ]),
    );
    expect(payouts).toHaveLength(2);
    const audits = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'till.payout' ORDER BY seq`).all() as { detail: string }[];
    expect(audits.map((a) => JSON.parse(a.detail))).toEqual([
      { settlementId: first.reception.settlement!.id, amount: 2_000 },
      { settlementId: second.reception.settlement!.id, amount: 9_999 },
    ]);
  });

  it('M-03 a settlement that fails after its payout was written leaves neither (one SQLite transaction)', async () => {
    await t.ok('till:open', { counts: STANDARD_FLOAT });
    const r = await appraised();
    // A real fault at the last step of execute: SQLite itself refuses the outbox row.
    t.core.db.exec(`CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    expect((await t.call('settlement:execute', executeRequest(r))).ok).toBe(false);
    t.core.db.exec('DROP TRIGGER refuse_outbox');
    expect(count('SELECT COUNT(*) AS n FROM till_movements')).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'till.payout'`)).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM settlements WHERE reception_id = ?', r.id)).toBe(0);
    expect(await t.ok('till:current', {})).toMatchObject({ expectedCash: 84_500, payoutCount: 0 });

    await t.ok('settlement:execute', executeRequest(await t.ok('reception:get', { id: r.id })));
    expect(await t.ok('till:current', {})).toMatchObject({ expectedCash: 82_500, payoutCount: 1 });
  });

  it('M-02 the till belongs to the counter, not the clerk: it stays open across sign-out, another clerk and a restart', async () => {
    await t.ok('till:open', { counts: STANDARD_FLOAT });
    await t.ok('session:staffSignOut', {});
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' });
    expect(await t.ok('till:current', {})).toMatchObject({ open: true, openedByName: '山田 花子', expectedCash: 84_500 });
    await t.reopen();
    await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await t.ok('till:current', {})).toMatchObject({ open: true, expectedCash: 84_500 });
    await t.ok('session:staffSignOut', {});
    expect(await t.call('till:current', {})).toMatchObject({ ok: false, error: { code: 'STAFF_REQUIRED' } });
    expect(await t.call('till:open', { counts: {} })).toMatchObject({ ok: false, error: { code: 'STAFF_REQUIRED' } });
  });

  it('M-05 a close records expected, counted and the difference, audited; the closed till takes no cash until reopened', async () => {
    await t.ok('till:open', { counts: { '10000': 5 } });
    await t.ok('settlement:execute', executeRequest(await appraised()));
    // ¥48,000 expected; the clerk counts ¥47,990: ¥10 short, within the shop's ¥1,000 limit.
    const closed = await t.ok('till:close', { counts: { '10000': 4, '1000': 7, '500': 1, '100': 4, '50': 1, '10': 4 }, approval: null });
    expect(closed).toMatchObject({ openingFloat: 50_000, payoutCount: 1, paidOut: 2_000, expected: 48_000, counted: 47_990, difference: -10, approvedByName: null });
    const row = t.core.db.prepare('SELECT closing_expected, closing_counted, closing_difference, close_approved_by, closed_at FROM till_sessions').get();
    expect(row).toEqual({ closing_expected: 48_000, closing_counted: 47_990, closing_difference: -10, close_approved_by: null, closed_at: closed.closedAt });
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'till.close'`).get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ expected: 48_000, counted: 47_990, difference: -10, approvedBy: null });

    expect(await t.ok('till:current', {})).toEqual({ open: false });
    expect(await t.call('settlement:execute', executeRequest(await appraised()))).toMatchObject({ ok: false, error: { code: 'TILL_NOT_OPEN' } });
    expect(await t.call('till:close', { counts: {}, approval: null })).toMatchObject({ ok: false, error: { code: 'TILL_NOT_OPEN' } });
    expect(await t.ok('till:open', { counts: { '10000': 4 } })).toMatchObject({ open: true, expectedCash: 40_000, payoutCount: 0 });
  });

  it('M-05 a difference above the limit needs a manager: a clerk alone changes nothing, a wrong PIN neither, the manager\'s code and PIN close it', async () => {
    await t.ok('till:open', { counts: { '10000': 5 } });
    const counts = { '10000': 4, '5000': 1, '1000': 3 };
    expect(await t.call('till:close', { counts, approval: null })).toMatchObject({
      ok: false,
      error: { code: 'TILL_CLOSE_NEEDS_APPROVAL', params: { amount: -2_000, limit: 1_000 } },
    });
    expect(await t.call('till:close', { counts, approval: { code: '9001', pin: '0000' } })).toMatchObject({ ok: false });
    expect(await t.call('till:close', { counts, approval: { code: '1001', pin: '1234' } })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(await t.call('till:close', { counts: { '10000': -1 }, approval: null })).toMatchObject({ ok: false, error: { code: 'TILL_COUNT_INVALID' } });
    expect(await t.ok('till:current', {})).toMatchObject({ open: true, expectedCash: 50_000 });
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'till.close'`)).toBe(0);

    const closed = await t.ok('till:close', { counts, approval: { code: '9001', pin: '9999' } });
    expect(closed).toMatchObject({ expected: 50_000, counted: 48_000, difference: -2_000, approvedByName: '佐藤 店長' });
    const manager = t.core.db.prepare(`SELECT id FROM staff WHERE code = '9001'`).get() as { id: string };
    expect(t.core.db.prepare('SELECT close_approved_by FROM till_sessions').get()).toEqual({ close_approved_by: manager.id });
  });

  it('M-06 a ¥120,000 cash buyback with ¥50,000 in the till is refused and writes nothing; a clerk alone or a wrong PIN cannot fund it; the manager\'s approval brings cash from the safe and it settles', async () => {
    await t.ok('till:open', { counts: { '10000': 5 } });
    const r = await appraised({ ...shirt, name: 'ロレックス デイトジャスト 𠮷', quantity: 1, unitPrice: 120_000 });
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: DEMO_SIGNATURE_PNG });
    const signed = { verification: signedDeclaration(walkIn) };
    const refused = await t.call('settlement:execute', executeRequest(r, signed));
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'TILL_SHORTFALL', params: { expected: 50_000, amount: 120_000, shortfall: 70_000 } }),
    });
    expect(count('SELECT COUNT(*) AS n FROM settlements WHERE reception_id = ?', r.id)).toBe(0);
    expect((await t.ok('reception:get', { id: r.id })).status).toBe('appraised');
    expect(t.core.services.printing.jobs().filter((job) => job.kind === 'drawer')).toEqual([]);
    // The customer's signature waits for the retry: nobody asks them to sign again.
    expect((await t.ok('settlement:draft', { receptionId: r.id })).stagedImages).toEqual(['signature']);

    const fund = { amount: 70_000, reason: '金庫から補充', receptionNumber: r.number };
    expect(await t.call('till:fundShortfall', { ...fund, approval: null })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(await t.call('till:fundShortfall', { ...fund, approval: { code: '9001', pin: '0000' } })).toMatchObject({ ok: false });
    expect(await t.call('till:fundShortfall', { ...fund, approval: { code: '1001', pin: '1234' } })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    for (const bad of [{ ...fund, amount: 0 }, { ...fund, amount: -1 }, { ...fund, amount: 1.5 }, { ...fund, amount: MAX_YEN + 1 }, { ...fund, reason: ' ' }]) {
      expect(await t.call('till:fundShortfall', { ...bad, approval: { code: '9001', pin: '9999' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await t.ok('till:current', {})).toMatchObject({ expectedCash: 50_000, movements: [] });
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'till.shortfall_funded'`)).toBe(0);

    const funded = await t.ok('till:fundShortfall', { ...fund, approval: { code: '9001', pin: '9999' } });
    expect(funded).toMatchObject({ expectedCash: 120_000, movements: [{ kind: 'pay_in', amount: 70_000, reason: '金庫から補充', staffName: '山田 花子' }] });
    const manager = t.core.db.prepare(`SELECT id FROM staff WHERE code = '9001'`).get() as { id: string };
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'till.shortfall_funded'`).get() as { detail: string };
    expect(JSON.parse(audit.detail)).toEqual({ amount: 70_000, reason: '金庫から補充', receptionNumber: r.number, approvedBy: manager.id });
    const settled = await t.ok('settlement:execute', executeRequest(r, signed));
    expect(settled.reception.status).toBe('settled');
    expect(await t.ok('till:current', {})).toMatchObject({ expectedCash: 0, payoutCount: 1, paidOut: 120_000 });
  });

  it('M-06 switching the short buyback to bank transfer settles it without touching the till; a closed till is told so, not short', async () => {
    await t.ok('till:open', { counts: { '10000': 5 } });
    const r = await appraised({ ...shirt, quantity: 1, unitPrice: MAX_YEN });
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: DEMO_SIGNATURE_PNG });
    const signed = { verification: signedDeclaration(walkIn) };
    expect(await t.call('settlement:execute', executeRequest(r, signed))).toMatchObject({ ok: false, error: { code: 'TILL_SHORTFALL', params: { shortfall: MAX_YEN - 50_000 } } });
    await t.ok('settlement:execute', executeRequest(r, { ...signed, paymentMethod: 'bank_transfer' }));
    expect(await t.ok('till:current', {})).toMatchObject({ expectedCash: 50_000, payoutCount: 0 });
    await t.ok('till:close', { counts: { '10000': 5 }, approval: null });
    expect(await t.call('till:fundShortfall', { amount: 1, reason: '金庫から補充', receptionNumber: r.number, approval: { code: '9001', pin: '9999' } })).toMatchObject({
      ok: false,
      error: { code: 'TILL_NOT_OPEN' },
    });
  });

  it('M-04 入金, 出金 and 両替 with reasons move the expected cash (an exchange does not), each audited; bad input and a pay-out beyond the till change nothing', async () => {
    expect(await t.call('till:move', { kind: 'pay_in', amount: 1_000, reason: '釣銭補充' })).toMatchObject({ ok: false, error: { code: 'TILL_NOT_OPEN' } });
    await t.ok('till:open', { counts: { '10000': 5 } });
    await t.ok('till:move', { kind: 'pay_in', amount: 20_000, reason: '本部から釣銭補充（千円札20枚）' });
    await t.ok('till:move', { kind: 'exchange', amount: 10_000, reason: '一万円札1枚→千円札10枚' });
    const after = await t.ok('till:move', { kind: 'pay_out', amount: 30_000, reason: '銀行へ入金' });
    expect(after).toMatchObject({ open: true, expectedCash: 40_000, payoutCount: 0, paidOut: 0 });
    expect(after.open && after.movements.map(({ kind, amount, reason, staffName }) => ({ kind, amount, reason, staffName }))).toEqual([
      { kind: 'pay_in', amount: 20_000, reason: '本部から釣銭補充（千円札20枚）', staffName: '山田 花子' },
      { kind: 'exchange', amount: 10_000, reason: '一万円札1枚→千円札10枚', staffName: '山田 花子' },
      { kind: 'pay_out', amount: 30_000, reason: '銀行へ入金', staffName: '山田 花子' },
    ]);
    const audits = t.core.db.prepare(`SELECT action, detail FROM audit_log WHERE action IN ('till.pay_in', 'till.pay_out', 'till.exchange') ORDER BY seq`).all() as { action: string; detail: string }[];
    expect(audits.map((a) => [a.action, JSON.parse(a.detail).amount])).toEqual([
      ['till.pay_in', 20_000],
      ['till.exchange', 10_000],
      ['till.pay_out', 30_000],
    ]);

    const before = count('SELECT COUNT(*) AS n FROM till_movements');
    for (const [request, code] of [
      [{ kind: 'pay_out', amount: 40_001, reason: '銀行へ入金' }, 'TILL_CASH_SHORT'],
      [{ kind: 'pay_in', amount: 0, reason: '釣銭補充' }, 'INVALID_INPUT'],
      [{ kind: 'pay_in', amount: -500, reason: '釣銭補充' }, 'INVALID_INPUT'],
      [{ kind: 'pay_in', amount: 1.5, reason: '釣銭補充' }, 'INVALID_INPUT'],
      [{ kind: 'pay_in', amount: MAX_YEN + 1, reason: '釣銭補充' }, 'INVALID_INPUT'],
      [{ kind: 'pay_in', amount: 500, reason: '   ' }, 'INVALID_INPUT'],
      [{ kind: 'refund', amount: 500, reason: '返金' }, 'INVALID_INPUT'],
    ] as const) {
      expect(await t.call('till:move', request as never)).toMatchObject({ ok: false, error: { code } });
    }
    expect(count('SELECT COUNT(*) AS n FROM till_movements')).toBe(before);
    expect(await t.ok('till:current', {})).toMatchObject({ expectedCash: 40_000 });
  });

  it('M-05 a check (点検) records expected, counted and the difference in the audit and leaves the till open and unchanged', async () => {
    expect(await t.call('till:check', { counts: {} })).toMatchObject({ ok: false, error: { code: 'TILL_NOT_OPEN' } });
    await t.ok('till:open', { counts: { '10000': 5 } });
    await t.ok('settlement:execute', executeRequest(await appraised()));
    const check = await t.ok('till:check', { counts: { '10000': 4, '1000': 8, '10': 1 } });
    expect(check).toMatchObject({ expected: 48_000, counted: 48_010, difference: 10 });
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'till.check'`).get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({ expected: 48_000, counted: 48_010, difference: 10 });
    expect(await t.call('till:check', { counts: { '1000': -1 } })).toMatchObject({ ok: false, error: { code: 'TILL_COUNT_INVALID' } });
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'till.check'`)).toBe(1);
    expect(await t.ok('till:current', {})).toMatchObject({ open: true, expectedCash: 48_000, payoutCount: 1 });
    expect(t.core.db.prepare('SELECT closed_at, closing_counted FROM till_sessions').get()).toEqual({ closed_at: null, closing_counted: null });
  });
});
