import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeSetting } from '../../../main/services/settings.ts';
import { defaultPrinterSettings, type PrinterSettings, type PrintJob } from '../../../common/printing.ts';
import type { Reception } from '../../../preload/types.ts';
import { startTestCore, type TestCore, walkIn } from '../../support/core.ts';
import { type EscposEmulator, startEscposEmulator } from '../../support/escpos-emulator.ts';

// Under ¥10,000 and in categories that need no identity check, so these tests are about printing alone.
const wallet = { categoryId: 'brand-wallet', name: '長財布', grade: 'B' as const, quantity: 1, unitPrice: 4000 };
const shirt = { categoryId: 'cloth-men', name: 'シャツ', grade: 'C' as const, quantity: 2, unitPrice: 1000 };
const scarf = { categoryId: 'cloth-men', name: 'マフラー', grade: 'A' as const, quantity: 1, unitPrice: 1500 };

let t: TestCore;
let emulator: EscposEmulator;
let jobEvents: PrintJob[];

beforeEach(async () => {
  t = await startTestCore({ signIn: 'manager' });
  emulator = await startEscposEmulator();
  jobEvents = [];
  t.core.events.on('print:job', (job) => jobEvents.push(job));
});
afterEach(async () => {
  t.close();
  await emulator.close();
});

function printers(change: (settings: PrinterSettings) => void = () => {}): PrinterSettings {
  const tcp = { kind: 'tcp' as const, host: emulator.host, port: emulator.port };
  const settings: PrinterSettings = {
    receipt: { ...defaultPrinterSettings.receipt, transport: tcp },
    label: { ...defaultPrinterSettings.label, transport: tcp },
  };
  change(settings);
  return settings;
}

async function appraised(items = [wallet, shirt, scarf], member = false): Promise<Reception> {
  const customerId = member ? (await t.ok('customer:search', { query: 'M0000001' }))[0]!.id : null;
  const r = customerId
    ? await t.ok('reception:create', { kind: 'member', customerId })
    : await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  for (const item of items) await t.ok('appraisal:addItem', { receptionId: r.id, item });
  return t.ok('appraisal:complete', { receptionId: r.id });
}

function execute(r: Reception, overrides: { cancelledItemIds?: string[]; printMethod?: 'receipt' | 'none'; points?: number | null } = {}) {
  return t.ok('settlement:execute', {
    receptionId: r.id,
    version: r.version,
    settlementId: randomUUID(),
    cancelledItemIds: overrides.cancelledItemIds ?? [],
    ecPublishItemIds: [],
    agreedTermsVersion: 1,
    paymentMethod: 'cash',
    printMethod: overrides.printMethod ?? 'receipt',
    points: overrides.points ?? null,
  });
}

describe('printing wired into the core', () => {
  it('B-07 a new install prints to the virtual printer with both printers on, and settlement offers the receipt', async () => {
    expect(await t.ok('printer:settings', {})).toEqual(defaultPrinterSettings);
    const options = await t.ok('settlement:options', {});
    expect(options.receiptPrinter.enabled).toBe(true);
    expect(options.labelPrinter.enabled).toBe(true);
  });

  it('S-16 S-18 the receipt printed at execute reads right: shop, staff, live items, total, payment, points and terms', async () => {
    await t.ok('printer:updateSettings', { settings: printers() });
    const r = await appraised([wallet, shirt, scarf], true);
    const cancelled = r.items.find((i) => i.name === 'マフラー')!;
    const result = await execute(r, { cancelledItemIds: [cancelled.id] });
    expect(result.printError).toBeNull();
    expect(result.receiptJob).toMatchObject({ kind: 'receipt', description: r.number });
    const [paper] = await emulator.waitForCut(1, 5000);
    const text = paper!.text;
    for (const expected of [
      'かいとり屋 渋谷店',
      '東京都渋谷区渋谷2-1-1',
      '東京都公安委員会 第301234567890号',
      'T1234567890123',
      r.number,
      '佐藤 店長',
      '長財布',
      'シャツ',
      '¥6,000',
      '現金',
      '買取同意事項',
      '鈴木 一郎',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('マフラー');
    // A member gets ¥6,000 / 100 = 60 points; their balance was zero before.
    expect(paper!.lines.some((l) => l.includes('60') && /ポイント/.test(l))).toBe(true);
    expect(paper!.barcodes).toContainEqual({ symbology: 'CODE128', data: r.number });
    await expect.poll(async () => (await t.ok('printer:jobs', {}))[0]?.status).toBe('done');
    const jobs = await t.ok('printer:jobs', {});
    expect(jobs[0]).toMatchObject({ id: result.receiptJob!.id, kind: 'receipt', status: 'done', description: r.number });
    expect(jobEvents.filter((j) => j.kind === 'receipt').map((j) => j.status)).toEqual(['queued', 'printing', 'done']);
  });

  it('S-07 with the label printer OFF, label print refuses with PRINTER_OFF and nothing is queued or sent', async () => {
    await t.ok('printer:updateSettings', { settings: printers((s) => (s.label.enabled = false)) });
    const r = await appraised();
    const before = JSON.stringify(t.core.db.prepare('SELECT * FROM reception_items ORDER BY id').all());
    const result = await t.call('printer:printLabels', { receptionId: r.id, itemIds: [r.items[0]!.id] });
    expect(result).toMatchObject({ ok: false, error: { code: 'PRINTER_OFF', message: 'errors.PRINTER_OFF' } });
    expect((await t.ok('settlement:options', {})).labelPrinter.enabled).toBe(false);
    expect(await t.ok('printer:jobs', {})).toEqual([]);
    expect(jobEvents).toEqual([]);
    expect(emulator.connectionCount()).toBe(0);
    expect(JSON.stringify(t.core.db.prepare('SELECT * FROM reception_items ORDER BY id').all())).toBe(before);
  });

  it('S-07 P-07 labels of the chosen items carry their stock codes as CODE128, and reprint from stock', async () => {
    await t.ok('printer:updateSettings', { settings: printers() });
    const r = await appraised();
    const chosen = [r.items[0]!, r.items[2]!];
    const printed = await t.ok('printer:printLabels', { receptionId: r.id, itemIds: chosen.map((i) => i.id) });
    expect(printed).toMatchObject({ printed: 2, job: { status: 'done', kind: 'label' } });
    const settled = await execute(r, { printMethod: 'none' });
    const stock = settled.stock.find((s) => s.code === r.items[1]!.stockCode)!;
    expect(await t.ok('printer:printStockLabels', { stockItemIds: [stock.id] })).toMatchObject({ printed: 1 });
    const papers = await emulator.waitForCut(3, 5000);
    expect(papers.map((p) => p.barcodes)).toEqual([
      [{ symbology: 'CODE128', data: chosen[0]!.stockCode }],
      [{ symbology: 'CODE128', data: chosen[1]!.stockCode }],
      [{ symbology: 'CODE128', data: stock.code }],
    ]);
    expect(papers[0]!.text).toContain('長財布');
    expect(papers[0]!.text).toContain('4,000');
  });

  it('S-16 a receipt printer that is down never undoes the settlement: execute answers at once, the job retries by itself, then fails, and retry prints it', async () => {
    await t.ok('printer:updateSettings', { settings: printers() });
    await emulator.close();
    const r = await appraised();
    const result = await execute(r);
    expect(result.reception.status).toBe('settled');
    expect(result.printError).toBeNull();
    expect(['queued', 'printing']).toContain(result.receiptJob?.status);
    const status = t.core.db.prepare('SELECT status FROM receptions WHERE id = ?').get(r.id) as { status: string };
    expect(status.status).toBe('settled');
    // Tried three times (at once, after 2 s, after 5 s more), telling the screen each time.
    await expect.poll(async () => (await t.ok('printer:jobs', {}))[0]?.status, { timeout: 15_000, interval: 200 }).toBe('failed');
    const [failed] = await t.ok('printer:jobs', {});
    expect(failed).toMatchObject({ id: result.receiptJob!.id, kind: 'receipt', status: 'failed', attempts: 3, error: { code: 'PRINTER_OFFLINE' } });
    const seen = jobEvents.filter((j) => j.id === failed!.id).map((j) => j.status);
    expect(seen.filter((s) => s === 'retrying')).toHaveLength(2);

    await emulator.restart();
    const retried = await t.ok('printer:retry', { jobId: failed!.id });
    expect(retried).toMatchObject({ id: failed!.id, status: 'done', attempts: 4, error: null });
    const [paper] = await emulator.waitForCut(1, 5000);
    expect(paper!.text).toContain('¥7,500');
  });

  it('S-18 a settled receipt reprints from the reception list; an unsettled one and an OFF printer are refused', async () => {
    const r = await appraised();
    expect(await t.call('printer:reprintReceipt', { receptionId: r.id })).toMatchObject({ ok: false, error: { code: 'RECEPTION_NOT_SETTLED' } });
    await execute(r, { printMethod: 'none' });
    await t.ok('printer:updateSettings', { settings: printers() });
    expect(await t.ok('printer:reprintReceipt', { receptionId: r.id })).toMatchObject({ kind: 'receipt', status: 'done' });
    expect((await emulator.waitForCut(1, 5000))[0]!.text).toContain(r.number);

    await t.ok('printer:updateSettings', { settings: printers((s) => (s.receipt.enabled = false)) });
    expect(await t.call('printer:reprintReceipt', { receptionId: r.id })).toMatchObject({ ok: false, error: { code: 'RECEIPT_PRINTER_OFF' } });
    const refused = await t.call('settlement:execute', {
      receptionId: (await appraised()).id,
      version: 3,
      settlementId: randomUUID(),
      cancelledItemIds: [],
      ecPublishItemIds: [],
      agreedTermsVersion: 1,
      paymentMethod: 'cash',
      printMethod: 'receipt',
      points: null,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RECEIPT_PRINTER_OFF' } });
  });

  it('P-01 B-07 the reception slip prints on the (virtual) receipt printer and its preview carries the number', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const job = await t.ok('printer:printSlip', { receptionId: r.id });
    expect(job).toMatchObject({ printer: 'receipt', kind: 'slip', status: 'done', target: expect.stringContaining('virtual') });
    const { svg } = await t.ok('printer:preview', { jobId: job.id });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`data-value="${r.number}"`);
    expect(svg).toContain('木村 拓也');
  });

  it('P-04 only a manager changes printer settings; every printer channel needs a signed-in actor', async () => {
    writeSetting(t.core.db, 'printers', printers(), t.clock.now().toISOString());
    await t.ok('session:staffSignOut', {});
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const clerk = await t.call('printer:updateSettings', { settings: defaultPrinterSettings });
    expect(clerk).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect((await t.ok('printer:settings', {})).receipt.transport).toMatchObject({ kind: 'tcp' });
    expect(await t.ok('printer:testPrint', { printer: 'label' })).toMatchObject({ status: 'done', kind: 'test' });
    await t.ok('session:staffSignOut', {});
    for (const [channel, request] of [
      ['printer:settings', {}],
      ['printer:jobs', {}],
      ['printer:usbDevices', {}],
      ['printer:testPrint', { printer: 'receipt' }],
    ] as const) {
      expect(await t.call(channel, request)).toMatchObject({ ok: false, error: { code: 'STAFF_REQUIRED' } });
    }
  });
});
