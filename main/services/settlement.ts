import type { CustomerConfirmation } from './customer-display.ts';
import { recordCustomerConfirmation } from './settlement-confirmation.ts';
import type {
  AgreementTerms,
  BankAccountDraft,
  Eligibility,
  PaymentMethod,
  PrintJob,
  Reception,
  SettlementOptions,
  SettlementResult,
  StockItem,
} from '../../preload/types.ts';
import { isDocumentExpired, isValidIsoDate, photoMaskingRequired, tokyoDate, type VerificationInput, type VerificationRecord } from '../../common/compliance.ts';
import type { BankAccount } from '../../common/bank-account.ts';
import { BANK_TRANSFER, CASH } from '../../common/till.ts';
import { cachedStatement } from '../../db/statements.ts';
import { isClosed, settlementEligibility } from '../domain/eligibility.ts';
import { computeTotals } from '../domain/totals.ts';
import { KioskError } from '../errors.ts';
import type { SettlementPayload } from 'kaitori-sync-protocol';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { learnCatalogFromItems } from './catalog.ts';
import { recordPricePoints } from './price-hints.ts';
import { toExcelCsv } from './csv.ts';
import { japaneseCategoryNames } from './customers.ts';
import type { ServiceDeps } from './deps.ts';
import { enqueueReceptionChange } from './reception-sync.ts';
import { recordStatementSnapshot } from './statement-snapshot.ts';
import type { TillService } from './till.ts';
import type { BankTransferService } from './bank-transfers.ts';
import { enqueueCancellation, enqueueSettlement } from './outbox.ts';
import { BUILT_IN_PAYMENT_METHODS } from './payment-methods.ts';
import { findReceptionRow, type ItemRow, itemDescriptionOf, listItemRows, type ReceptionRow, sellerOf, toItem } from './reception-queries.ts';
import { resolveReusedVerification } from './identity-history.ts';
import type { ReceptionsService } from './receptions.ts';
import { readSetting } from './settings.ts';
import { findStockBySettlement } from './stock.ts';
import { type EvidenceKind, MAX_IMAGE_BYTES, StagedEvidence } from './staged-evidence.ts';
import { checkVerification } from './verification.ts';
import { decodeImageDataUrl, type ImageVault } from './vault.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

export { BUILT_IN_PAYMENT_METHODS } from './payment-methods.ts';

/** What settlement needs from printing and sync, injected so it runs without either. */
export interface SettlementHooks {
  receiptPrinterEnabled(): boolean;
  labelPrinterEnabled(): boolean;
  /**
   * Queues the receipt of a committed settlement and answers at once with the queued job (S-16): the clerk never
   * waits for a printer. Throws KioskError when nothing could be queued.
   */
  queueReceipt(receptionId: string): PrintJob;
  /**
   * M-01: opens the cash drawer after a cash settlement committed, through the receipt printer's queue; answers at
   * once with the queued kick, or null when this counter sends none (drawer OFF). Throws when it could not be queued.
   */
  queueDrawerKick(receptionNumber: string): PrintJob | null;
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
  /** M-08: the seller's account (number padded, holder in 全銀 kana), required with 銀行振込. */
  bankAccount?: BankAccount | null;
}

type ImageKind = EvidenceKind;

/** What execute decided about the items: cancelled, published, live, and the totals that follow. */
interface ItemPlan {
  items: ItemRow[];
  live: ItemRow[];
  cancelled: Set<string>;
  published: Set<string>;
  totals: ReturnType<typeof computeTotals>;
}

/** I-02: the identity record as execute uses it — a reused earlier verification already resolved into it. */
interface VerificationReference {
  input: VerificationInput | null;
  reusedFrom: VerificationRecord['reusedFrom'];
}

/** Everything the steps of one execute share. */
interface Settlement {
  id: string;
  at: string;
  actor: Actor;
  row: ReceptionRow;
  plan: ItemPlan;
  verification: VerificationRecord;
  terms: AgreementTerms | null;
  points: number;
  paymentMethod: string;
  printMethod: 'receipt' | 'none';
  /** product codes the catalog learnt from this settlement. */
  learntCodes?: string[];
}

/**
 * The reception as reception:get will read it after the commit, built from what execute already holds rather than
 * read back (500 items read again cost as much as writing them). tests/unit/settlement.test.ts compares the two.
 */
function settledReception(s: Settlement, images: { id: string; kind: ImageKind }[]): Reception {
  const items = s.plan.items.map((item) =>
    toItem({ ...item, cancelled: s.plan.cancelled.has(item.id) ? 1 : 0, ec_publish: s.plan.published.has(item.id) ? 1 : 0 }),
  );
  return {
    id: s.row.id,
    number: s.row.number,
    status: 'settled',
    version: s.row.version + 1,
    storeId: s.row.store_id,
    terminalId: s.row.terminal_id,
    staffId: s.row.staff_id,
    staffName: s.row.staff_name,
    customerId: s.row.customer_id,
    memberNumber: s.row.member_number,
    seller: sellerOf(s.row),
    adjustmentAmount: s.row.adjustment_amount,
    adjustmentReason: s.row.adjustment_reason,
    note: s.row.note,
    suspectedStolen: s.row.suspected_stolen === 1,
    items,
    totals: computeTotals(items, s.row.adjustment_amount),
    createdAt: s.row.created_at,
    updatedAt: s.at,
    settlement: {
      id: s.id,
      itemsTotal: s.plan.totals.itemsTotal,
      adjustmentAmount: s.plan.totals.adjustmentAmount,
      totalAmount: s.plan.totals.total,
      paymentMethod: s.paymentMethod,
      printMethod: s.printMethod,
      pointsGranted: s.points,
      agreedTermsVersion: s.terms ? s.terms.version : null,
      settledAt: s.at,
      staffName: s.actor.staff.name,
      images,
    },
  };
}

export class SettlementService {
  /** S-11, B-06: ID photo, signature and identity record, in memory only until execute (staged-evidence.ts). */
  readonly evidence: StagedEvidence;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly receptions: ReceptionsService,
    private readonly vault: ImageVault,
    private readonly hooks: SettlementHooks,
    private readonly till: TillService,
    private readonly bankTransfers: BankTransferService,
  ) {
    this.evidence = new StagedEvidence(deps.db);
  }

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

  stageImage(receptionId: string, kind: ImageKind, dataUrl: string, masks = 0): { kind: ImageKind; bytes: number } {
    const image = decodeImageDataUrl(dataUrl);
    if (!image) throw new KioskError('IMAGE_INVALID');
    if (image.bytes.length > MAX_IMAGE_BYTES) throw new KioskError('IMAGE_TOO_LARGE');
    const reception = findReceptionRow(this.deps.db, receptionId);
    if (!reception) throw new KioskError('RECEPTION_NOT_FOUND');
    // A settled or cancelled transaction will never execute: nothing of the customer's is held for it.
    if (isClosed(reception.status)) throw new KioskError('RECEPTION_CLOSED', { params: { status: reception.status } });
    this.evidence.stageImage(receptionId, kind, { ...image, masks });
    return { kind, bytes: image.bytes.length };
  }

  dropImage(receptionId: string, kind: ImageKind): void {
    this.evidence.dropImage(receptionId, kind);
  }

  /** I-01: the regions blacked out on the held ID photo, or null when none is held (a reload keeps it). */
  stagedPhotoMasks(receptionId: string): number | null {
    return this.evidence.image(receptionId, 'id_photo')?.masks ?? null;
  }

  /** Which images wait for execute; after an app restart none do, and the wizard asks to retake them (B-06). */
  stagedKinds(receptionId: string): ImageKind[] {
    return this.evidence.kinds(receptionId);
  }

  stagedImage(receptionId: string, kind: ImageKind): string | null {
    const image = this.evidence.image(receptionId, kind);
    return image ? `data:${image.mime};base64,${image.bytes.toString('base64')}` : null;
  }

  /** B-06: the identity record typed so far survives an auto-lock or a reload, in memory only (never on disk). */
  stageIdentity(receptionId: string, record: VerificationInput | null): void {
    const reception = findReceptionRow(this.deps.db, receptionId);
    if (!reception) throw new KioskError('RECEPTION_NOT_FOUND');
    if (isClosed(reception.status)) throw new KioskError('RECEPTION_CLOSED', { params: { status: reception.status } });
    this.evidence.setIdentity(receptionId, record);
  }

  stagedIdentity(receptionId: string): VerificationInput | null {
    return this.evidence.identity(receptionId);
  }

  /** M-08: the bank account typed so far survives a reload or an auto-lock, in memory only (like the identity record). */
  stageBankAccount(receptionId: string, account: BankAccountDraft | null): void {
    const reception = findReceptionRow(this.deps.db, receptionId);
    if (!reception) throw new KioskError('RECEPTION_NOT_FOUND');
    if (isClosed(reception.status)) throw new KioskError('RECEPTION_CLOSED', { params: { status: reception.status } });
    this.evidence.setBankAccount(receptionId, account);
  }

  stagedBankAccount(receptionId: string): BankAccountDraft | null {
    return this.evidence.bankAccount(receptionId);
  }

  /** M-08: the member's last account, offered for reuse; null for a walk-in seller or a member who has none. */
  lastBankAccount(receptionId: string): BankAccountDraft | null {
    const reception = findReceptionRow(this.deps.db, receptionId);
    if (!reception) throw new KioskError('RECEPTION_NOT_FOUND');
    if (!reception.customer_id) return null;
    const account = this.bankTransfers.lastAccount(reception.customer_id);
    if (!account) return null;
    const { holderKana, ...rest } = account;
    return { ...rest, holderName: holderKana };
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
   * reported but never undoes the settlement. Each step below is one named function inside that one transaction.
   */
  async execute(actor: Actor, request: ExecuteRequest, confirmation: CustomerConfirmation | null = null): Promise<SettlementResult> {
    const { db } = this.deps;
    const replay = cachedStatement(db, 'SELECT reception_id FROM settlements WHERE id = ?').get(request.settlementId) as
      | { reception_id: string }
      | undefined;
    if (replay) {
      if (replay.reception_id !== request.receptionId) throw new KioskError('SETTLEMENT_ID_REUSED');
      return this.result(request.receptionId, request.settlementId, null, null);
    }
    if (request.printMethod === 'receipt' && !this.hooks.receiptPrinterEnabled()) throw new KioskError('RECEIPT_PRINTER_OFF');
    const paymentMethod = this.paymentMethods().find((m) => m.id === request.paymentMethod);
    if (!paymentMethod) throw new KioskError('PAYMENT_METHOD_UNKNOWN');
    const bankAccount = paymentMethod.id === BANK_TRANSFER ? request.bankAccount : null;
    if (paymentMethod.id === BANK_TRANSFER && !bankAccount) throw new KioskError('BANK_ACCOUNT_REQUIRED');

    const at = this.deps.clock().toISOString();
    const settled = writeTransaction(db, () => {
      const row = this.checkEligibility(request);
      const plan = this.planItems(row, request);
      const identity = this.recordVerificationReference(row, request.verification ?? null);
      this.checkDocumentExpiry(identity.input);
      const verification = this.recordVerification(row, plan, identity);
      // After the record's own checks, so a number that may not be kept at all is named before the photo's masking.
      this.checkPhotoMasking(row, identity.input);
      const terms = this.checkTerms(request);
      const points = this.pointsFor(row, plan.totals.total, request);
      const settlement: Settlement = { id: request.settlementId, at, actor, row, plan, verification, terms, points, paymentMethod: paymentMethod.id, printMethod: request.printMethod };
      this.insertSettlement(settlement);
      this.recordCustomerConfirmation(settlement, confirmation);
      this.recordStatementSnapshot(settlement, paymentMethod);
      // M-03: cash leaves the till in this same transaction, or the settlement does not happen (TILL_NOT_OPEN).
      if (settlement.paymentMethod === CASH) this.till.recordPayout({ settlementId: settlement.id, amount: plan.totals.total, actor, at });
      // M-08: the seller's account, encrypted, with the settlement or not at all.
      if (bankAccount) this.bankTransfers.record({ settlementId: settlement.id, customerId: row.customer_id, amount: plan.totals.total, account: bankAccount, actor, at });
      const stock = this.registerStock(settlement);
      // what was bought under a product code joins the catalog with the settlement, or not at all.
      settlement.learntCodes = learnCatalogFromItems(db, plan.live, at);
      // the prices paid become hints for the next appraisal, in the same transaction.
      recordPricePoints(db, plan.live, at);
      const images = this.storeImages(settlement);
      this.grantPoints(settlement);
      this.closeReception(settlement, request.version);
      this.writeAudit(settlement, images.length);
      this.writeOutbox(settlement, stock);
      enqueueReceptionChange(db, this.deps.newId, actor, settlement.row.id, at);
      return { settlement, stock, images };
    });
    this.evidence.forget(request.receptionId);
    this.hooks.afterCommit();

    // The settlement stands whatever the printer does; the drawer kick and the receipt go in the background and
    // report their progress. The kick goes first: the clerk counts the money out while the receipt prints.
    const drawer = paymentMethod.id === CASH ? this.kickDrawer(settled.settlement.row.number) : { drawerJob: null, drawerError: null };
    let receiptJob: PrintJob | null = null;
    let printError: SettlementResult['printError'] = null;
    if (request.printMethod === 'receipt') {
      try {
        receiptJob = this.hooks.queueReceipt(request.receptionId);
      } catch (error) {
        printError = error instanceof KioskError ? error.toInfo() : { code: 'PRINT_FAILED', message: 'errors.PRINT_FAILED' };
      }
    }
    return { reception: settledReception(settled.settlement, settled.images), stock: settled.stock, receiptJob, printError, ...drawer };
  }

  /** M-01: a kick that cannot even be queued is reported beside the settlement, which stands. */
  private kickDrawer(receptionNumber: string): Pick<SettlementResult, 'drawerJob' | 'drawerError'> {
    try {
      return { drawerJob: this.hooks.queueDrawerKick(receptionNumber), drawerError: null };
    } catch (error) {
      return { drawerJob: null, drawerError: error instanceof KioskError ? error.toInfo() : { code: 'PRINT_FAILED', message: 'errors.PRINT_FAILED' } };
    }
  }

  /** S-05: the reception exists, is settleable, and is the version the clerk saw. */
  private checkEligibility(request: ExecuteRequest): ReceptionRow {
    const row = findReceptionRow(this.deps.db, request.receptionId);
    if (!row) throw new KioskError('RECEPTION_NOT_FOUND');
    if (row.status === 'settled') {
      const settled = this.deps.db.prepare('SELECT settled_at, total_amount FROM settlements WHERE reception_id = ?').get(row.id) as
        | { settled_at: string; total_amount: number }
        | undefined;
      // N-03: settled at another PC of the store — its record is there and at HQ, not here; say where.
      if (!settled) {
        const by = this.deps.db.prepare('SELECT changed_by_terminal FROM receptions WHERE id = ?').pluck().get(row.id) as string | null;
        throw new KioskError('SETTLED_ELSEWHERE', { params: { terminal: by ?? '' } });
      }
      throw new KioskError('ALREADY_SETTLED', { params: { settledAt: settled.settled_at, total: settled.total_amount } });
    }
    const eligibility = settlementEligibility({ status: row.status, itemCount: row.item_count, suspectedStolen: row.suspected_stolen === 1 });
    if (!eligibility.settleable) throw new KioskError('NOT_SETTLEABLE', { params: { reason: eligibility.reason } });
    // N-03: another PC's reception is settled here only under this PC's claim (taken by the handler just before).
    this.receptions.requireEditable(row.id);
    if (row.version !== request.version) throw new KioskError('VERSION_CONFLICT');
    return row;
  }

  /** S-06, S-12: which items are cancelled and which go to the EC shop, and the totals that follow. */
  private planItems(row: ReceptionRow, request: ExecuteRequest): ItemPlan {
    const items = listItemRows(this.deps.db, row.id);
    const itemIds = new Set(items.map((i) => i.id));
    for (const id of [...request.cancelledItemIds, ...request.ecPublishItemIds]) {
      if (!itemIds.has(id)) throw new KioskError('ITEM_NOT_FOUND');
    }
    const cancelled = new Set(request.cancelledItemIds);
    const published = new Set(request.ecPublishItemIds.filter((id) => !cancelled.has(id)));
    const live = items.filter((i) => !cancelled.has(i.id));
    if (live.length === 0) throw new KioskError('ALL_ITEMS_CANCELLED');
    const totals = computeTotals(
      items.map((i) => ({ quantity: i.quantity, unitPrice: i.unit_price, cancelled: cancelled.has(i.id) })),
      row.adjustment_amount,
    );
    if (totals.total < 0) throw new KioskError('TOTAL_NEGATIVE');
    return { items, live, cancelled, published, totals };
  }

  /** B-01, B-03: the identity-verification record the law asks for (kobutsu.md); I-02 names a reused one. */
  private recordVerification(row: ReceptionRow, plan: ItemPlan, identity: VerificationReference): VerificationRecord {
    const staged = this.evidence.kinds(row.id);
    const record = checkVerification(this.deps.db, {
      reception: row,
      items: plan.items,
      cancelled: plan.cancelled,
      input: identity.input,
      // A reused verification's photo is the earlier settlement's (I-02): no new one is taken.
      hasIdPhoto: staged.includes('id_photo') || identity.reusedFrom !== null,
      hasSignature: staged.includes('signature'),
      today: tokyoDate(this.deps.clock()),
    });
    return { ...record, reusedFrom: identity.reusedFrom };
  }

  /** S-09: the customer agreed to the terms in force; a newer version saved since must be shown and agreed to. */
  private checkTerms(request: ExecuteRequest): AgreementTerms | null {
    const terms = currentTerms(this.deps.db);
    if (terms && request.agreedTermsVersion !== terms.version) {
      if (request.agreedTermsVersion === null) throw new KioskError('TERMS_NOT_AGREED');
      throw new KioskError('TERMS_CHANGED', { params: { agreed: request.agreedTermsVersion, current: terms.version } });
    }
    return terms;
  }

  /** S-17, P-06: points only for members, by the configured rule unless the clerk chose (within the limit). */
  private pointsFor(row: ReceptionRow, total: number, request: ExecuteRequest): number {
    const pointRule = readSetting(this.deps.db, 'pointRule');
    if (!row.customer_id) {
      if (request.points) throw new KioskError('POINTS_NEED_MEMBER');
      return 0;
    }
    // P-06: the cap is for points typed by hand; the rule's own grant on a large buyback is never refused.
    if (request.points !== null && request.points > pointRule.maxManual) {
      throw new KioskError('POINTS_TOO_MANY', { params: { max: pointRule.maxManual } });
    }
    return request.points ?? defaultPoints(total, pointRule.perHundredYen);
  }

  private insertSettlement(s: Settlement): void {
    cachedStatement(
      this.deps.db,
      `INSERT INTO settlements (id, reception_id, staff_id, terminal_id, items_total, adjustment_amount, total_amount,
         payment_method, print_method, points_granted, agreed_terms_version, verification, settled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      s.id,
      s.row.id,
      s.actor.staff.id,
      s.actor.terminal.id,
      s.plan.totals.itemsTotal,
      s.plan.totals.adjustmentAmount,
      s.plan.totals.total,
      s.paymentMethod,
      s.printMethod,
      s.points,
      s.terms ? s.terms.version : null,
      JSON.stringify(s.verification),
      s.at,
    );
  }

  /**
   * S-21, S-06, S-12: items keep their cancelled / EC flags, and every live item becomes a stock item under the code
   * it was appraised with. Two set-based statements, whatever the item count (500 single-row statements cost more than
   * the commit itself).
   */
  /** V-02: where and when the terms were agreed and the signature given (the customer's screen or the clerk's). */
  private recordCustomerConfirmation(s: Settlement, confirmation: CustomerConfirmation | null): void {
    const hasSignature = this.evidence.kinds(s.row.id).includes('signature');
    recordCustomerConfirmation(this.deps.db, { id: s.id, termsVersion: s.terms?.version ?? null, hasSignature }, confirmation);
  }

  private registerStock(s: Settlement): StockItem[] {
    const { db } = this.deps;
    cachedStatement(
      db,
      `UPDATE reception_items
          SET cancelled = id IN (SELECT value FROM json_each(@cancelled)),
              ec_publish = id IN (SELECT value FROM json_each(@published)),
              updated_at = @at
        WHERE reception_id = @receptionId`,
    ).run({ cancelled: JSON.stringify([...s.plan.cancelled]), published: JSON.stringify([...s.plan.published]), at: s.at, receptionId: s.row.id });
    const stock: StockItem[] = s.plan.live.map((item) => ({
      id: this.deps.newId(),
      code: item.stock_code,
      janCode: item.jan_code,
      name: item.name,
      categoryId: item.category_id,
      grade: item.grade,
      quantity: item.quantity,
      price: item.unit_price,
      ecPublished: s.plan.published.has(item.id),
      receptionNumber: s.row.number,
      createdAt: s.at,
    }));
    cachedStatement(
      db,
      `INSERT INTO stock_items (id, code, reception_item_id, settlement_id, category_id, name, grade, quantity, price,
         ec_published, created_at, updated_at, jan_code)
       SELECT j.value ->> 0, ri.stock_code, ri.id, @settlementId, ri.category_id, ri.name, ri.grade, ri.quantity, ri.unit_price,
              ri.ec_publish, @at, @at, ri.jan_code
         FROM json_each(@stock) j JOIN reception_items ri ON ri.id = j.value ->> 1
        ORDER BY j.key`,
    ).run({ settlementId: s.id, at: s.at, stock: JSON.stringify(stock.map((item, i) => [item.id, s.plan.live[i]!.id])) });
    return stock;
  }

  /** S-11, B-04: the staged images, encrypted; from here on only the main process can show them, to staff. */
  private storeImages(s: Settlement): { id: string; kind: ImageKind }[] {
    const stored: { id: string; kind: ImageKind }[] = [];
    for (const kind of this.evidence.kinds(s.row.id)) {
      // kinds() lists exactly the images held.
      const image = this.evidence.image(s.row.id, kind)!;
      const imageId = this.deps.newId();
      const sealed = this.vault.seal(image.bytes, imageId);
      cachedStatement(
        this.deps.db,
        // The kiosk database first, with the settlement (one file, one commit); moved to images.sqlite3 after the
        // commit (image-store.ts).
        `INSERT INTO main.settlement_images_pending (id, settlement_id, kind, mime, key_id, iv, tag, ciphertext, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(imageId, s.id, kind, image.mime, sealed.keyId, sealed.iv, sealed.tag, sealed.ciphertext, s.at);
      stored.push({ id: imageId, kind });
    }
    return stored.sort((a, b) => a.kind.localeCompare(b.kind));
  }

  private grantPoints(s: Settlement): void {
    if (s.points <= 0 || !s.row.customer_id) return;
    cachedStatement(this.deps.db, 'INSERT INTO point_ledger (id, customer_id, reception_id, points, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      this.deps.newId(),
      s.row.customer_id,
      s.row.id,
      s.points,
      'settlement',
      s.at,
    );
  }

  /** Status `settled`, checked against the version once more; the cached totals follow the live items. */
  private closeReception(s: Settlement, version: number): void {
    const { db } = this.deps;
    const changed = cachedStatement(
      db,
      `UPDATE receptions SET status = 'settled', version = version + 1, updated_at = ?, item_count = ?, items_total = ?
        WHERE id = ? AND version = ?`,
    ).run(s.at, s.plan.live.length, s.plan.totals.itemsTotal, s.row.id, version);
    if (changed.changes !== 1) throw new KioskError('VERSION_CONFLICT');
    cachedStatement(db, 'DELETE FROM settlement_drafts WHERE reception_id = ?').run(s.row.id);
  }

  private writeAudit(s: Settlement, images: number): void {
    appendAudit(this.deps.db, s.at, this.deps.newId, {
      staffId: s.actor.staff.id,
      terminalId: s.actor.terminal.id,
      action: 'settlement.execute',
      entity: 'reception',
      entityId: s.row.id,
      detail: {
        settlementId: s.id,
        total: s.plan.totals.total,
        items: s.plan.live.length,
        cancelledItems: s.plan.cancelled.size,
        paymentMethod: s.paymentMethod,
        printMethod: s.printMethod,
        points: s.points,
        images,
        ...(s.learntCodes?.length ? { catalogLearnt: s.learntCodes } : {}),
        // Method and kind only: the record itself holds personal data and stays out of the audit log.
        verification: { required: s.verification.required, method: s.verification.method, documentType: s.verification.documentType, minor: s.verification.minor },
      },
    });
  }

  /** D-06: what HQ must hear of, in the same transaction. */
  private writeOutbox(s: Settlement, stock: StockItem[]): void {
    const categoryNames = japaneseCategoryNames(this.deps.db);
    const stockCodes = new Map(s.plan.live.map((item, i) => [item.id, stock[i]!.code]));
    const payload: SettlementPayload = {
      schemaVersion: 1,
      settlementId: s.id,
      receptionId: s.row.id,
      receptionNumber: s.row.number,
      storeCode: s.actor.terminal.storeCode,
      terminalCode: s.actor.terminal.code,
      staffCode: s.actor.staff.code,
      settledAt: s.at,
      memberNumber: s.row.member_number,
      seller: sellerOf(s.row),
      items: s.plan.items.map((item) => ({
        id: item.id,
        position: item.position,
        categoryId: item.category_id,
        categoryName: categoryNames.get(item.category_id) ?? item.category_id,
        ...itemDescriptionOf(item),
        quantity: item.quantity,
        unitPrice: item.unit_price,
        amount: item.quantity * item.unit_price,
        cancelled: s.plan.cancelled.has(item.id),
        ecPublish: s.plan.published.has(item.id),
        stockCode: stockCodes.get(item.id) ?? null,
        // the product code reaches HQ with the item (absent when none, so older payloads stay byte-identical).
        ...(item.product_code ? { productCode: item.product_code } : {}),
        // the weight of metal bought by weight, and the rate per gram it was priced at.
        ...(item.weight_cg !== null ? { weightCg: item.weight_cg, metalPricePerGram: item.metal_price_per_gram } : {}),
      })),
      itemsTotal: s.plan.totals.itemsTotal,
      adjustmentAmount: s.plan.totals.adjustmentAmount,
      adjustmentReason: s.row.adjustment_reason,
      totalAmount: s.plan.totals.total,
      paymentMethod: s.paymentMethod,
      printMethod: s.printMethod,
      pointsGranted: s.points,
      agreedTermsVersion: s.terms ? s.terms.version : null,
      verification: { ...s.verification },
    };
    enqueueSettlement(this.deps.db, this.deps.newId(), s.at, payload);
  }

  /**
   * I-02, a step of execute: a verification that reuses an earlier one of this member takes that record's document
   * (type, last 4, expiry) from the database, never from the request, and names it; refused when it is not this
   * member's, not an ID document, or no longer valid.
   */
  private recordVerificationReference(row: ReceptionRow, input: VerificationInput | null): VerificationReference {
    if (!input?.reusedFrom) return { input, reusedFrom: null };
    const reused = resolveReusedVerification(this.deps.db, row.customer_id, input.reusedFrom, tokyoDate(this.deps.clock()));
    return {
      input: {
        ...input,
        method: 'id_document',
        documentType: reused.documentType,
        documentNumberLast4: reused.documentNumberLast4,
        documentExpiry: reused.documentExpiry,
      },
      reusedFrom: reused.reusedFrom,
    };
  }

  /**
   * I-03, a step of execute: the document shown must be valid today (through its expiry date), checked again here in
   * the transaction — the wizard may have been open across midnight.
   */
  private checkDocumentExpiry(input: VerificationInput | null): void {
    const expiry = input?.method === 'id_document' ? input.documentExpiry : '';
    if (expiry && isValidIsoDate(expiry) && isDocumentExpired(expiry, tokyoDate(this.deps.clock()))) {
      throw new KioskError('DOCUMENT_EXPIRED', { params: { expiry } });
    }
  }

  /**
   * I-01, a step of execute: the photo of a document whose numbers may not be kept (a health-insurance card) is
   * stored only if the clerk blacked out at least one region in the mask editor before it was sent.
   */
  private checkPhotoMasking(row: ReceptionRow, input: VerificationInput | null): void {
    if (input?.method !== 'id_document' || !photoMaskingRequired(input.documentType)) return;
    const photo = this.evidence.image(row.id, 'id_photo');
    if (photo && !photo.masks) throw new KioskError('ID_PHOTO_MASK_REQUIRED');
  }

  /** Q-01, a step of execute: what the statement's header says for this settlement, fixed now (issue 16). */
  private recordStatementSnapshot(s: Settlement, paymentMethod: PaymentMethod): void {
    recordStatementSnapshot(this.deps.db, { settlementId: s.id, storeId: s.row.store_id, paymentMethod, at: s.at });
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
      enqueueReceptionChange(db, this.deps.newId, actor, receptionId, at);
    });
    this.evidence.forget(receptionId);
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
    const eligibility = settlementEligibility({ status: reception.status, itemCount: reception.items.length, suspectedStolen: reception.suspectedStolen });
    if (eligibility.settleable) return eligibility;
    if (eligibility.reason === 'SETTLED' && reception.settlement) {
      return { ...eligibility, settledAt: reception.settlement.settledAt, total: reception.settlement.totalAmount };
    }
    if (eligibility.reason === 'CANCELLED') return { ...eligibility, cancelledAt: reception.updatedAt };
    return eligibility;
  }

  private result(receptionId: string, settlementId: string, receiptJob: PrintJob | null, printError: SettlementResult['printError']): SettlementResult {
    const stock: StockItem[] = findStockBySettlement(this.deps.db, settlementId);
    return { reception: this.receptions.get(receptionId), stock, receiptJob, printError, drawerJob: null, drawerError: null };
  }
}

/** P-06: the default point grant — whole hundreds of yen paid times the configured rate. */
export function defaultPoints(totalYen: number, perHundredYen: number): number {
  return Math.floor(Math.max(0, totalYen) / 100) * perHundredYen;
}

export function currentTerms(db: ServiceDeps['db']): AgreementTerms | null {
  const row = cachedStatement(db, 'SELECT version, title, body FROM agreement_terms WHERE active = 1 ORDER BY version DESC LIMIT 1').get() as
    | AgreementTerms
    | undefined;
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
