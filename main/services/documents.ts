// Documents the customer takes home (Q-01 statement, Q-02 quote, Q-03 reprint mark). The data comes from here; the
// layout is one React print view (renderer/print/); the PDF is made by a DocumentRenderer the shell hands in
// (Electron: a hidden window's printToPDF; browser host: headless Chromium's printToPDF). No electron import.
//
// Statements are regenerated on demand, never stored as files. Everything a statement shows is already kept,
// unchangeable, for the 3 years the law asks (026 guards): the settlement and its items, the verification record, the
// signature (encrypted, B-04) and the terms by the version the customer agreed to; what could change later — the
// shop's details, a payment method's name — is snapshotted at execute (statement_snapshots, 050). A stored PDF
// would be a second copy of the seller's name, address and signature to encrypt, back up, restore, move with the
// vault keys and purge after 3 years, for no content the records do not already fix.
import type {
  AgreementTerms,
  DocumentIssueResult,
  DocumentItem,
  DocumentKind,
  DocumentShop,
  PrintableDocument,
  PrintReady,
  QuoteDocument,
  Reception,
  ShopDetails,
  StatementDocument,
} from '../../preload/types.ts';
import { tokyoDate, type VerificationRecord } from '../../common/compliance.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { KioskError } from '../errors.ts';
import type { SaveOutcome } from '../shell/file-export.ts';
import { errorForLog } from '../shell/log.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import type { ReceptionsService } from './receptions.ts';
import { readShop } from './statement-snapshot.ts';
import { readSetting, writeSetting } from './settings.ts';
import { BUILT_IN_PAYMENT_METHODS } from './settlement.ts';

/** Makes a document into paper or PDF. The print view lays it out; the renderer only drives Chromium. */
export interface DocumentRenderer {
  /** The document as an A4 PDF. Throws on any failure (the caller reports DOCUMENT_PDF_FAILED). */
  pdf(document: PrintableDocument): Promise<Buffer>;
  /** The document on the system printer through the OS dialog; absent where the main process cannot print. */
  print?(document: PrintableDocument): Promise<'printed' | 'cancelled'>;
}

export interface DocumentsDeps {
  /** A settled image as a data URL (the vault decrypts it); throws KioskError VAULT_KEY_MISSING without its key. */
  imageOf(imageId: string): string;
  renderer?: DocumentRenderer;
  /** Electron: writes the PDF where the person chooses or into IT's export folder. Absent in the browser host. */
  saveFile?(requestedName: string, extension: '.pdf', content: Buffer): Promise<SaveOutcome>;
}

export interface IssueRequest {
  kind: DocumentKind;
  receptionId: string;
  output: 'pdf' | 'printer';
  language: 'ja' | 'en';
}

/** The script a PDF maker runs in the print page: renders the document and waits for its images and fonts. */
export function printScript(document: PrintableDocument): string {
  return `window.kioskPrint(${JSON.stringify(document)})`;
}

/**
 * printToPDF's options, the same for Electron's webContents.printToPDF and the DevTools protocol's Page.printToPDF
 * (Electron passes them to the same Chromium printing code): A4 from the page's CSS, backgrounds, and the running
 * footer with the page numbers in the bottom margin.
 */
export function pdfOptions(ready: PrintReady) {
  return {
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate: ready.footerTemplate,
  };
}

/** The Tokyo calendar day `days` after `date` (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function fileNameOf(document: PrintableDocument): string {
  return `${document.kind}-${document.receptionNumber}`;
}

export class DocumentsService {
  /** Issues of one reception run one after another, so two quick clicks never both come out as the original. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly receptions: ReceptionsService,
    private readonly documents: DocumentsDeps,
  ) {}

  shopDetails(storeId: string): ShopDetails {
    return { ...readShop(this.deps.db, storeId), quoteValidDays: readSetting(this.deps.db, 'documents').quoteValidDays };
  }

  /** [設定] > 店舗情報: a manager changes what every later document says (settled statements keep their snapshot). */
  saveShopDetails(actor: Actor, details: ShopDetails): ShopDetails {
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      const changed = db
        .prepare(
          `UPDATE stores SET name = ?, postal_code = ?, address = ?, phone = ?, licence_number = ?, public_safety_commission = ?,
             invoice_number = ? WHERE id = ?`,
        )
        .run(
          details.name,
          details.postalCode,
          details.address,
          details.phone,
          details.licenceNumber,
          details.publicSafetyCommission,
          details.invoiceNumber,
          actor.terminal.storeId,
        );
      if (changed.changes !== 1) throw new KioskError('STORE_NOT_FOUND');
      writeSetting(db, 'documents', { quoteValidDays: details.quoteValidDays }, at);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'settings.shop',
        entity: 'store',
        entityId: actor.terminal.storeId,
      });
    });
    return this.shopDetails(actor.terminal.storeId);
  }

  /** the statement of a settled reception as it was agreed; `reprintedAt` marks a reprint. */
  statement(receptionId: string, issuedAt: string, reprintedAt: string | null, language: 'ja' | 'en' = 'ja'): StatementDocument {
    const { db } = this.deps;
    const reception = this.receptions.get(receptionId);
    const settlement = reception.settlement;
    if (reception.status !== 'settled' || !settlement) throw new KioskError('STATEMENT_NOT_SETTLED');
    const row = db
      .prepare(
        `SELECT st.verification, st.payment_method, sn.shop, sn.payment_method_label
           FROM settlements st LEFT JOIN statement_snapshots sn ON sn.settlement_id = st.id
          WHERE st.id = ?`,
      )
      .get(settlement.id) as { verification: string; payment_method: string; shop: string | null; payment_method_label: string | null };
    const verification = JSON.parse(row.verification) as Partial<VerificationRecord>;
    const terms =
      settlement.agreedTermsVersion === null
        ? null
        : ((db.prepare('SELECT version, title, body FROM agreement_terms WHERE version = ?').get(settlement.agreedTermsVersion) as
            | AgreementTerms
            | undefined) ?? null);
    const signature = this.signatureOf(reception);
    return {
      kind: 'statement',
      language,
      // Settlements from before 050 have no snapshot: their statement shows the shop as it is now.
      shop: row.shop ? (JSON.parse(row.shop) as DocumentShop) : readShop(db, reception.storeId),
      receptionNumber: reception.number,
      settledAt: settlement.settledAt,
      staffName: settlement.staffName,
      seller: {
        name: verification.seller?.name || reception.seller.name,
        address: verification.seller?.address || reception.seller.address,
        memberNumber: reception.memberNumber,
        invoice: verification.invoice ?? { registered: false, tNumber: '', specialRule: true },
      },
      items: this.itemsOf(reception),
      itemsTotal: settlement.itemsTotal,
      adjustmentAmount: settlement.adjustmentAmount,
      adjustmentReason: reception.adjustmentReason,
      totalAmount: settlement.totalAmount,
      paymentMethod: row.payment_method_label ? (JSON.parse(row.payment_method_label) as { ja: string; en: string }) : this.currentMethodLabel(row.payment_method),
      terms,
      signature: signature.dataUrl,
      signatureUnavailable: signature.unavailable,
      reprintedAt,
      issuedAt,
    };
  }

  /** a quote of the current appraisal, before settlement. */
  quote(receptionId: string, issuedAt: string, language: 'ja' | 'en' = 'ja'): QuoteDocument {
    const reception = this.receptions.get(receptionId);
    if (reception.status === 'settled' || reception.status === 'cancelled') {
      throw new KioskError('QUOTE_NOT_AVAILABLE', { params: { status: reception.status } });
    }
    const items = this.itemsOf(reception);
    if (items.length === 0) throw new KioskError('QUOTE_NO_ITEMS');
    const validDays = readSetting(this.deps.db, 'documents').quoteValidDays;
    return {
      kind: 'quote',
      language,
      shop: readShop(this.deps.db, reception.storeId),
      receptionNumber: reception.number,
      sellerName: reception.seller.name,
      staffName: reception.staffName,
      items,
      itemsTotal: reception.totals.itemsTotal,
      adjustmentAmount: reception.totals.adjustmentAmount,
      adjustmentReason: reception.adjustmentReason,
      totalAmount: reception.totals.total,
      issuedAt,
      validUntil: addDays(tokyoDate(new Date(issuedAt)), validDays),
    };
  }

  /**
   * makes the document, hands it out (PDF or printer) and records the issue with its audit entry.
   * Only a document that really went out counts: a failed PDF or a cancelled dialog leaves no record, so the next
   * attempt is still the original. A statement after the first is marked 再発行 with its own time.
   */
  issue(actor: Actor, request: IssueRequest): Promise<DocumentIssueResult> {
    const previous = this.queues.get(request.receptionId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.issueNow(actor, request));
    this.queues.set(request.receptionId, next);
    void next.finally(() => {
      if (this.queues.get(request.receptionId) === next) this.queues.delete(request.receptionId);
    }).catch(() => {});
    return next;
  }

  private async issueNow(actor: Actor, request: IssueRequest): Promise<DocumentIssueResult> {
    const issuedAt = this.deps.clock().toISOString();
    const document = this.build(request, issuedAt);
    const renderer = this.documents.renderer;
    let result: DocumentIssueResult;
    if (request.output === 'printer') {
      if (!renderer?.print) {
        result = { outcome: 'printInPage', document };
      } else {
        let printed: 'printed' | 'cancelled';
        try {
          printed = await renderer.print(document);
        } catch (error) {
          throw asDocumentError(error, 'PRINT_PAGE_FAILED');
        }
        result = { outcome: printed };
      }
    } else {
      if (!renderer) throw new KioskError('DOCUMENT_PDF_UNAVAILABLE');
      let pdf: Buffer;
      try {
        pdf = await renderer.pdf(document);
      } catch (error) {
        throw asDocumentError(error, 'DOCUMENT_PDF_FAILED');
      }
      result = this.documents.saveFile
        ? await this.documents.saveFile(fileNameOf(document), '.pdf', pdf)
        : { outcome: 'download', filename: `${fileNameOf(document)}.pdf`, contentBase64: pdf.toString('base64') };
    }
    if (result.outcome !== 'cancelled') this.record(actor, request, document);
    return result;
  }

  private build(request: IssueRequest, issuedAt: string): PrintableDocument {
    if (request.kind === 'quote') return this.quote(request.receptionId, issuedAt, request.language);
    const issued = this.deps.db
      .prepare(`SELECT 1 FROM document_issues WHERE reception_id = ? AND kind = 'statement' LIMIT 1`)
      .get(request.receptionId);
    return this.statement(request.receptionId, issuedAt, issued ? issuedAt : null, request.language);
  }

  private record(actor: Actor, request: IssueRequest, document: PrintableDocument): void {
    const { db } = this.deps;
    const reprint = document.kind === 'statement' && document.reprintedAt !== null;
    const validUntil = document.kind === 'quote' ? document.validUntil : null;
    writeTransaction(db, () => {
      db.prepare(
        `INSERT INTO document_issues (id, kind, reception_id, output, reprint, total_amount, valid_until, staff_id, issued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(this.deps.newId(), document.kind, request.receptionId, request.output, reprint ? 1 : 0, document.totalAmount, validUntil, actor.staff.id, document.issuedAt);
      appendAudit(db, document.issuedAt, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: `document.${document.kind}`,
        entity: 'reception',
        entityId: request.receptionId,
        detail: { output: request.output, reprint, total: document.totalAmount, ...(validUntil ? { validUntil } : {}) },
      });
    });
  }

  private itemsOf(reception: Reception): DocumentItem[] {
    const categories = new Map(
      (this.deps.db.prepare('SELECT id, name_ja, name_en FROM categories').all() as { id: string; name_ja: string; name_en: string }[]).map((c) => [c.id, c]),
    );
    return reception.items
      .filter((item) => !item.cancelled)
      .map((item) => ({
        ...item,
        categoryJa: categories.get(item.categoryId)?.name_ja ?? item.categoryId,
        categoryEn: categories.get(item.categoryId)?.name_en ?? item.categoryId,
      }));
  }

  private signatureOf(reception: Reception): { dataUrl: string | null; unavailable: boolean } {
    const image = reception.settlement?.images.find((i) => i.kind === 'signature');
    if (!image) return { dataUrl: null, unavailable: false };
    try {
      return { dataUrl: this.documents.imageOf(image.id), unavailable: false };
    } catch (error) {
      // A database brought from another PC before IT imported its key: the statement says so instead of failing.
      if (error instanceof KioskError && (error.code === 'VAULT_KEY_MISSING' || error.code === 'IMAGE_UNREADABLE')) {
        return { dataUrl: null, unavailable: true };
      }
      throw error;
    }
  }

  private currentMethodLabel(id: string): { ja: string; en: string } {
    const method = [...BUILT_IN_PAYMENT_METHODS, ...readSetting(this.deps.db, 'paymentMethods')].find((m) => m.id === id);
    return method ? { ja: method.labelJa, en: method.labelEn } : { ja: id, en: id };
  }
}

/** A renderer failure becomes one stable code; a KioskError it raised itself (e.g. a printer error) keeps its own. */
function asDocumentError(error: unknown, code: 'DOCUMENT_PDF_FAILED' | 'PRINT_PAGE_FAILED'): KioskError {
  if (error instanceof KioskError) return error;
  // For IT: why Chromium failed (masked: a message may quote the page, and the page is the customer's document).
  console.error(`[documents] ${code}: ${errorForLog(error)}`);
  return new KioskError(code);
}
