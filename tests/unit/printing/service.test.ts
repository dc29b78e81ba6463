import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors.ts';
import { createDefaultTransportFactory, createPrintingService, type TransportFactory } from '../../../main/printing/service.ts';
import type { Transport } from '../../../main/printing/transports/transport.ts';
import { VirtualPrinter } from '../../../main/printing/transports/virtual.ts';
import { defaultPrinterSettings, type PrinterSettings, type PrintJob, printerSettingsSchema } from '../../../common/printing.ts';
import { readPapers } from '../../support/escpos-emulator.ts';
import { gatedPrinter, labels, receiptData, slip } from './fixtures.ts';

function fixedDeps(settings: PrinterSettings) {
  let n = 0;
  let t = Date.parse('2025-05-01T00:00:00Z');
  return {
    getSettings: () => settings,
    clock: () => {
      t += 1000;
      return new Date(t);
    },
    newId: () => `job-${++n}`,
  };
}

async function expectKioskError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KioskError);
  expect((error as KioskError).code).toBe(code);
}

describe('printer settings', () => {
  it('B-07 new installs print to the virtual printer, both printers on, 80 mm receipts and 58 mm labels', () => {
    expect(defaultPrinterSettings).toEqual({
      receipt: {
        enabled: true,
        transport: { kind: 'virtual' },
        paperWidth: 80,
        shopCopy: false,
        drawer: { enabled: true, pin: 2, pulseOnMs: 50, pulseOffMs: 500 },
      },
      label: { enabled: true, transport: { kind: 'virtual' }, paperWidth: 58, symbology: 'code128', janPrefix: '20' },
    });
    expect(printerSettingsSchema.parse(defaultPrinterSettings)).toEqual(defaultPrinterSettings);
  });

  it('P-04 the schema defaults a network printer to port 9100 and refuses nonsense', () => {
    const parsed = printerSettingsSchema.parse({
      ...defaultPrinterSettings,
      receipt: { ...defaultPrinterSettings.receipt, transport: { kind: 'tcp', host: '192.168.1.50' } },
    });
    expect(parsed.receipt.transport).toEqual({ kind: 'tcp', host: '192.168.1.50', port: 9100 });
    const bad = [
      { ...defaultPrinterSettings, label: { ...defaultPrinterSettings.label, paperWidth: 62 } },
      { ...defaultPrinterSettings, receipt: { ...defaultPrinterSettings.receipt, transport: { kind: 'tcp', host: '' } } },
      { ...defaultPrinterSettings, receipt: { ...defaultPrinterSettings.receipt, transport: { kind: 'usb', vendorId: 0x10000, productId: 1 } } },
      { ...defaultPrinterSettings, label: { ...defaultPrinterSettings.label, symbology: 'qr' } },
    ];
    for (const settings of bad) expect(printerSettingsSchema.safeParse(settings).success).toBe(false);
  });
});

describe('printing service', () => {
  it('S-07 label print with the label printer OFF throws PRINTER_OFF and prints nothing', async () => {
    const settings: PrinterSettings = { ...defaultPrinterSettings, label: { ...defaultPrinterSettings.label, enabled: false } };
    const virtual = new VirtualPrinter();
    const service = createPrintingService({ ...fixedDeps(settings), transportFactory: () => virtual });
    expect(service.isEnabled('label')).toBe(false);
    expect(service.isEnabled('receipt')).toBe(true);
    await expectKioskError(service.printLabels(labels), 'PRINTER_OFF');
    await expectKioskError(service.testPrint('label'), 'PRINTER_OFF');
    expect(virtual.printouts()).toEqual([]);
    expect(service.jobs()).toEqual([]);
  });

  it('S-18 receipt print with the receipt printer OFF throws PRINTER_OFF and prints nothing', async () => {
    const settings: PrinterSettings = { ...defaultPrinterSettings, receipt: { ...defaultPrinterSettings.receipt, enabled: false } };
    const virtual = new VirtualPrinter();
    const service = createPrintingService({ ...fixedDeps(settings), transportFactory: () => virtual });
    expect(service.isEnabled('receipt')).toBe(false);
    await expectKioskError(service.printReceipt(receiptData()), 'PRINTER_OFF');
    await expectKioskError(service.printSlip(slip), 'PRINTER_OFF');
    expect(virtual.printouts()).toEqual([]);
    expect(service.jobs()).toEqual([]);
  });

  it('B-07 a receipt on the default virtual printer is kept and previewed, and its job reports queued → printing → done', async () => {
    const changes: PrintJob[] = [];
    const service = createPrintingService({ ...fixedDeps(defaultPrinterSettings), onJobChanged: (job) => changes.push(job) });
    const job = await service.printReceipt(receiptData());
    expect(job).toMatchObject({ id: 'job-1', printer: 'receipt', kind: 'receipt', status: 'done', error: null, target: 'virtual', attempts: 1, description: 'S001-01-20250401-0007' });
    expect(changes.map((c) => c.status)).toEqual(['queued', 'printing', 'done']);
    const svg = await service.preview(job.id);
    expect(svg).toContain('買取明細書');
    expect(svg).toContain('S001-01-20250401-0007');
    expect(await service.status('receipt')).toEqual({ online: true, coverOpen: false, paperOut: false, paperNearEnd: false });
  });

  it('S-07 labels and P-01 slips go to their own printers and read right', async () => {
    const factory = createDefaultTransportFactory();
    const kept: Record<string, VirtualPrinter> = {};
    const transportFactory: TransportFactory = (printer, settings) => {
      const transport = factory(printer, settings) as VirtualPrinter;
      kept[printer] = transport;
      return transport;
    };
    const service = createPrintingService({ ...fixedDeps(defaultPrinterSettings), transportFactory });
    const labelJob = await service.printLabels(labels);
    const slipJob = await service.printSlip(slip);
    expect(labelJob).toMatchObject({ printer: 'label', kind: 'label', status: 'done', description: 'S001-01-0000123, S001-01-0000124' });
    expect(slipJob).toMatchObject({ printer: 'receipt', kind: 'slip', status: 'done' });
    const labelPapers = readPapers(kept.label!.printouts()[0]!.bytes).papers;
    expect(labelPapers.map((p) => p.barcodes[0]?.data)).toEqual(['S001-01-0000123', 'S001-01-0000124']);
    const slipPapers = readPapers(kept.receipt!.printouts()[0]!.bytes).papers;
    expect(slipPapers[0]!.barcodes).toEqual([{ symbology: 'CODE128', data: 'S001-01-20250601-0012' }]);
    await expectKioskError(service.printLabels([]), 'NOTHING_TO_PRINT');
  });

  it('P-04 jobs on one printer run one at a time, in the order they were asked for', async () => {
    let active = 0;
    let mostActive = 0;
    const order: string[] = [];
    const slow: Transport = {
      describe: () => 'slow',
      async send(bytes) {
        active++;
        mostActive = Math.max(mostActive, active);
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(readPapers(bytes).papers[0]!.barcodes[0]!.data);
        active--;
      },
    };
    const service = createPrintingService({ ...fixedDeps(defaultPrinterSettings), transportFactory: () => slow });
    const numbers = ['R-1', 'R-2', 'R-3', 'R-4'];
    const jobs = await Promise.all(numbers.map((receptionNumber) => service.printReceipt(receiptData({ receptionNumber }))));
    expect(jobs.map((j) => j.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(order).toEqual(numbers);
    expect(mostActive).toBe(1);
  });

  it('P-04 a failed job keeps its bytes and retry sends the very same bytes; a job that did not fail cannot be retried', async () => {
    const sent: Buffer[] = [];
    let up = false;
    const flaky: Transport = {
      describe: () => 'flaky',
      async send(bytes) {
        if (!up) throw new KioskError('PRINTER_PAPER_OUT');
        sent.push(Buffer.from(bytes));
      },
    };
    const service = createPrintingService({ ...fixedDeps(defaultPrinterSettings), transportFactory: () => flaky });
    const failed = await service.printReceipt(receiptData());
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'PRINTER_PAPER_OUT', message: 'errors.PRINTER_PAPER_OUT' } });
    up = true;
    const retried = await service.retry(failed.id);
    expect(retried).toMatchObject({ id: failed.id, status: 'done', error: null, attempts: 2 });
    expect(sent).toHaveLength(1);
    expect(readPapers(sent[0]!).papers[0]!.barcodes).toEqual([{ symbology: 'CODE128', data: 'S001-01-20250401-0007' }]);
    await expectKioskError(service.retry(failed.id), 'PRINT_JOB_NOT_FAILED');
    await expectKioskError(service.retry('nope'), 'PRINT_JOB_NOT_FOUND');
  });

  it('P-04 keeps a bounded job history, newest first', async () => {
    const service = createPrintingService({ ...fixedDeps(defaultPrinterSettings), historyLimit: 3 });
    for (let i = 1; i <= 5; i++) await service.printSlip({ ...slip, receptionNumber: `R-${i}` });
    expect(service.jobs().map((j) => j.description)).toEqual(['R-5', 'R-4', 'R-3']);
    await expectKioskError(service.preview('job-1'), 'PRINT_JOB_NOT_FOUND');
  });

  it('S-18 turning the printer OFF while a job waits fails that job with PRINTER_OFF instead of printing it', async () => {
    let settings: PrinterSettings = defaultPrinterSettings;
    const { transport: gated, virtual, release } = gatedPrinter();
    const service = createPrintingService({ ...fixedDeps(defaultPrinterSettings), getSettings: () => settings, transportFactory: () => gated });
    const first = service.printReceipt(receiptData());
    const second = service.printReceipt(receiptData({ receptionNumber: 'R-2' }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    settings = { ...settings, receipt: { ...settings.receipt, enabled: false } };
    release();
    expect((await first).status).toBe('done');
    expect(await second).toMatchObject({ status: 'failed', error: { code: 'PRINTER_OFF' } });
    expect(virtual.printouts()).toHaveLength(1);
  });
});
