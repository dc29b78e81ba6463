import { licenceLine } from '../../common/shop-licence.ts';
import { readShop } from './statement-snapshot.ts';
import type { Db } from '../../db/open.ts';
import { KioskError } from '../errors.ts';
import type { PrintingService } from '../printing/service.ts';
import type { LabelData, PrinterRole, PrinterSettings, PrintJob, ReceiptData, ShopInfo, SlipData, UsbPrinterInfo } from '../../common/printing.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { findReceptionRow, listItemRows, type ReceptionRow } from './reception-queries.ts';
import type { ReceptionsService } from './receptions.ts';
import { BUILT_IN_PAYMENT_METHODS, type SettlementHooks } from './settlement.ts';
import { readSetting, writeSetting } from './settings.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

/**
 * The counter's printing: turns receptions, settlements and stock items from the database into receipts, labels
 * and slips for the printing queue (main/printing), and keeps the printer settings (周辺機器設定).
 */
type PrintedKind = 'receipt' | 'slip' | 'label';

export class KioskPrinting {
  /** which documents a job prints, so a print that succeeds (also on retry) is remembered as printed once. */
  private readonly jobSubjects = new Map<string, { kind: PrintedKind; subjects: string[] }>();
  /** M-01: kicks of the manager's "open drawer" (no sale). */
  private readonly managerDrawerJobs = new Set<string>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly receptions: ReceptionsService,
    private readonly printing: PrintingService,
  ) {}

  settings(): PrinterSettings {
    return readSetting(this.deps.db, 'printers');
  }

  updateSettings(actor: Actor, settings: PrinterSettings): PrinterSettings {
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      writeSetting(db, 'printers', settings, at);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'settings.printers',
        entity: 'settings',
        entityId: 'printers',
        detail: {
          receipt: { enabled: settings.receipt.enabled, transport: settings.receipt.transport.kind, drawer: settings.receipt.drawer },
          label: { enabled: settings.label.enabled, transport: settings.label.transport.kind },
        },
      });
    });
    return this.settings();
  }

  /**
   * M-01: a manager opens the drawer without a sale (change for the float, a count). The reason goes into the audit
   * before the kick is sent, so an opening is on record even when the printer then fails to pass the pulse on.
   */
  async openDrawer(actor: Actor, reason: string): Promise<PrintJob> {
    const settings = this.settings().receipt;
    if (!settings.enabled) throw new KioskError('RECEIPT_PRINTER_OFF');
    if (!settings.drawer.enabled) throw new KioskError('DRAWER_OFF');
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'drawer.opened',
        entity: 'drawer',
        entityId: actor.terminal.id,
        detail: { reason, pin: settings.drawer.pin },
      });
    });
    const queued = this.printing.queueDrawerKick(reason);
    this.managerDrawerJobs.add(queued.job.id);
    return queued.finished;
  }

  isEnabled(printer: PrinterRole): boolean {
    return this.printing.isEnabled(printer);
  }

  /** The receipt of a settled reception, for printing at execute and for reprints (marked 再発行, Q-03). */
  async printReceipt(receptionId: string): Promise<PrintJob> {
    const data = { ...receiptDataFor(this.deps.db, receptionId), reprintedAt: this.reprintedAt('receipt', receptionId) };
    return this.remember('receipt', [receptionId], await withReceiptOffCode(() => this.printing.printReceipt(data)));
  }

  /** S-07: a price label per chosen item of a reception, carrying the stock code its stock item gets (P-07). */
  async printReceptionLabels(receptionId: string, itemIds: string[]): Promise<{ printed: number; job: PrintJob }> {
    return this.printLabelsOf(receptionLabels(this.deps.db, receptionId, itemIds));
  }

  /** P-07: labels reprinted from the stock list. */
  async printStockLabels(stockItemIds: string[]): Promise<{ printed: number; job: PrintJob }> {
    return this.printLabelsOf(stockLabels(this.deps.db, stockItemIds));
  }

  private async printLabelsOf(labels: UnmarkedLabel[]): Promise<{ printed: number; job: PrintJob }> {
    const marked = labels.map(({ itemId, ...label }) => ({ ...label, reprintedAt: this.reprintedAt('label', itemId) }));
    const job = this.remember('label', labels.map((l) => l.itemId), await this.printing.printLabels(marked));
    return { printed: job.status === 'done' ? labels.length : 0, job };
  }

  /** now, when this document was printed before; null for its first print. */
  private reprintedAt(kind: PrintedKind, subjectId: string): string | null {
    const printed = this.deps.db.prepare('SELECT 1 FROM print_history WHERE kind = ? AND subject_id = ?').get(kind, subjectId);
    return printed ? this.deps.clock().toISOString() : null;
  }

  /** a document that reached the printer is printed once; any later print of it is a reprint. */
  private remember(kind: PrintedKind, subjects: string[], job: PrintJob): PrintJob {
    this.jobSubjects.set(job.id, { kind, subjects });
    if (job.status === 'done') {
      const at = this.deps.clock().toISOString();
      const insert = this.deps.db.prepare('INSERT OR IGNORE INTO print_history (kind, subject_id, first_printed_at) VALUES (?, ?, ?)');
      this.deps.db.transaction(() => {
        for (const subject of subjects) insert.run(kind, subject, at);
      })();
      this.jobSubjects.delete(job.id);
    }
    return job;
  }

  /** P-01: the reception slip with the reception number as a barcode, on the receipt printer. */
  async printSlip(receptionId: string): Promise<PrintJob> {
    const reception = this.receptions.get(receptionId);
    const shop = shopOf(this.deps.db, reception.storeId);
    const data: SlipData = {
      receptionNumber: reception.number,
      createdAt: reception.createdAt,
      customerName: reception.seller.name,
      itemCount: reception.items.filter((item) => !item.cancelled).length,
      shopName: shop.name,
      reprintedAt: this.reprintedAt('slip', receptionId),
    };
    return this.remember('slip', [receptionId], await withReceiptOffCode(() => this.printing.printSlip(data)));
  }

  async testPrint(printer: PrinterRole): Promise<PrintJob> {
    return printer === 'receipt' ? withReceiptOffCode(() => this.printing.testPrint(printer)) : this.printing.testPrint(printer);
  }

  jobs(): PrintJob[] {
    return this.printing.jobs();
  }

  async retry(jobId: string, actor: Actor): Promise<PrintJob> {
    // A drawer a manager opened without a sale opens again only for a manager; a settlement's kick, for its clerk.
    if (this.managerDrawerJobs.has(jobId) && actor.staff.role !== 'manager') throw new KioskError('MANAGER_REQUIRED');
    const job = await withReceiptOffCode(() => this.printing.retry(jobId));
    const printed = this.jobSubjects.get(jobId);
    return printed ? this.remember(printed.kind, printed.subjects, job) : job;
  }

  async preview(jobId: string): Promise<{ svg: string }> {
    return { svg: await this.printing.preview(jobId) };
  }

  usbDevices(): Promise<UsbPrinterInfo[]> {
    return this.printing.listUsbPrinters();
  }

  /** What settlement needs: S-18 (receipt printer ON/OFF) and a receipt that reports a failed job as an error. */
  settlementHooks(afterCommit: () => void = () => {}): SettlementHooks {
    return {
      receiptPrinterEnabled: () => this.isEnabled('receipt'),
      labelPrinterEnabled: () => this.isEnabled('label'),
      queueReceipt: (receptionId) => {
        const data = { ...receiptDataFor(this.deps.db, receptionId), reprintedAt: this.reprintedAt('receipt', receptionId) };
        try {
          const queued = this.printing.queueReceipt(data, RECEIPT_RETRY_DELAYS_MS);
          void queued.finished.then((job) => this.remember('receipt', [receptionId], job));
          return queued.job;
        } catch (error) {
          if (error instanceof KioskError && error.code === 'PRINTER_OFF') throw new KioskError('RECEIPT_PRINTER_OFF');
          throw error;
        }
      },
      queueDrawerKick: (receptionNumber) => {
        // A counter without a drawer (or with the receipt printer OFF) pays cash without a kick.
        if (!this.printing.isDrawerEnabled()) return null;
        return this.printing.queueDrawerKick(receptionNumber).job;
      },
      afterCommit,
    };
  }
}

/** A receipt at execute is tried again by itself after these pauses (a cover closed, paper put in) before it fails. */
const RECEIPT_RETRY_DELAYS_MS = [2000, 5000] as const;

/** The printing service names the printer in PRINTER_OFF; the receipt printer has its own message (S-18). */
async function withReceiptOffCode<T>(print: () => Promise<T>): Promise<T> {
  try {
    return await print();
  } catch (error) {
    if (error instanceof KioskError && error.code === 'PRINTER_OFF' && error.params?.printer === 'receipt') {
      throw new KioskError('RECEIPT_PRINTER_OFF');
    }
    throw error;
  }
}

export function shopOf(db: Db, storeId: string): ShopInfo {
  const shop = readShop(db, storeId);
  // The receipt's one licence line names the commission too (issue 16 keeps them in two fields).
  return { name: shop.name, address: shop.address, phone: shop.phone, licenceNumber: licenceLine(shop), invoiceNumber: shop.invoiceNumber };
}

function requireReception(db: Db, receptionId: string): ReceptionRow {
  const row = findReceptionRow(db, receptionId);
  if (!row) throw new KioskError('RECEPTION_NOT_FOUND');
  return row;
}

/** The buyback receipt (買取明細書) of a settled reception, read back from what the settlement committed. */
export function receiptDataFor(db: Db, receptionId: string): Omit<ReceiptData, 'reprintedAt'> {
  const reception = requireReception(db, receptionId);
  const settlement = db
    .prepare(
      `SELECT st.items_total, st.adjustment_amount, st.total_amount, st.payment_method, st.points_granted, st.settled_at,
              s.name AS staff_name, t.title AS terms_title
         FROM settlements st
         JOIN staff s ON s.id = st.staff_id
         LEFT JOIN agreement_terms t ON t.version = st.agreed_terms_version
        WHERE st.reception_id = ?`,
    )
    .get(receptionId) as
    | {
        items_total: number;
        adjustment_amount: number;
        total_amount: number;
        payment_method: string;
        points_granted: number;
        settled_at: string;
        staff_name: string;
        terms_title: string | null;
      }
    | undefined;
  if (reception.status !== 'settled' || !settlement) throw new KioskError('RECEPTION_NOT_SETTLED');
  const methods = [...BUILT_IN_PAYMENT_METHODS, ...readSetting(db, 'paymentMethods')];
  const balance = reception.customer_id
    ? (db.prepare('SELECT COALESCE(SUM(points), 0) AS n FROM point_ledger WHERE customer_id = ?').get(reception.customer_id) as { n: number }).n
    : null;
  return {
    shop: shopOf(db, reception.store_id),
    receptionNumber: reception.number,
    settledAt: settlement.settled_at,
    staffName: settlement.staff_name,
    items: listItemRows(db, receptionId)
      .filter((item) => item.cancelled === 0)
      .map((item) => ({ name: item.name, quantity: item.quantity, amount: item.quantity * item.unit_price, cancelled: false })),
    itemsTotal: settlement.items_total,
    adjustmentAmount: settlement.adjustment_amount,
    totalAmount: settlement.total_amount,
    paymentMethodLabel: methods.find((m) => m.id === settlement.payment_method)?.labelJa ?? settlement.payment_method,
    pointsGranted: reception.customer_id ? settlement.points_granted : null,
    pointBalance: balance,
    termsTitle: settlement.terms_title,
    sellerName: reception.seller_name,
  };
}

type UnmarkedLabel = Omit<LabelData, 'reprintedAt'> & { itemId: string };

export function receptionLabels(db: Db, receptionId: string, itemIds: string[]): UnmarkedLabel[] {
  requireReception(db, receptionId);
  const items = new Map(listItemRows(db, receptionId).map((item) => [item.id, item]));
  return itemIds.map((id) => {
    const item = items.get(id);
    if (!item) throw new KioskError('ITEM_NOT_FOUND');
    return { itemId: item.id, stockCode: item.stock_code, janCode: item.jan_code, name: item.name, grade: item.grade, price: item.unit_price };
  });
}

export function stockLabels(db: Db, stockItemIds: string[]): UnmarkedLabel[] {
  const find = db.prepare('SELECT reception_item_id, code, jan_code, name, grade, price FROM stock_items WHERE id = ?');
  return stockItemIds.map((id) => {
    const row = find.get(id) as { reception_item_id: string; code: string; jan_code: string | null; name: string; grade: string; price: number } | undefined;
    if (!row) throw new KioskError('STOCK_ITEM_NOT_FOUND');
    return { itemId: row.reception_item_id, stockCode: row.code, janCode: row.jan_code, name: row.name, grade: row.grade, price: row.price };
  });
}
