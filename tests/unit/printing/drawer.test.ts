import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeEscpos } from '../../../main/printing/escpos-decoder.ts';
import { drawerKick } from '../../../main/printing/layouts/drawer.ts';
import { receiptLayout } from '../../../main/printing/layouts/receipt.ts';
import { renderPreview } from '../../../main/printing/preview.ts';
import { createPrintingService } from '../../../main/printing/service.ts';
import { writeSetting } from '../../../main/services/settings.ts';
import { defaultPrinterSettings, type PrinterSettings, printerSettingsSchema } from '../../../common/printing.ts';
import type { Reception } from '../../../preload/types.ts';
import { executeRequest, sellerAccount, startTestCore, type TestCore, walkIn } from '../../support/core.ts';
import { type EscposEmulator, printersAt, readPapers, startEscposEmulator } from '../../support/escpos-emulator.ts';
import { gatedPrinter, receiptData } from './fixtures.ts';

describe('M-01 the drawer kick on the wire', () => {
  it.each([
    { pin: 2 as const, pulseOnMs: 50, pulseOffMs: 500, bytes: [0x1b, 0x70, 0x00, 25, 250] },
    { pin: 5 as const, pulseOnMs: 50, pulseOffMs: 500, bytes: [0x1b, 0x70, 0x01, 25, 250] },
    { pin: 2 as const, pulseOnMs: 2, pulseOffMs: 2, bytes: [0x1b, 0x70, 0x00, 1, 1] },
    { pin: 5 as const, pulseOnMs: 510, pulseOffMs: 510, bytes: [0x1b, 0x70, 0x01, 255, 255] },
    { pin: 2 as const, pulseOnMs: 120, pulseOffMs: 240, bytes: [0x1b, 0x70, 0x00, 60, 120] },
  ])('M-01 pin $pin, $pulseOnMs ms on / $pulseOffMs ms off is ESC p $bytes, read back the same by the emulator and the decoder', (row) => {
    const bytes = drawerKick(row);
    expect([...bytes]).toEqual(row.bytes);
    const kick = { pin: row.pin, pulseOnMs: row.pulseOnMs, pulseOffMs: row.pulseOffMs };
    const read = readPapers(bytes);
    expect(read).toMatchObject({ papers: [], unknownCommands: [], drawerKicks: [kick] });
    expect(read.uncut.items).toEqual([]);
    expect(decodeEscpos(bytes)).toEqual({ elements: [{ type: 'drawer', ...kick }], unknown: [] });
  });

  it('M-01 a kick ahead of a receipt opens the drawer and leaves the receipt as it prints, with nothing unknown', () => {
    const receipt = receiptLayout(receiptData(), defaultPrinterSettings.receipt);
    const read = readPapers(Buffer.concat([drawerKick(defaultPrinterSettings.receipt.drawer), receipt]));
    expect(read.drawerKicks).toEqual([{ pin: 2, pulseOnMs: 50, pulseOffMs: 500 }]);
    expect(read.unknownCommands).toEqual([]);
    expect(read.papers.map((p) => p.text)).toEqual(readPapers(receipt).papers.map((p) => p.text));
  });

  it('M-01 an ESC p with another m, and a command nobody knows, stay unknown commands instead of kicks', () => {
    const read = readPapers(Buffer.from([0x1b, 0x70, 0x02, 25, 250, 0x1b, 0x71, 0x1b, 0x70, 0x30, 10, 20]));
    expect(read.drawerKicks).toEqual([{ pin: 2, pulseOnMs: 20, pulseOffMs: 40 }]);
    expect(read.unknownCommands).toEqual(['ESC p with m=2 at 0', 'ESC 71 at 5']);
    expect(decodeEscpos(Buffer.from([0x1b, 0x70, 0x07, 1, 1])).unknown).toEqual([0]);
  });

  it('B-07 M-01 the virtual printer preview of a kick says which pin it pulsed and for how long', async () => {
    const svg = await renderPreview(drawerKick({ pin: 5, pulseOnMs: 100, pulseOffMs: 200 }), 80);
    expect(svg).toContain('data-drawer-pin="5"');
    expect(svg).toContain('[ドロア開放 ピン5 100ms/200ms]');
  });
});

describe('M-01 drawer settings', () => {
  it('M-01 printer settings saved before the drawer existed read with the drawer ON, pin 2, 50 ms / 500 ms', () => {
    const { drawer: _, ...older } = defaultPrinterSettings.receipt;
    const parsed = printerSettingsSchema.parse({ ...defaultPrinterSettings, receipt: older });
    expect(parsed.receipt.drawer).toEqual({ enabled: true, pin: 2, pulseOnMs: 50, pulseOffMs: 500 });
  });

  it.each([
    { pin: 3 },
    { pin: '2' },
    { pulseOnMs: 0 },
    { pulseOnMs: 3 },
    { pulseOnMs: 512 },
    { pulseOffMs: -2 },
    { pulseOffMs: 49.5 },
    { pulseOffMs: Number.NaN },
    { enabled: 'yes' },
  ])('M-01 a drawer setting of %o is refused', (bad) => {
    const receipt = { ...defaultPrinterSettings.receipt, drawer: { ...defaultPrinterSettings.receipt.drawer, ...bad } };
    expect(printerSettingsSchema.safeParse({ ...defaultPrinterSettings, receipt }).success).toBe(false);
  });

  it('M-01 a drawer switched OFF while its kick waits behind a receipt stays shut (DRAWER_OFF), as an OFF printer prints nothing', async () => {
    let settings: PrinterSettings = defaultPrinterSettings;
    const { transport: gated, virtual, release } = gatedPrinter();
    let n = 0;
    const service = createPrintingService({ getSettings: () => settings, clock: () => new Date(), newId: () => `job-${++n}`, transportFactory: () => gated });
    const receipt = service.printReceipt(receiptData());
    const kick = service.queueDrawerKick('S001-01-20261127-0007');
    settings = { ...settings, receipt: { ...settings.receipt, drawer: { ...settings.receipt.drawer, enabled: false } } };
    release();
    expect((await receipt).status).toBe('done');
    expect(await kick.finished).toMatchObject({ kind: 'drawer', status: 'failed', error: { code: 'DRAWER_OFF' } });
    expect(virtual.printouts()).toHaveLength(1);
    expect(() => service.queueDrawerKick('again')).toThrow(expect.objectContaining({ code: 'DRAWER_OFF' }));
  });
});

// Under ¥10,000 and in a category that needs no identity check, so these tests are about the drawer.
const shirt = { categoryId: 'cloth-men', name: 'シャツ（𠮷田さま👕）', grade: 'C' as const, quantity: 2, unitPrice: 1000 };

describe('M-01 the drawer at the counter (core, real printer bytes over TCP)', () => {
  let t: TestCore;
  let emulator: EscposEmulator;

  beforeEach(async () => {
    t = await startTestCore({ signIn: 'manager' });
    emulator = await startEscposEmulator();
  });
  afterEach(async () => {
    t.close();
    await emulator.close();
  });

  const printers = (change?: (settings: PrinterSettings) => void): PrinterSettings => printersAt(emulator, change);
  const setPrinters = (settings: PrinterSettings) => writeSetting(t.core.db, 'printers', settings, t.clock.now().toISOString());

  async function appraised(): Promise<Reception> {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: shirt });
    return t.ok('appraisal:complete', { receptionId: r.id });
  }
  const auditRows = (action: string) =>
    t.core.db.prepare('SELECT staff_id, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { staff_id: string; detail: string }[];

  it('M-01 a cash settlement without a receipt (印刷しない) kicks the drawer once, with the configured pin and pulse, and prints nothing', async () => {
    setPrinters(printers((s) => (s.receipt.drawer = { enabled: true, pin: 5, pulseOnMs: 60, pulseOffMs: 300 })));
    const r = await appraised();
    const result = await t.ok('settlement:execute', executeRequest(r));
    expect(result).toMatchObject({ receiptJob: null, printError: null, drawerError: null, drawerJob: { kind: 'drawer', printer: 'receipt', description: r.number } });
    expect(await emulator.waitForDrawerKicks(1, 5000)).toEqual([{ pin: 5, pulseOnMs: 60, pulseOffMs: 300 }]);
    await expect.poll(async () => (await t.ok('printer:jobs', {})).find((j) => j.id === result.drawerJob!.id)?.status).toBe('done');
    expect(emulator.drawerKicks()).toHaveLength(1);
    expect(emulator.received()).toEqual([]);
    expect(emulator.unknownCommands()).toEqual([]);
  });

  it('M-01 an execute sent twice (a double tap, a retried call) settles once and opens the drawer once', async () => {
    setPrinters(printers());
    const request = executeRequest(await appraised());
    const [first, second] = await Promise.all([t.ok('settlement:execute', request), t.ok('settlement:execute', request)]);
    expect([first.drawerJob, second.drawerJob].filter((job) => job !== null)).toHaveLength(1);
    expect(await t.ok('settlement:execute', request)).toMatchObject({ drawerJob: null, drawerError: null });
    await expect.poll(async () => (await t.ok('printer:jobs', {})).map((j) => `${j.kind} ${j.status}`)).toEqual(['drawer done']);
    expect(emulator.drawerKicks()).toHaveLength(1);
  });

  it('M-01 with the receipt printed, the kick goes first and the receipt follows on the same printer', async () => {
    setPrinters(printers());
    const r = await appraised();
    const result = await t.ok('settlement:execute', executeRequest(r, { printMethod: 'receipt' }));
    expect(result.drawerJob).toMatchObject({ kind: 'drawer' });
    expect(result.receiptJob).toMatchObject({ kind: 'receipt' });
    const [paper] = await emulator.waitForCut(1, 5000);
    expect(paper!.text).toContain(r.number);
    expect(emulator.drawerKicks()).toEqual([{ pin: 2, pulseOnMs: 50, pulseOffMs: 500 }]);
    await expect.poll(async () => (await t.ok('printer:jobs', {})).map((j) => `${j.kind} ${j.status}`)).toEqual(['receipt done', 'drawer done']);
    expect(emulator.unknownCommands()).toEqual([]);
  });

  it('M-01 a bank transfer, a drawer set OFF, and a receipt printer set OFF send no kick', async () => {
    setPrinters(printers());
    const transfer = await t.ok('settlement:execute', executeRequest(await appraised(), { paymentMethod: 'bank_transfer', bankAccount: sellerAccount, printMethod: 'receipt' }));
    expect(transfer).toMatchObject({ drawerJob: null, drawerError: null });
    await emulator.waitForCut(1, 5000);
    await expect.poll(async () => (await t.ok('printer:jobs', {})).map((j) => `${j.kind} ${j.status}`)).toEqual(['receipt done']);

    setPrinters(printers((s) => (s.receipt.drawer.enabled = false)));
    expect(await t.ok('settlement:execute', executeRequest(await appraised()))).toMatchObject({ drawerJob: null, drawerError: null });
    setPrinters(printers((s) => (s.receipt.enabled = false)));
    expect(await t.ok('settlement:execute', executeRequest(await appraised()))).toMatchObject({ drawerJob: null, drawerError: null });

    expect((await t.ok('printer:jobs', {})).filter((j) => j.kind === 'drawer')).toEqual([]);
    expect(emulator.drawerKicks()).toEqual([]);
  });

  it('M-01 a printer that is down: the cash settlement stands, the kick fails like a print, and retry opens the drawer once the printer is back', async () => {
    setPrinters(printers());
    await emulator.close();
    const r = await appraised();
    const result = await t.ok('settlement:execute', executeRequest(r));
    expect(result.reception.status).toBe('settled');
    await expect.poll(async () => (await t.ok('printer:jobs', {})).find((j) => j.id === result.drawerJob!.id)?.status).toBe('failed');
    const [failed] = (await t.ok('printer:jobs', {})).filter((j) => j.kind === 'drawer');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'PRINTER_OFFLINE' } });
    expect((t.core.db.prepare('SELECT status FROM receptions WHERE id = ?').get(r.id) as { status: string }).status).toBe('settled');

    await emulator.restart();
    expect(await t.ok('printer:retry', { jobId: failed!.id })).toMatchObject({ status: 'done', attempts: 2 });
    expect(await emulator.waitForDrawerKicks(1, 5000)).toHaveLength(1);
  });

  it('M-01 a manager opens the drawer with a reason: one kick and an audit row naming the manager and the reason', async () => {
    setPrinters(printers());
    const job = await t.ok('drawer:open', { reason: '両替（千円札→百円玉）' });
    expect(job).toMatchObject({ kind: 'drawer', status: 'done', description: '両替（千円札→百円玉）' });
    expect(emulator.drawerKicks()).toHaveLength(1);
    const [row] = auditRows('drawer.opened');
    expect(row!.staff_id).toBe((await t.ok('session:state', {})).staff!.id);
    expect(JSON.parse(row!.detail)).toEqual({ reason: '両替（千円札→百円玉）', pin: 2 });
  });

  it('M-01 a clerk cannot open the drawer or retry a manager\'s failed opening; an empty reason or a drawer OFF changes nothing', async () => {
    setPrinters(printers());
    expect(await t.call('drawer:open', { reason: '  ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { reason: 'validation.required' } } });
    setPrinters(printers((s) => (s.receipt.drawer.enabled = false)));
    expect(await t.call('drawer:open', { reason: '釣銭の補充' })).toMatchObject({ ok: false, error: { code: 'DRAWER_OFF' } });
    setPrinters(printers((s) => (s.receipt.enabled = false)));
    expect(await t.call('drawer:open', { reason: '釣銭の補充' })).toMatchObject({ ok: false, error: { code: 'RECEIPT_PRINTER_OFF' } });

    setPrinters(printers());
    await emulator.close();
    const failed = await t.ok('drawer:open', { reason: '釣銭の補充' });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'PRINTER_OFFLINE' } });
    await emulator.restart();

    await t.ok('session:staffSignOut', {});
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await t.call('drawer:open', { reason: '釣銭の補充' })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(await t.call('printer:retry', { jobId: failed.id })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(emulator.drawerKicks()).toEqual([]);
    // The one opening on record is the manager's that reached a printer that was down.
    expect(auditRows('drawer.opened').map((row) => JSON.parse(row.detail).reason)).toEqual(['釣銭の補充']);
  });
});
