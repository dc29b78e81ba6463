import { tillClosePayloadSchema } from 'kaitori-sync-protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPrinterSettings, type PrinterSettings } from '../../common/printing.ts';
import { writeSetting } from '../../main/services/settings.ts';
import type { Reception } from '../../preload/types.ts';
import { executeRequest, sellerAccount, startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { type EscposEmulator, printersAt, startEscposEmulator } from '../support/escpos-emulator.ts';

const shirt = { categoryId: 'cloth-men', name: 'シャツ（ｶﾀｶﾅ・ひらがな・𠮷）', grade: 'C' as const, quantity: 2, unitPrice: 1000 };

describe('M-07 the close report and the close at HQ (core, real SQLite, printer emulator over TCP)', () => {
  let t: TestCore;
  let emulator: EscposEmulator;

  beforeEach(async () => {
    t = await startTestCore({ signIn: 'manager', openTill: false });
    emulator = await startEscposEmulator();
    writeSetting(t.core.db, 'printers', printersAt(emulator, (s: PrinterSettings) => (s.receipt.drawer.enabled = false)), t.clock.now().toISOString());
  });
  afterEach(async () => {
    await t.close();
    await emulator.close();
  });

  async function appraised(item = shirt): Promise<Reception> {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item });
    return t.ok('appraisal:complete', { receptionId: r.id });
  }
  /** The day goes by with the clerk at work (the idle lock signs out after 5 minutes without activity). */
  async function minutes(n: number) {
    for (let left = n; left > 0; left -= 4) {
      t.clock.advance(Math.min(4, left) * 60_000);
      await t.ok('session:activity', {});
    }
  }
  const outboxCloses = () =>
    t.core.db.prepare(`SELECT aggregate_id, payload FROM outbox WHERE kind = 'till_close'`).all() as { aggregate_id: string; payload: string }[];

  /** The day, shortened: float, cash and bank-transfer buybacks, movements, a check, a close ¥10 short. */
  async function aDay() {
    await t.ok('till:saveSettings', { closeApprovalYen: 0 });
    await minutes(1); // the demo's own settlement was made at the start; the day begins after it
    const opened = await t.ok('till:open', { counts: { '10000': 4, '1000': 9, '100': 9, '10': 10 } }); // ¥50,000
    await minutes(29);
    await t.ok('settlement:execute', executeRequest(await appraised()));
    await minutes(5);
    await t.ok('settlement:execute', executeRequest(await appraised({ ...shirt, unitPrice: 3_500, quantity: 1 })));
    await minutes(5);
    await t.ok('settlement:execute', executeRequest(await appraised({ ...shirt, unitPrice: 9_800, quantity: 1 }), { paymentMethod: 'bank_transfer', bankAccount: sellerAccount }));
    await t.ok('till:move', { kind: 'pay_in', amount: 10_000, reason: '本部から釣銭補充' });
    await t.ok('till:move', { kind: 'pay_out', amount: 3_000, reason: '文具購入 🖊' });
    await t.ok('till:move', { kind: 'exchange', amount: 10_000, reason: '一万円札→千円札10枚' });
    await minutes(60);
    await t.ok('till:check', { counts: { '10000': 4, '1000': 11, '500': 1 } }); // ¥51,500 of ¥51,500
    await minutes(120);
    // Expected: 50,000 − 2,000 − 3,500 + 10,000 − 3,000 = ¥51,500; counted ¥51,490: ¥10 short, over a limit of ¥0.
    const closed = await t.ok('till:close', { counts: { '10000': 4, '1000': 11, '100': 4, '50': 1, '10': 4 }, approval: null });
    return { opened, closed };
  }

  it('M-07 a close prints the close report on the receipt printer: times in Tokyo, staff, float, totals by method, movements, check, counts, difference and approver', async () => {
    const { closed } = await aDay();
    expect(closed).toMatchObject({ expected: 51_500, counted: 51_490, difference: -10, approvedByName: '佐藤 店長', reportError: null });
    expect(closed.reportJob).toMatchObject({ kind: 'till_report', printer: 'receipt' });
    const [paper] = await emulator.waitForCut(1, 10_000);
    const text = paper!.text;
    for (const expected of [
      'レジ締めレポート',
      '開局 2026/11/27 10:01', // 01:01 UTC is 10:01 in Tokyo
      '締め 2026/11/27 13:40',
      '釣銭準備金 ¥50,000',
      '現金（支払） 2件 ¥5,500',
      '銀行振込 1件 ¥9,800',
      '入金 1件 ¥10,000',
      '出金 1件 ¥3,000',
      '両替 1件 ¥10,000',
      '実際／差額 ¥51,500／¥0',
      '¥10,000 × 4 ¥40,000',
      '¥10 × 4 ¥40',
      '理論値 ¥51,500',
      '実際の現金 ¥51,490',
      '差額 -¥10',
      '差額承認 佐藤 店長',
    ]) {
      expect(text.replace(/ +/g, ' ')).toContain(expected);
    }
    expect(text).not.toContain('再発行');
    expect(emulator.unknownCommands()).toEqual([]);
    await expect.poll(async () => (await t.ok('printer:jobs', {})).find((j) => j.id === closed.reportJob!.id)?.status).toBe('done');

    // Reprinted from the history: the same report, marked 再発行.
    const reprint = await t.ok('till:reprintReport', { sessionId: closed.id });
    expect(reprint).toMatchObject({ kind: 'till_report' });
    const papers = await emulator.waitForCut(2, 10_000);
    expect(papers[1]!.text).toContain('【再発行】');
    expect(papers[1]!.text.replace(/ +/g, ' ')).toContain('差額 -¥10');
    await expect.poll(async () => (await t.ok('printer:jobs', {})).find((j) => j.id === reprint.id)?.status).toBe('done');
  });

  it('M-07 the close goes to HQ through the outbox in its own transaction, once, with what the report shows', async () => {
    const { closed } = await aDay();
    const rows = outboxCloses();
    expect(rows.map((r) => r.aggregate_id)).toEqual([closed.id]);
    const payload = tillClosePayloadSchema.parse(JSON.parse(rows[0]!.payload));
    expect(payload).toMatchObject({
      tillSessionId: closed.id,
      storeCode: 'S001',
      terminalCode: 'T01',
      staffCode: '9001',
      openedByStaffCode: '9001',
      openingFloat: 50_000,
      payouts: { count: 2, amount: 5_500 },
      otherMethods: [{ method: 'bank_transfer', label: '銀行振込', count: 1, amount: 9_800 }],
      payIns: { count: 1, amount: 10_000 },
      payOuts: { count: 1, amount: 3_000 },
      exchanges: { count: 1, amount: 10_000 },
      checks: [{ expected: 51_500, counted: 51_500, difference: 0 }],
      expected: 51_500,
      counted: 51_490,
      difference: -10,
      approvedByStaffCode: '9001',
      closingCounts: { '10000': 4, '1000': 11, '100': 4, '50': 1, '10': 4 },
    });
    // A close refused for approval writes nothing, the outbox row included.
    await t.ok('till:open', { counts: { '10000': 1 } });
    await t.ok('session:staffSignOut', {});
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await t.call('till:close', { counts: {}, approval: null })).toMatchObject({ ok: false, error: { code: 'TILL_CLOSE_NEEDS_APPROVAL' } });
    expect(outboxCloses()).toHaveLength(1);
  });

  it('M-07 a close whose outbox row SQLite refuses leaves the till open, unrecorded and unaudited (one transaction)', async () => {
    await t.ok('till:open', { counts: { '10000': 5 } });
    t.core.db.exec(`CREATE TEMP TRIGGER refuse_close BEFORE INSERT ON outbox WHEN NEW.kind = 'till_close' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(await t.call('till:close', { counts: { '10000': 5 }, approval: null })).toMatchObject({ ok: false });
    expect(await t.ok('till:current', {})).toMatchObject({ open: true, expectedCash: 50_000 });
    expect(t.core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'till.close'`).get()).toEqual({ n: 0 });
    t.core.db.exec('DROP TRIGGER refuse_close');
    expect(await t.ok('till:close', { counts: { '10000': 5 }, approval: null })).toMatchObject({ difference: 0 });
    expect(outboxCloses()).toHaveLength(1);
  });

  it('M-07 with the receipt printer down the close stands, its report fails after retrying and prints on retry once the printer is back', async () => {
    await t.ok('till:open', { counts: { '10000': 5 } });
    await emulator.close();
    const closed = await t.ok('till:close', { counts: { '10000': 5 }, approval: null });
    expect(await t.ok('till:current', {})).toEqual({ open: false });
    expect(outboxCloses()).toHaveLength(1);
    await expect
      .poll(async () => (await t.ok('printer:jobs', {})).find((j) => j.id === closed.reportJob!.id)?.status, { timeout: 20_000 })
      .toBe('failed');
    await emulator.restart();
    expect(await t.ok('printer:retry', { jobId: closed.reportJob!.id })).toMatchObject({ status: 'done' });
    const [paper] = await emulator.waitForCut(1, 10_000);
    expect(paper!.text).toContain('レジ締めレポート');
    // It reached the paper first on the retry: that print is the original; the next one is the reprint.
    expect(paper!.text).not.toContain('再発行');
  });

  it('M-07 B-07 on the virtual printer (a counter without one) the close report prints and its preview shows the figures', async () => {
    writeSetting(t.core.db, 'printers', defaultPrinterSettings, t.clock.now().toISOString());
    await t.ok('till:open', { counts: { '10000': 5 } });
    const closed = await t.ok('till:close', { counts: { '10000': 5 }, approval: null });
    expect(closed.reportJob).toMatchObject({ kind: 'till_report', target: expect.stringContaining('virtual') });
    await expect.poll(async () => (await t.ok('printer:jobs', {})).find((j) => j.id === closed.reportJob!.id)?.status).toBe('done');
    const { svg } = await t.ok('printer:preview', { jobId: closed.reportJob!.id });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('レジ締めレポート');
    expect(svg).toContain('¥50,000');
  });

  it('M-07 with the receipt printer OFF the close stands and says no report was printed', async () => {
    await t.ok('till:open', { counts: { '10000': 5 } });
    writeSetting(t.core.db, 'printers', printersAt(emulator, (s) => (s.receipt.enabled = false)), t.clock.now().toISOString());
    const closed = await t.ok('till:close', { counts: { '10000': 5 }, approval: null });
    expect(closed).toMatchObject({ reportJob: null, reportError: 'RECEIPT_PRINTER_OFF' });
    expect(await t.ok('till:current', {})).toEqual({ open: false });
  });

  it('M-05 M-07 checks are kept as rows the history lists; a clerk sees only the session in hand, a manager the past ones', async () => {
    const { closed } = await aDay();
    await t.ok('till:open', { counts: { '10000': 3 } });
    const all = await t.ok('till:history', {});
    expect(all.map((s) => [s.closedAt === null, s.openingFloat, s.difference])).toEqual([
      [true, 30_000, null],
      [false, 50_000, -10],
    ]);
    const detail = await t.ok('till:session', { sessionId: closed.id });
    expect(detail.checks).toEqual([expect.objectContaining({ staffName: '佐藤 店長', expected: 51_500, counted: 51_500, difference: 0 })]);
    expect(detail.movements.map((m) => m.kind)).toEqual(['pay_in', 'pay_out', 'exchange']);
    expect(await t.call('till:reprintReport', { sessionId: all[0]!.id })).toMatchObject({ ok: false, error: { code: 'TILL_SESSION_OPEN' } });

    await t.ok('session:staffSignOut', {});
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect((await t.ok('till:history', {})).map((s) => s.openingFloat)).toEqual([30_000]);
    expect(await t.call('till:session', { sessionId: closed.id })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(await t.call('till:reprintReport', { sessionId: closed.id })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(await t.call('till:session', { sessionId: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'TILL_SESSION_NOT_FOUND' } });
  });

  it('M-05 the approval limit: a manager sets 0…MAX_YEN in whole yen; a clerk, a negative, a fraction or more than MAX_YEN change nothing', async () => {
    expect(await t.ok('till:settings', {})).toEqual({ closeApprovalYen: 1_000 });
    expect(await t.ok('till:saveSettings', { closeApprovalYen: 100_000_000 })).toEqual({ closeApprovalYen: 100_000_000 });
    for (const bad of [-1, 10.5, 100_000_001]) {
      expect(await t.call('till:saveSettings', { closeApprovalYen: bad })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    await t.ok('session:staffSignOut', {});
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await t.call('till:saveSettings', { closeApprovalYen: 0 })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(await t.ok('till:settings', {})).toEqual({ closeApprovalYen: 100_000_000 });
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'settings.till'`).all() as { detail: string }[];
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ closeApprovalYen: { from: 1_000, to: 100_000_000 } }]);
  });
});
