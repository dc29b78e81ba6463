import { KioskError } from '../errors.ts';
import { formatTokyoDateTime } from './format.ts';
import { drawerKick } from './layouts/drawer.ts';
import { labelLayout } from './layouts/label.ts';
import { receiptLayout } from './layouts/receipt.ts';
import { slipLayout } from './layouts/slip.ts';
import { testPageLayout } from './layouts/test-page.ts';
import { type TillReportData, tillReportLayout } from './layouts/till-report.ts';
import { renderPreview } from './preview.ts';
import { createTcpTransport } from './transports/tcp.ts';
import type { Transport } from './transports/transport.ts';
import { createUsbTransport, type LoadUsb, listUsbPrinters, loadNodeUsb } from './transports/usb.ts';
import { VirtualPrinter } from './transports/virtual.ts';
import type {
  LabelData,
  PaperWidth,
  PrinterHealth,
  PrinterRole,
  PrinterSettings,
  PrintJob,
  PrintJobKind,
  ReceiptData,
  SlipData,
  TransportSettings,
  UsbPrinterInfo,
} from '../../common/printing.ts';

export type TransportFactory = (printer: PrinterRole, settings: TransportSettings) => Transport;

export interface PrintingServiceDeps {
  getSettings(): PrinterSettings;
  clock(): Date;
  newId(): string;
  /** Called on every status change, for pushing job state to the screen. */
  onJobChanged?(job: PrintJob): void;
  transportFactory?: TransportFactory;
  loadUsb?: LoadUsb;
  /** Finished jobs kept for the job list and retry; queued and printing jobs are never dropped. */
  historyLimit?: number;
}

export interface PrintingService {
  /** Resolves with the finished job (`done` or `failed`); rejects only when nothing was queued (PRINTER_OFF…). */
  printReceipt(data: ReceiptData): Promise<PrintJob>;
  /**
   * S-16: queues a receipt and answers at once with the queued job; the job retries by itself after the given pauses
   * (status `retrying`) before it is `failed`. Throws only when nothing was queued (PRINTER_OFF…).
   */
  queueReceipt(data: ReceiptData, retryDelaysMs?: readonly number[]): { job: PrintJob; finished: Promise<PrintJob> };
  /**
   * M-01: queues a drawer kick on the receipt printer (the drawer hangs on its DK port) and answers at once; the kick
   * waits behind what the printer is printing. Throws PRINTER_OFF / DRAWER_OFF when nothing was queued.
   */
  queueDrawerKick(description: string): { job: PrintJob; finished: Promise<PrintJob> };
  /**
   * M-07: queues the till's close report on the receipt printer and answers at once; like a receipt at execute, it
   * retries by itself after the given pauses before it is `failed`. Throws PRINTER_OFF when nothing was queued.
   */
  queueTillReport(data: TillReportData, retryDelaysMs?: readonly number[]): { job: PrintJob; finished: Promise<PrintJob> };
  /** Whether a kick would be sent: the receipt printer and its drawer both ON. */
  isDrawerEnabled(): boolean;
  printLabels(labels: LabelData[]): Promise<PrintJob>;
  printSlip(data: SlipData): Promise<PrintJob>;
  testPrint(printer: PrinterRole): Promise<PrintJob>;
  listUsbPrinters(): Promise<UsbPrinterInfo[]>;
  /** Newest first. */
  jobs(): PrintJob[];
  /** Sends a failed job's same bytes again, to the printer the settings name now. */
  retry(jobId: string): Promise<PrintJob>;
  /** SVG picture of the job's paper (B-07). */
  preview(jobId: string): Promise<string>;
  isEnabled(printer: PrinterRole): boolean;
  /** What the configured printer reports about itself; null when its connection cannot tell. */
  status(printer: PrinterRole): Promise<PrinterHealth | null>;
}

interface JobRecord {
  job: PrintJob;
  bytes: Buffer;
  paperWidth: PaperWidth;
}

/** Virtual printers live as long as the factory, so their kept printouts survive settings changes. */
export function createDefaultTransportFactory(options: { clock?: () => Date; loadUsb?: LoadUsb } = {}): TransportFactory {
  const virtual: Record<PrinterRole, VirtualPrinter> = {
    receipt: new VirtualPrinter(options.clock),
    label: new VirtualPrinter(options.clock),
  };
  return (printer, settings) => {
    switch (settings.kind) {
      case 'virtual':
        return virtual[printer];
      case 'tcp':
        return createTcpTransport({ host: settings.host, port: settings.port });
      case 'usb':
        return createUsbTransport({
          vendorId: settings.vendorId,
          productId: settings.productId,
          loadUsb: options.loadUsb ?? loadNodeUsb,
        });
    }
  };
}

function snapshot(job: PrintJob): PrintJob {
  return { ...job, error: job.error ? { ...job.error } : null };
}

function describeLabels(labels: LabelData[]): string {
  const shown = labels.slice(0, 3).map((l) => l.stockCode);
  const more = labels.length - shown.length;
  return more > 0 ? `${shown.join(', ')} (+${more})` : shown.join(', ');
}

export function createPrintingService(deps: PrintingServiceDeps): PrintingService {
  const transportFactory = deps.transportFactory ?? createDefaultTransportFactory({ clock: deps.clock, loadUsb: deps.loadUsb });
  const historyLimit = deps.historyLimit ?? 50;
  const records = new Map<string, JobRecord>();
  // One chain per printer: a printer takes one job at a time, in the order they were asked for.
  const queues: Record<PrinterRole, Promise<void>> = { receipt: Promise.resolve(), label: Promise.resolve() };

  const now = (): string => deps.clock().toISOString();

  const changed = (record: JobRecord): void => {
    record.job.updatedAt = now();
    try {
      deps.onJobChanged?.(snapshot(record.job));
    } catch {
      // A failing listener (a closed window, say) must not stop the printer's queue.
    }
  };

  const isEnabled = (printer: PrinterRole): boolean => deps.getSettings()[printer].enabled;

  const requireEnabled = (printer: PrinterRole): void => {
    // S-07 / S-18: an OFF printer prints nothing, and says so instead of queueing.
    if (!isEnabled(printer)) throw new KioskError('PRINTER_OFF', { params: { printer } });
  };

  const isDrawerEnabled = (): boolean => {
    const receipt = deps.getSettings().receipt;
    return receipt.enabled && receipt.drawer.enabled;
  };

  const requireReady = (job: PrintJob): void => {
    requireEnabled(job.printer);
    // A drawer switched OFF after its kick was queued stays shut, as a printer switched OFF prints nothing.
    if (job.kind === 'drawer' && !deps.getSettings().receipt.drawer.enabled) throw new KioskError('DRAWER_OFF');
  };

  const transportFor = (printer: PrinterRole): Transport =>
    transportFactory(printer, deps.getSettings()[printer].transport);

  const trimHistory = (): void => {
    let excess = records.size - historyLimit;
    for (const [id, record] of records) {
      if (excess <= 0) break;
      if (record.job.status === 'done' || record.job.status === 'failed') {
        records.delete(id);
        excess--;
      }
    }
  };

  const run = async (record: JobRecord): Promise<void> => {
    const { job } = record;
    job.status = 'printing';
    job.attempts += 1;
    job.error = null;
    try {
      requireReady(job);
      const transport = transportFor(job.printer);
      job.target = transport.describe();
      changed(record);
      await transport.send(record.bytes);
      job.status = 'done';
    } catch (error) {
      const code = error instanceof KioskError ? error.code : 'PRINTER_ERROR';
      job.status = 'failed';
      job.error = { code, message: `errors.${code}` };
    }
    changed(record);
  };

  const runWithRetries = async (record: JobRecord, retryDelaysMs: readonly number[]): Promise<void> => {
    await run(record);
    for (const delayMs of retryDelaysMs) {
      if (record.job.status !== 'failed') return;
      record.job.status = 'retrying';
      changed(record);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await run(record);
    }
  };

  const enqueue = (record: JobRecord, retryDelaysMs: readonly number[] = []): Promise<PrintJob> => {
    record.job.status = 'queued';
    changed(record);
    const printer = record.job.printer;
    const done = queues[printer].then(() => runWithRetries(record, retryDelaysMs));
    queues[printer] = done.catch(() => undefined);
    return done.then(() => {
      trimHistory();
      return snapshot(record.job);
    });
  };

  const submit = (
    printer: PrinterRole,
    kind: PrintJobKind,
    description: string,
    paperWidth: PaperWidth,
    bytes: Buffer,
    retryDelaysMs: readonly number[] = [],
  ): { job: PrintJob; finished: Promise<PrintJob> } => {
    const createdAt = now();
    const record: JobRecord = {
      job: {
        id: deps.newId(),
        printer,
        kind,
        status: 'queued',
        error: null,
        createdAt,
        updatedAt: createdAt,
        description,
        target: transportFor(printer).describe(),
        attempts: 0,
      },
      bytes,
      paperWidth,
    };
    records.set(record.job.id, record);
    trimHistory();
    const finished = enqueue(record, retryDelaysMs);
    return { job: snapshot(record.job), finished };
  };

  const recordOf = (jobId: string): JobRecord => {
    const record = records.get(jobId);
    if (!record) throw new KioskError('PRINT_JOB_NOT_FOUND', { params: { jobId } });
    return record;
  };

  return {
    async printReceipt(data) {
      requireEnabled('receipt');
      const settings = deps.getSettings().receipt;
      return submit('receipt', 'receipt', data.receptionNumber, settings.paperWidth, receiptLayout(data, settings)).finished;
    },

    queueReceipt(data, retryDelaysMs = []) {
      requireEnabled('receipt');
      const settings = deps.getSettings().receipt;
      return submit('receipt', 'receipt', data.receptionNumber, settings.paperWidth, receiptLayout(data, settings), retryDelaysMs);
    },

    queueDrawerKick(description) {
      requireEnabled('receipt');
      const settings = deps.getSettings().receipt;
      if (!settings.drawer.enabled) throw new KioskError('DRAWER_OFF');
      return submit('receipt', 'drawer', description, settings.paperWidth, drawerKick(settings.drawer));
    },

    isDrawerEnabled,

    queueTillReport(data, retryDelaysMs = []) {
      requireEnabled('receipt');
      const settings = deps.getSettings().receipt;
      // Read by the clerk in the print-job list and alerts: the counter and the close in Tokyo time.
      const description = `${data.terminalCode} ${formatTokyoDateTime(data.closedAt ?? data.openedAt)}`;
      return submit('receipt', 'till_report', description, settings.paperWidth, tillReportLayout(data, settings), retryDelaysMs);
    },

    async printLabels(labels) {
      requireEnabled('label');
      if (labels.length === 0) throw new KioskError('NOTHING_TO_PRINT');
      const settings = deps.getSettings().label;
      return submit('label', 'label', describeLabels(labels), settings.paperWidth, labelLayout(labels, settings)).finished;
    },

    async printSlip(data) {
      requireEnabled('receipt');
      const settings = deps.getSettings().receipt;
      return submit('receipt', 'slip', data.receptionNumber, settings.paperWidth, slipLayout(data, settings)).finished;
    },

    async testPrint(printer) {
      requireEnabled(printer);
      const settings = deps.getSettings()[printer];
      const target = transportFor(printer).describe();
      const bytes = testPageLayout({ printer, target, printedAt: now() }, settings);
      return submit(printer, 'test', target, settings.paperWidth, bytes).finished;
    },

    listUsbPrinters: () => listUsbPrinters(deps.loadUsb ?? loadNodeUsb),

    jobs: () => [...records.values()].map((r) => snapshot(r.job)).reverse(),

    async retry(jobId) {
      const record = recordOf(jobId);
      if (record.job.status !== 'failed') throw new KioskError('PRINT_JOB_NOT_FAILED', { params: { jobId } });
      requireReady(record.job);
      return enqueue(record);
    },

    async preview(jobId) {
      const record = recordOf(jobId);
      return renderPreview(record.bytes, record.paperWidth);
    },

    isEnabled,

    async status(printer) {
      const transport = transportFor(printer);
      return transport.status ? transport.status() : null;
    },
  };
}
