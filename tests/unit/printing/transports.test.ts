import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors.ts';
import { createPrintingService } from '../../../main/printing/service.ts';
import { createTcpTransport } from '../../../main/printing/transports/tcp.ts';
import { createUsbTransport, listUsbPrinters, type UsbApi } from '../../../main/printing/transports/usb.ts';
import { defaultPrinterSettings, type PrinterSettings } from '../../../common/printing.ts';
import { type EscposEmulator, startEscposEmulator } from '../../support/escpos-emulator.ts';
import { receiptData } from './fixtures.ts';

async function kioskErrorOf(promise: Promise<unknown>): Promise<KioskError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KioskError);
  return error as KioskError;
}

function tcpSettings(port: number): PrinterSettings {
  return {
    ...defaultPrinterSettings,
    receipt: { ...defaultPrinterSettings.receipt, transport: { kind: 'tcp', host: '127.0.0.1', port }, shopCopy: true },
  };
}

function deps(settings: PrinterSettings) {
  let n = 0;
  return { getSettings: () => settings, clock: () => new Date('2025-05-01T00:00:00Z'), newId: () => `job-${++n}` };
}

describe('TCP printer (emulator on 127.0.0.1)', () => {
  let emulator: EscposEmulator;
  beforeEach(async () => {
    emulator = await startEscposEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('S-18 a receipt sent over TCP arrives whole and reads right on paper, after a status check', async () => {
    const service = createPrintingService(deps(tcpSettings(emulator.port)));
    const job = await service.printReceipt(receiptData());
    expect(job).toMatchObject({ status: 'done', target: `tcp 127.0.0.1:${emulator.port}` });
    const [customer, shop] = await emulator.waitForCut(2, 2000);
    expect(customer!.text).toContain('（お客様控え）');
    expect(customer!.text).toContain('リユース買取 新宿店');
    expect(customer!.lines).toContain(`買取合計${' '.repeat(48 - 8 - 7)}¥74,000`);
    expect(customer!.barcodes).toEqual([{ symbology: 'CODE128', data: 'S001-01-20250401-0007' }]);
    expect(customer!.items.find((i) => i.kind === 'text' && i.text === '買取明細書')).toMatchObject({ align: 'center', bold: true });
    expect(shop!.text).toContain('お客様署名');
    expect(emulator.statusRequests()).toEqual([1, 2, 4]);
    expect(emulator.unknownCommands()).toEqual([]);
  });

  it('P-04 a printer that is down fails the job with PRINTER_OFFLINE; once it is back, retry prints the same receipt', async () => {
    const service = createPrintingService(deps(tcpSettings(emulator.port)));
    await emulator.close();
    const failed = await service.printReceipt(receiptData());
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'PRINTER_OFFLINE', message: 'errors.PRINTER_OFFLINE' } });
    expect(service.jobs()[0]).toMatchObject({ id: failed.id, status: 'failed' });

    await emulator.restart();
    expect(emulator.received()).toEqual([]);
    const retried = await service.retry(failed.id);
    expect(retried).toMatchObject({ id: failed.id, status: 'done', attempts: 2 });
    const papers = await emulator.waitForCut(2, 2000);
    expect(papers[0]!.barcodes).toEqual([{ symbology: 'CODE128', data: 'S001-01-20250401-0007' }]);
  });

  it('P-04 paper out is reported by status and fails the job with PRINTER_PAPER_OUT without printing', async () => {
    emulator.setState('paperOut');
    const transport = createTcpTransport({ host: emulator.host, port: emulator.port });
    expect(await transport.status!()).toEqual({ online: false, coverOpen: false, paperOut: true, paperNearEnd: true });
    const service = createPrintingService(deps(tcpSettings(emulator.port)));
    expect(await service.printReceipt(receiptData())).toMatchObject({ status: 'failed', error: { code: 'PRINTER_PAPER_OUT' } });
    emulator.setState('online');
    expect(emulator.received()).toEqual([]);
    expect(emulator.uncut().items).toEqual([]);
  });

  it('P-04 cover open and offline are told apart; paper near end still prints', async () => {
    const transport = createTcpTransport({ host: emulator.host, port: emulator.port });
    emulator.setState('coverOpen');
    expect((await kioskErrorOf(transport.send(Buffer.from('x\n')))).code).toBe('PRINTER_COVER_OPEN');
    emulator.setState('offline');
    expect((await kioskErrorOf(transport.send(Buffer.from('x\n')))).code).toBe('PRINTER_OFFLINE');
    emulator.setState('paperNearEnd');
    expect(await transport.status!()).toEqual({ online: true, coverOpen: false, paperOut: false, paperNearEnd: true });
    await transport.send(Buffer.from([0x41, 0x0a, 0x1d, 0x56, 0x01]));
    expect((await emulator.waitForCut(1, 2000))[0]!.lines).toEqual(['A']);
  });

  it('P-04 a printer that answers no status still gets the job, after a bounded wait', async () => {
    emulator.setAnswersStatus(false);
    const transport = createTcpTransport({ host: emulator.host, port: emulator.port, statusTimeoutMs: 100 });
    const started = Date.now();
    await transport.send(Buffer.from([0x42, 0x0a, 0x1d, 0x56, 0x00]));
    expect((await emulator.waitForCut(1, 2000))[0]!.lines).toEqual(['B']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('P-04 an unreachable printer fails within the connect timeout with PRINTER_OFFLINE', async () => {
    const port = emulator.port;
    await emulator.close();
    const transport = createTcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 500 });
    expect((await kioskErrorOf(transport.send(Buffer.from('x')))).code).toBe('PRINTER_OFFLINE');
    expect(await transport.status!()).toMatchObject({ online: false });
  });
});

describe('USB printer', () => {
  it('P-04 on a machine without a USB bus (or without the device) printing reports USB_UNAVAILABLE / PRINTER_NOT_FOUND and does not crash', async () => {
    const settings: PrinterSettings = {
      ...defaultPrinterSettings,
      receipt: { ...defaultPrinterSettings.receipt, transport: { kind: 'usb', vendorId: 0x04b8, productId: 0x0e15 } },
    };
    const service = createPrintingService(deps(settings));
    const job = await service.printReceipt(receiptData());
    expect(job.status).toBe('failed');
    const expected = existsSync('/sys/bus/usb/devices/') ? 'PRINTER_NOT_FOUND' : 'USB_UNAVAILABLE';
    expect(job.error?.code).toBe(expected);
    expect(job.target).toBe('usb 04b8:0e15');
    const found = await service.listUsbPrinters();
    expect(Array.isArray(found)).toBe(true);
    if (!existsSync('/sys/bus/usb/devices/')) expect(found).toEqual([]);
  });

  it('P-04 a USB binding that cannot load is USB_UNAVAILABLE, and lists no printers', async () => {
    const loadUsb = async (): Promise<UsbApi> => {
      throw new Error('Cannot find module usb.node');
    };
    const transport = createUsbTransport({ vendorId: 1, productId: 2, loadUsb });
    expect((await kioskErrorOf(transport.send(Buffer.from('x')))).code).toBe('USB_UNAVAILABLE');
    expect(await listUsbPrinters(loadUsb)).toEqual([]);
  });

  it('P-04 writes the job in 4 KiB chunks to the bulk OUT endpoint of a stand-in WebUSB device, then releases it', async () => {
    const calls: string[] = [];
    const chunks: Buffer[] = [];
    const endpoint = (endpointNumber: number, direction: 'in' | 'out') =>
      ({ endpointNumber, direction, type: 'bulk', packetSize: 64 }) as USBEndpoint;
    const alternate = {
      alternateSetting: 0,
      interfaceClass: 7,
      interfaceSubclass: 1,
      interfaceProtocol: 2,
      interfaceName: null,
      endpoints: [endpoint(1, 'in'), endpoint(2, 'out')],
    } as unknown as USBAlternateInterface;
    const configuration = {
      configurationValue: 1,
      configurationName: null,
      interfaces: [{ interfaceNumber: 0, alternate, alternates: [alternate], claimed: false }],
    } as unknown as USBConfiguration;
    let opened = false;
    const device = {
      vendorId: 0x04b8,
      productId: 0x0e15,
      manufacturerName: 'EPSON',
      productName: 'TM-T88VII',
      serialNumber: 'X1',
      configurations: [configuration],
      configuration,
      get opened() {
        return opened;
      },
      async open() {
        opened = true;
        calls.push('open');
      },
      async claimInterface(n: number) {
        calls.push(`claim ${n}`);
      },
      async transferOut(ep: number, data: Uint8Array) {
        calls.push(`out ${ep}`);
        chunks.push(Buffer.from(data));
        return { status: 'ok', bytesWritten: data.byteLength } as USBOutTransferResult;
      },
      async releaseInterface(n: number) {
        calls.push(`release ${n}`);
      },
      async close() {
        opened = false;
        calls.push('close');
      },
    } as unknown as USBDevice;
    const loadUsb = async (): Promise<UsbApi> => ({ getDevices: async () => [device] });

    const bytes = Buffer.alloc(10_000, 0x41);
    await createUsbTransport({ vendorId: 0x04b8, productId: 0x0e15, loadUsb }).send(bytes);
    expect(calls).toEqual(['open', 'claim 0', 'out 2', 'out 2', 'out 2', 'release 0', 'close']);
    expect(chunks.map((c) => c.length)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);

    expect(await listUsbPrinters(loadUsb)).toEqual([
      { vendorId: 0x04b8, productId: 0x0e15, manufacturer: 'EPSON', product: 'TM-T88VII', serialNumber: 'X1', printerClass: true },
    ]);
    const other = createUsbTransport({ vendorId: 0x04b8, productId: 0x0202, loadUsb });
    expect((await kioskErrorOf(other.send(bytes))).code).toBe('PRINTER_NOT_FOUND');
  });
});
