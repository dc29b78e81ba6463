import type { CustomerConfirmation } from './customer-display.ts';
import { recordCustomerConfirmation } from './settlement-confirmation.ts';
import type {
  AgreementTerms,
  Eligibility,
  KioskErrorInfo,
  PaymentMethod,
  Reception,
  SettlementOptions,
  SettlementResult,
  StockItem,
} from '../../preload/types.ts';
import { tokyoDate, type VerificationInput } from '../../common/compliance.ts';
import { settlementEligibility } from '../domain/eligibility.ts';
import { computeTotals } from '../domain/totals.ts';
import { KioskError } from '../errors.ts';
import type { SettlementPayload } from '../sync/payload.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { toExcelCsv } from './csv.ts';
import { japaneseCategoryNames } from './customers.ts';
import type { ServiceDeps } from './deps.ts';
import { enqueueCancellation, enqueueSettlement } from './outbox.ts';
import { findReceptionRow, listItemRows, refreshCachedTotals, sellerOf } from './reception-queries.ts';
import type { ReceptionsService } from './receptions.ts';
import { readSetting } from './settings.ts';
import { findStockBySettlement } from './stock.ts';
import { checkVerification } from './verification.ts';
import { decodeImageDataUrl, type ImageVault } from './vault.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

export const BUILT_IN_PAYMENT_METHODS: readonly PaymentMethod[] = [
  { id: 'cash', labelJa: '現金', labelEn: 'Cash' },
  { id: 'bank_transfer', labelJa: '銀行振込', labelEn: 'Bank transfer' },
];

/** What settlement needs from printing and sync, injected so it runs without either. */
export interface SettlementHooks {
  receiptPrinterEnabled(): boolean;
  labelPrinterEnabled(): boolean;
  /** Prints the receipt of a committed settlement; throws KioskError on a printer fault. */
  printReceipt(receptionId: string): Promise<void>;
  /** Called after a settlement or cancellation committed, e.g. to wake the sync worker. */
  afterCommit(): void;
}

export interface ExecuteRequest {
  receptionId: string;
  version: number;
  settlementId: string;
  cancelledItemIds: string[];
  ecPublishItemIds: string[];
  agreedTermsVersion: number | null;
  paymentMethod: string;
  printMethod: 'receipt' | 'none';
  points: number | null;
  /** B-01, B-03: the identity-verification record; may be absent only when the buyback is exempt. */
  verification?: VerificationInput | null;
}

type ImageKind = 'id_photo' | 'signature';
interface StagedImage {
  mime: 'image/jpeg' | 'image/png';
  bytes: Buffer;
}

/** Largest image accepted from the camera or the signature pad (a 1920×1080 JPEG is well under this). */
const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

export class SettlementService {
  /**
   * S-11: ID photos and signatures wait here, in the main process's memory only, until execute writes them
   * encrypted. A renderer reload keeps them; an app restart loses them and the wizard asks to retake (B-06).
   */
  private readonly staged = new Map<string, Map<ImageKind, StagedImage>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly receptions: ReceptionsService,
    private readonly vault: ImageVault,
    private readonly hooks: SettlementHooks,
  ) {}

  /** S-04, S-05: open a transaction by its reception number and say whether it can be settled, and if not why. */
  open(number: string): { reception: Reception | null; eligibility: Eligibility } {
    const reception = this.receptions.findByNumber(number);
    return { reception, eligibility: this.eligibilityOf(reception) };
  }

  options(): SettlementOptions {
    const { db } = this.deps;
    return {
      terms: currentTerms(db),
      paymentMethods: this.paymentMethods(),
      receiptPrinter: { enabled: this.hooks.receiptPrinterEnabled() },
      labelPrinter: { enabled: this.hooks.labelPrinterEnabled() },
      pointRule: readSetting(db, 'pointRule'),
      identity: readSetting(db, 'identity'),
    };
  }

  stageImage(receptionId: string, kind: ImageKind, dataUrl: string): { kind: ImageKind; bytes: number } {
    const image = decodeImageDataUrl(dataUrl);
    if (!image) throw new KioskError('IMAGE_INVALID');
    if (image.bytes.length > MAX_IMAGE_BYTES) throw new KioskError('IMAGE_TOO_LARGE');
    const reception = findReceptionRow(this.deps.db, receptionId);
    if (!reception) throw new KioskError('RECEPTION_NOT_FOUND');
    let images = this.staged.get(receptionId);
    if (!images) {
      images = new Map();
      this.staged.set(receptionId, images);
    }
    images.set(kind, image);
    return { kind, bytes: image.bytes.length };
  }

  dropImage(receptionId: string, kind: ImageKind): void {
    this.staged.get(receptionId)?.delete(kind);
  }

  /** Which images wait for execute; after an app restart none do, and the wizard asks to retake them (B-06). */
  stagedKinds(receptionId: string): ImageKind[] {
    return [...(this.staged.get(receptionId)?.keys() ?? [])];
  }

  stagedImage(receptionId: string, kind: ImageKind): string | null {
    const image = this.staged.get(receptionId)?.get(kind);
    return image ? `data:${image.mime};base64,${image.bytes.toString('base64')}` : null;
  }

  /** S-11, B-04: after settlement, signed-in staff see the images from the reception list. */
  settledImage(imageId: string): string {
    const row = this.deps.db
      .prepare('SELECT id, mime, key_id, iv, tag, ciphertext FROM settlement_images WHERE id = ?')
      .get(imageId) as { id: string; mime: string; key_id: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } | undefined;
    if (!row) throw new KioskError('IMAGE_NOT_FOUND');
    const plain = this.vault.open({ keyId: row.key_id, iv: row.iv, tag: row.tag, ciphertext: row.ciphertext }, row.id);
    return `data:${row.mime};base64,${plain.toString('base64')}`;
  }

  /**
   * S-16, S-21, B-05: execute is one SQLite transaction — status `settled` (checked against the version, so a double
   * click or a retried call settles once), settlement row, stock items with their EC state, cancelled items kept as
   * cancelled, encrypted images, points, audit and outbox. The receipt prints after the commit; a printer fault is
   * reported but never undoes the settlement.
   */
  async execute(actor: Actor, request: ExecuteRequest, confirmation: CustomerConfirmation | null = null): Promise<SettlementResult> {
    const { db } = this.deps;
    const replay = db.prepare('SELECT reception_id FROM settlements WHERE id = ?').get(request.settlementId) as
      | { reception_id: string }
      | undefined;
    if (replay) {
      if (replay.reception_id !== request.receptionId) throw new KioskError('SETTLEMENT_ID_REUSED');
      return this.result(request.receptionId, request.settlementId, null);
    }
    if (request.printMethod === 'receipt' && !this.hooks.receiptPrinterEnabled()) throw new KioskError('RECEIPT_PRINTER_OFF');
    const paymentMethod = this.paymentMethods().find((m) => m.id === request.paymentMethod);
    if (!paymentMethod) throw new KioskError('PAYMENT_METHOD_UNKNOWN');

    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      const row = findReceptionRow(db, request.receptionId);
      if (!row) throw new KioskError('RECEPTION_NOT_FOUND');
      if (row.status === 'settled') throw new KioskError('ALREADY_SETTLED');
      const eligibility = settlementEligibility({ status: row.status, itemCount: row.item_count, suspectedStolen: row.suspected_stolen === 1 });
      if (!eligibility.settleable) throw new KioskError('NOT_SETTLEABLE', { params: { reason: eligibility.reason } });
      if (row.version !== request.version) throw new KioskError('VERSION_CONFLICT');

      const items = listItemRows(db, row.id);
      const itemIds = new Set(items.map((i) => i.id));
      for (const id of [...request.cancelledItemIds, ...request.ecPublishItemIds]) {
        if (!itemIds.has(id)) throw new KioskError('ITEM_NOT_FOUND');
      }
      const cancelled = new Set(request.cancelledItemIds);
      const published = new Set(request.ecPublishItemIds);
      const live = items.filter((i) => !cancelled.has(i.id));
      if (live.length === 0) throw new KioskError('ALL_ITEMS_CANCELLED');
      const totals = computeTotals(
        items.map((i) => ({ quantity: i.quantity, unitPrice: i.unit_price, cancelled: cancelled.has(i.id) })),
        row.adjustment_amount,
      );
      if (totals.total < 0) throw new KioskError('TOTAL_NEGATIVE');

      const staged = this.staged.get(row.id);
      const verification = checkVerification(db, {
        reception: row,
        items,
        cancelled,
        input: request.verification ?? null,
        hasIdPhoto: staged?.has('id_photo') ?? false,
        hasSignature: staged?.has('signature') ?? false,
        today: tokyoDate(this.deps.clock()),
      });

      const terms = currentTerms(db);
      if (terms && request.agreedTermsVersion !== terms.version) throw new KioskError('TERMS_NOT_AGREED');

      const pointRule = readSetting(db, 'pointRule');
      let points = 0;
      if (row.customer_id) {
        points = request.points ?? defaultPoints(totals.total, pointRule.perHundredYen);
        if (points > pointRule.maxManual) throw new KioskError('POINTS_TOO_MANY', { params: { max: pointRule.maxManual } });
      } else if (request.points) {
        throw new KioskError('POINTS_NEED_MEMBER');
      }

      const settlementId = request.settlementId;
      db.prepare(
        `INSERT INTO settlements (id, reception_id, staff_id, terminal_id, items_total, adjustment_amount, total_amount,
           payment_method, print_method, points_granted, agreed_terms_version, verification, settled_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        settlementId,
        row.id,
        actor.staff.id,
        actor.terminal.id,
        totals.itemsTotal,
        totals.adjustmentAmount,
        totals.total,
        paymentMethod.id,
        request.printMethod,
        points,
        terms ? terms.version : null,
        JSON.stringify(verification),
        at,
      );

      recordCustomerConfirmation(db, { id: settlementId, termsVersion: terms?.version ?? null, hasSignature: staged?.has('signature') ?? false }, confirmation);

      const setItem = db.prepare('UPDATE reception_items SET cancelled = ?, ec_publish = ?, updated_at = ? WHERE id = ?');
      const insertStock = db.prepare(
        `INSERT INTO stock_items (id, code, reception_item_id, settlement_id, category_id, name, grade, quantity, price,
           ec_published, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const stockCodes = new Map<string, string>();
      for (const item of items) {
        const isCancelled = cancelled.has(item.id);
        const isPublished = !isCancelled && published.has(item.id);
        setItem.run(isCancelled ? 1 : 0, isPublished ? 1 : 0, at, item.id);
        if (isCancelled) continue;
        const code = item.stock_code;
        stockCodes.set(item.id, code);
        insertStock.run(this.deps.newId(), code, item.id, settlementId, item.category_id, item.name, item.grade, item.quantity, item.unit_price, isPublished ? 1 : 0, at, at);
      }
      refreshCachedTotals(db, row.id);

      const images = this.staged.get(row.id);
      for (const [kind, image] of images ?? []) {
        const imageId = this.deps.newId();
        const sealed = this.vault.seal(image.bytes, imageId);
        db.prepare(
          `INSERT INTO settlement_images (id, settlement_id, kind, mime, key_id, iv, tag, ciphertext, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(imageId, settlementId, kind, image.mime, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, at);
      }

      if (points > 0 && row.customer_id) {
        db.prepare('INSERT INTO point_ledger (id, customer_id, reception_id, points, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
          this.deps.newId(),
          row.customer_id,
          row.id,
          points,
          'settlement',
          at,
        );
      }

      const changed = db
        .prepare(`UPDATE receptions SET status = 'settled', version = version + 1, updated_at = ? WHERE id = ? AND version = ?`)
        .run(at, row.id, request.version);
      if (changed.changes !== 1) throw new KioskError('VERSION_CONFLICT');
      db.prepare('DELETE FROM settlement_drafts WHERE reception_id = ?').run(row.id);

      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'settlement.execute',
        entity: 'reception',
        entityId: row.id,
        detail: {
          settlementId,
          total: totals.total,
          items: live.length,
          cancelledItems: cancelled.size,
          paymentMethod: paymentMethod.id,
          printMethod: request.printMethod,
          points,
          images: images?.size ?? 0,
          // Method and kind only: the record itself holds personal data and stays out of the audit log.
          verification: { required: verification.required, method: verification.method, documentType: verification.documentType, minor: verification.minor },
        },
      });

      const categoryNames = japaneseCategoryNames(db);
      const memberNumber = row.member_number;
      const payload: SettlementPayload = {
        schemaVersion: 1,
        settlementId,
        receptionId: row.id,
        receptionNumber: row.number,
        storeCode: actor.terminal.storeCode,
        terminalCode: actor.terminal.code,
        staffCode: actor.staff.code,
        settledAt: at,
        memberNumber,
        seller: sellerOf(row),
        items: items.map((item) => ({
          id: item.id,
          position: item.position,
          categoryId: item.category_id,
          categoryName: categoryNames.get(item.category_id) ?? item.category_id,
          name: item.name,
          maker: item.maker,
          model: item.model,
          serial: item.serial,
          colour: item.colour,
          features: item.features,
          grade: item.grade,
          quantity: item.quantity,
          unitPrice: item.unit_price,
          amount: item.quantity * item.unit_price,
          cancelled: cancelled.has(item.id),
          ecPublish: !cancelled.has(item.id) && published.has(item.id),
          stockCode: stockCodes.get(item.id) ?? null,
        })),
        itemsTotal: totals.itemsTotal,
        adjustmentAmount: totals.adjustmentAmount,
        adjustmentReason: row.adjustment_reason,
        totalAmount: totals.total,
        paymentMethod: paymentMethod.id,
        printMethod: request.printMethod,
        pointsGranted: points,
        agreedTermsVersion: terms ? terms.version : null,
        verification: { ...verification },
      };
      enqueueSettlement(db, this.deps.newId(), at, payload);
    });
    this.staged.delete(request.receptionId);
    this.hooks.afterCommit();

    let printError: KioskErrorInfo | null = null;
    if (request.printMethod === 'receipt') {
      try {
        await this.hooks.printReceipt(request.receptionId);
      } catch (error) {
        printError = error instanceof KioskError ? error.toInfo() : { code: 'PRINT_FAILED', message: 'errors.PRINT_FAILED' };
      }
    }
    return this.result(request.receptionId, request.settlementId, printError);
  }

  /** S-13 (every item cancelled, then confirm) and S-19 (cancel buyback): the whole transaction is cancelled. */
  cancel(actor: Actor, receptionId: string, version: number, reason: 'all_items_cancelled' | 'cancel_buyback'): Reception {
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      const row = this.receptions.lockForChange(receptionId, version);
      db.prepare(`UPDATE receptions SET status = 'cancelled', version = version + 1, updated_at = ? WHERE id = ?`).run(at, receptionId);
      db.prepare('DELETE FROM settlement_drafts WHERE reception_id = ?').run(receptionId);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'reception.cancel',
        entity: 'reception',
        entityId: receptionId,
        detail: { from: row.status, reason },
      });
      enqueueCancellation(db, this.deps.newId(), at, {
        schemaVersion: 1,
        receptionId,
        receptionNumber: row.number,
        storeCode: actor.terminal.storeCode,
        terminalCode: actor.terminal.code,
        staffCode: actor.staff.code,
        cancelledAt: at,
        reason,
      });
    });
    this.staged.delete(receptionId);
    this.hooks.afterCommit();
    return this.receptions.get(receptionId);
  }

  /** S-20: the appraised items as CSV for Excel. */
  itemsCsv(receptionId: string): { filename: string; content: string } {
    const reception = this.receptions.get(receptionId);
    const categories = japaneseCategoryNames(this.deps.db);
    const rows = reception.items.map((item) => ({
      receptionNumber: reception.number,
      position: item.position,
      stockCode: item.stockCode,
      category: categories.get(item.categoryId) ?? item.categoryId,
      name: item.name,
      maker: item.maker,
      model: item.model,
      serial: item.serial,
      colour: item.colour,
      features: item.features,
      grade: item.grade,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      amount: item.amount,
    }));
    return { filename: `appraisal-${reception.number}.csv`, content: toExcelCsv(rows, [...ITEM_CSV_COLUMNS]) };
  }

  paymentMethods(): PaymentMethod[] {
    return [...BUILT_IN_PAYMENT_METHODS, ...readSetting(this.deps.db, 'paymentMethods')];
  }

  private eligibilityOf(reception: Reception | null): Eligibility {
    if (!reception) return settlementEligibility(null);
    return settlementEligibility({ status: reception.status, itemCount: reception.items.length, suspectedStolen: reception.suspectedStolen });
  }

  private result(receptionId: string, settlementId: string, printError: KioskErrorInfo | null): SettlementResult {
    const stock: StockItem[] = findStockBySettlement(this.deps.db, settlementId);
    return { reception: this.receptions.get(receptionId), stock, printError };
  }
}

/** P-06: the default point grant — whole hundreds of yen paid times the configured rate. */
export function defaultPoints(totalYen: number, perHundredYen: number): number {
  return Math.floor(Math.max(0, totalYen) / 100) * perHundredYen;
}

export function currentTerms(db: ServiceDeps['db']): AgreementTerms | null {
  const row = db
    .prepare('SELECT version, title, body FROM agreement_terms WHERE active = 1 ORDER BY version DESC LIMIT 1')
    .get() as AgreementTerms | undefined;
  return row ?? null;
}

/** S-20: the columns of the appraised-items CSV, in order (documented in the README). */
export const ITEM_CSV_COLUMNS = [
  { key: 'receptionNumber', header: '受付番号' },
  { key: 'position', header: '行' },
  { key: 'stockCode', header: '在庫コード' },
  { key: 'category', header: '分類' },
  { key: 'name', header: '商品名' },
  { key: 'maker', header: 'メーカー' },
  { key: 'model', header: '型番' },
  { key: 'serial', header: 'シリアル' },
  { key: 'colour', header: '色' },
  { key: 'features', header: '特徴' },
  { key: 'grade', header: 'ランク' },
  { key: 'quantity', header: '数量' },
  { key: 'unitPrice', header: '単価' },
  { key: 'amount', header: '金額' },
] as const;
