// Data shapes that cross the IPC boundary. Plain types only: the renderer may import this file.
// Money is integer yen; instants are UTC ISO-8601 strings; calendar dates are YYYY-MM-DD.

import type { PrintJob } from '../common/printing.ts';

// Printing shapes are defined once, beside their zod schema in main/printing (types only: nothing runs from there).
export type {
  DrawerSettings,
  LabelPrinterSettings,
  PaperWidth,
  PrinterRole,
  PrinterSettings,
  PrintJob,
  PrintJobKind,
  PrintJobStatus,
  ReceiptPrinterSettings,
  TransportSettings,
  UsbPrinterInfo,
} from '../common/printing.ts';
// Identity-verification shapes live beside the pure rules that check them (B-01, B-03).
export type {
  CheckReason,
  DocumentType,
  IdentitySettings,
  VerificationField,
  VerificationInput,
  VerificationMethod,
  VerificationProblem,
  VerificationRecord,
} from '../common/compliance.ts';
import type { DocumentType, IdentitySettings, VerificationMethod } from '../common/compliance.ts';

export type Role = 'clerk' | 'manager';
export type ReceptionStatus = 'received' | 'appraising' | 'appraised' | 'settled' | 'cancelled';
export type Grade = 'S' | 'A' | 'B' | 'C' | 'D' | 'J';
export const GRADES: readonly Grade[] = ['S', 'A', 'B', 'C', 'D', 'J'];
export const RECEPTION_STATUSES: readonly ReceptionStatus[] = ['received', 'appraising', 'appraised', 'settled', 'cancelled'];

export interface KioskErrorInfo {
  /** Stable machine code, e.g. RECEPTION_NOT_FOUND. */
  code: string;
  /** i18n key of the message shown to the user. */
  message: string;
  /** Values for the message's placeholders. */
  params?: Record<string, string | number>;
  /** Per-field i18n keys, for whole-form validation. Keys are dotted paths of the request. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: KioskErrorInfo };

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  demo: boolean;
  /** False until a store and terminal account exist (demo data or IT's provision.json). */
  provisioned: boolean;
  locale: 'ja' | 'en';
}

export interface TerminalInfo {
  id: string;
  code: string;
  name: string;
  number: number;
  storeId: string;
  storeCode: string;
  storeName: string;
}

export interface StaffInfo {
  id: string;
  code: string;
  name: string;
  role: Role;
}

/** P-05: a staff account as the manager's staff screen shows it (never the PIN hash). */
export interface StaffMember {
  id: string;
  code: string;
  name: string;
  role: Role;
  active: boolean;
  locked: boolean;
  /** 'hq' — published by headquarters, read-only at the store. */
  owner: 'hq' | 'store';
}

/**
 * Why the counter is at the sign-in screen when nobody signed out: the idle lock (P-05), or HQ gave the terminal
 * account to another device or refused it when a manager provisioned HQ (S-02; `code` is the refusal's error code).
 */
export interface SessionNotice {
  reason: 'idle' | 'lease_lost' | 'lease_refused';
  code?: string;
}

export interface SessionState {
  terminal: TerminalInfo | null;
  staff: StaffInfo | null;
  notice?: SessionNotice | null;
}

export interface Customer {
  id: string;
  memberNumber: string;
  name: string;
  nameKana: string;
  postalCode: string;
  address: string;
  phone: string;
  birthDate: string | null;
  occupation: string;
  pointBalance: number;
}

export interface Category {
  id: string;
  parentId: string | null;
  nameJa: string;
  nameEn: string;
  alwaysVerify: boolean;
  /** the purity mark of a metal category ('K18', 'Pt900' …): its items are priced by weight. */
  metal?: string | null;
  /** false once headquarters retired it (kept for the items that name it, offered for no new item). */
  active?: boolean;
  /** 'hq' when headquarters publishes it (read-only at the store). */
  owner?: 'store' | 'hq';
  /** Display order in lists (ascending). */
  sortOrder?: number;
}

/** what deleting a category did — deleted, or deactivated because items (or other records) name it. */
export type CategoryRemoval = { outcome: 'deleted' } | { outcome: 'deactivated'; items: number };

export interface Seller {
  name: string;
  nameKana: string;
  postalCode: string;
  address: string;
  phone: string;
  birthDate: string | null;
  occupation: string;
}

/** What staff enter for one appraised item (P-02). */
export interface ItemFields {
  categoryId: string;
  name: string;
  maker: string;
  model: string;
  serial: string;
  colour: string;
  features: string;
  grade: Grade;
  quantity: number;
  unitPrice: number;
  /** the product's own barcode (JAN/EAN-13, UPC-A, EAN-8) as the catalog keys it; '' or absent when none. */
  productCode?: string;
  /** weight in centigrams (0.01 g) of an item of a metal category; null or absent otherwise. */
  weightCg?: number | null;
  /** the price per gram the clerk saw when pricing by weight (refused if it is no longer today's). */
  metalPricePerGram?: number | null;
}

export interface ReceptionItem extends ItemFields {
  productCode: string;
  weightCg: number | null;
  /** the rate per gram the item was priced at. */
  metalPricePerGram: number | null;
  id: string;
  position: number;
  /** The code its price label and stock item carry (P-07). */
  stockCode: string;
  /** Its in-store JAN-13 (prefix 20–29), on JAN labels; null only for items from before JAN labels existed. */
  janCode: string | null;
  /** quantity × unitPrice */
  amount: number;
  ecPublish: boolean;
  cancelled: boolean;
}

export interface Totals {
  /** Sum of the amounts of the items that are not cancelled. */
  itemsTotal: number;
  adjustmentAmount: number;
  /** itemsTotal + adjustmentAmount: what the shop pays. Never below zero. */
  total: number;
  itemCount: number;
}

export interface Reception {
  id: string;
  number: string;
  status: ReceptionStatus;
  version: number;
  storeId: string;
  terminalId: string;
  staffId: string;
  staffName: string;
  customerId: string | null;
  memberNumber: string | null;
  seller: Seller;
  adjustmentAmount: number;
  adjustmentReason: string;
  note: string;
  suspectedStolen: boolean;
  items: ReceptionItem[];
  totals: Totals;
  createdAt: string;
  updatedAt: string;
  settlement: SettlementSummary | null;
}

export interface ReceptionListRow {
  id: string;
  number: string;
  status: ReceptionStatus;
  version: number;
  sellerName: string;
  sellerPhone: string;
  memberNumber: string | null;
  staffName: string;
  itemCount: number;
  total: number;
  suspectedStolen: boolean;
  settleable: boolean;
  createdAt: string;
  /** N-03: the counter PC (terminal code) that last changed it — this one, or another PC of the store. */
  changedBy: string;
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A page of a long list read from where the last page ended (issue 14: page 1,000 costs what page 1 costs). `total`
 * stops at 1,000 (`totalCapped` says there are more: the screen shows "1,000+"); `next` is passed back as `cursor`
 * for the following page and is null on the last page.
 */
export interface KeysetPage<T> {
  rows: T[];
  total: number;
  totalCapped: boolean;
  pageSize: number;
  next: string | null;
  /** A sorted search matched more than 1,000: the newest 1,000 matches are what was sorted. */
  sortedWithinCap: boolean;
}

export type IneligibleReason = 'NOT_FOUND' | 'SETTLED' | 'CANCELLED' | 'NO_ITEMS' | 'SUSPECTED_STOLEN';
/** S-05: a refusal names its real reason — for a settled transaction, when and for how much. */
export type Eligibility =
  | { settleable: true }
  | { settleable: false; reason: IneligibleReason; settledAt?: string; total?: number; cancelledAt?: string };

export interface PaymentMethod {
  id: string;
  labelJa: string;
  labelEn: string;
}

export interface SettlementSummary {
  id: string;
  itemsTotal: number;
  adjustmentAmount: number;
  totalAmount: number;
  paymentMethod: string;
  printMethod: 'receipt' | 'none';
  pointsGranted: number;
  agreedTermsVersion: number | null;
  settledAt: string;
  staffName: string;
  images: { id: string; kind: 'id_photo' | 'signature' }[];
}

export interface StockItem {
  id: string;
  code: string;
  /** P-07: the in-store JAN-13 its label carries; a scan of either finds it in the stock list. */
  janCode: string | null;
  name: string;
  categoryId: string;
  grade: Grade;
  quantity: number;
  price: number;
  ecPublished: boolean;
  receptionNumber: string;
  createdAt: string;
}

export interface AgreementTerms {
  version: number;
  title: string;
  body: string;
}

export interface PrinterStatus {
  enabled: boolean;
}

/** What the settlement screen needs to offer its choices (S-16, S-17, S-18). */
export interface SettlementOptions {
  terms: AgreementTerms | null;
  paymentMethods: PaymentMethod[];
  receiptPrinter: PrinterStatus;
  labelPrinter: PrinterStatus;
  /** Points granted per 100 yen paid, and the most that can be granted by hand. */
  pointRule: { perHundredYen: number; maxManual: number };
  /** B-01, B-03: when the verification step requires a record, and how minors are treated. */
  identity: IdentitySettings;
}

export interface SettlementResult {
  reception: Reception;
  stock: StockItem[];
  /** S-16: the receipt's print job, queued after the commit and printing in the background; null without a receipt. */
  receiptJob: PrintJob | null;
  /** Set when the receipt could not even be queued (printer switched off meanwhile); the settlement itself stands. */
  printError: KioskErrorInfo | null;
  /** M-01: the drawer kick of a cash settlement, queued after the commit; null when not cash or the drawer is OFF. */
  drawerJob: PrintJob | null;
  /** Set when the kick could not even be queued; the settlement itself stands. */
  drawerError: KioskErrorInfo | null;
}

/** P-04: the buyback settings a manager edits. */
export interface BuybackSettings {
  terms: AgreementTerms | null;
  paymentMethods: PaymentMethod[];
  pointRule: { perHundredYen: number; maxManual: number };
  security: { idleLockMinutes: number; maxPinAttempts: number; lockoutMinutes: number; managerAdjustmentYen: number };
}

/** B-06: what the settlement wizard keeps across a reload or restart (never images or the identity record). */
export interface SettlementDraft {
  settlementId: string;
  step: 'agreement' | 'verification' | 'execute';
  /** S-09: the terms version the customer agreed to; null until they agree, or when the shop has no terms. */
  agreedTermsVersion: number | null;
  cancelledItemIds: string[];
  ecPublishItemIds: string[];
  paymentMethod: string;
  printMethod: 'receipt' | 'none';
  points: number | null;
  /** Whether an ID photo / signature had been taken: after an app restart they are gone and must be retaken. */
  photoTaken: boolean;
  signed: boolean;
}

/** The sync badge (D-06, D-08): what the renderer shows about the outbox and HQ. */
export interface SyncStatus {
  /** HQ URL, store, terminal and token are provisioned. */
  configured: boolean;
  /** The last exchange with HQ succeeded. False until the first one. */
  online: boolean;
  /** Rows still to send, including the dead ones. */
  backlog: number;
  /** Rows HQ refused for good (invalid or conflicting); they need IT. */
  dead: number;
  oldestUnsentAt: string | null;
  oldestAgeMinutes: number | null;
  /** The oldest unsent row is older than 24 hours, or a row is dead. */
  warning: boolean;
  /** A short code-like text (NETWORK: ECONNREFUSED, HTTP 503, ...), never a response body. */
  lastError: string | null;
  lastSyncAt: string | null;
  /** B-05: HQ found this kiosk's audit chain rewritten (HASH_MISMATCH) or rolled back (HEAD_BACKWARDS). */
  chainDivergence: SyncChainDivergence | null;
  /** N-03: when the store feed last changed a reception here (another PC's change); the list refreshes on it. */
  storeFeedAt?: string | null;
}

export interface SyncChainDivergence {
  kind: 'HASH_MISMATCH' | 'HEAD_BACKWARDS';
  /** The audit entry where HQ's record and this kiosk's chain disagree. */
  seq: number;
  reportedSeq: number;
  detectedAt: string;
}

/** A row HQ refused or that kept failing, set aside so the rest flows (issue 13 §2); the manager retries it. */
export interface SyncSetAsideRow {
  seq: number;
  kind: 'settlement' | 'cancellation' | 'ledger_correction' | 'ec_publish_change' | 'till_close' | 'reception' | 'member';
  aggregateId: string;
  receptionNumber: string | null;
  createdAt: string;
  deadAt: string;
  attempts: number;
  /** Stable reason code (RECEPTION_NUMBER_TAKEN, IDEMPOTENCY_CONFLICT, INVALID_PAYLOAD, PAYLOAD_TOO_LARGE, …). */
  code: string;
  detail: string;
}

/** The HQ connection as the settings screen may show it: everything but the token. */
export interface SyncConnectionInfo {
  hqUrl: string;
  storeCode: string;
  terminalCode: string;
  updatedAt: string;
}

/** Events pushed from the main process to the renderer. */
export interface KioskEvents {
  'session:changed': SessionState;
  /** The sync worker finished a cycle, or the HQ connection changed. */
  'sync:status': SyncStatus;
  /** A print job was queued, started, finished or failed. */
  'print:job': PrintJob;
  /** V-01: what the customer's screen shows now (customer window only). */
  'customer:view': CustomerView;
  /** V-02: the customer's screen as the clerk's wizard sees it (connected, asked, agreed, signed). */
  'customerDisplay:changed': CustomerDisplayStatus;
}

/** B-02: the correctable fields of a ledger line (a correction never edits the original; it is a new entry). */
export type LedgerCorrectionField = 'seller.name' | 'seller.address' | 'seller.occupation' | 'seller.birthDate' | 'documentType' | 'invoice.tNumber';

export interface LedgerCorrection {
  id: string;
  settlementId: string;
  field: LedgerCorrectionField;
  oldValue: string;
  newValue: string;
  reason: string;
  staffName: string;
  createdAt: string;
}

/** B-02: one line of the 古物台帳 (kobutsu.md §3): one settled, non-cancelled item. */
export interface LedgerLine {
  settlementId: string;
  itemId: string;
  /** Tokyo calendar date of the settlement. */
  date: string;
  settledAt: string;
  receptionNumber: string;
  position: number;
  /** 品目: the item's category, in Japanese (the ledger's legal language) and in English for the English screen. */
  itemType: string;
  itemTypeEn: string;
  quantity: number;
  name: string;
  maker: string;
  model: string;
  serial: string;
  colour: string;
  features: string;
  amount: number;
  sellerName: string;
  sellerAddress: string;
  sellerOccupation: string;
  sellerAge: number | null;
  method: VerificationMethod | null;
  documentType: string | null;
  /** I-03: the ID document's expiry date, or null (none, or recorded before issue 16). */
  documentExpiry: string | null;
  /** I-02: when the verification reused an earlier one of the member, that one's time. */
  reusedVerifiedAt: string | null;
  /** The transaction was exempt from verification (kobutsu.md §1); recorded anyway. */
  exempt: boolean;
  minor: boolean;
  guardian: { name: string; relation: string; method: 'present' | 'written' } | null;
  invoiceRegistered: boolean;
  tNumber: string;
  /** 古物商特例: the seller is not a registered invoice issuer; name and address are on the line. */
  invoiceSpecialRule: boolean;
  staffName: string;
  /** Corrections of this line's settlement, oldest first; the original values above are never changed. */
  corrections: LedgerCorrection[];
}

/** B-05 (issue 13 §4): why a row of the audit chain does not hold. */
export type AuditChainBreakReason =
  | 'link'
  | 'hash'
  | 'unkeyed_after_keyed'
  | 'checkpoint'
  | 'checkpoint_forged'
  | 'legacy_rewritten'
  | 'guard_removed';

/** The first row of the audit chain that does not hold, as the blocking alert names it. */
export interface AuditChainAlert {
  /** The audit row's sequence number (for guard_removed: 0). */
  seq: number;
  reason: AuditChainBreakReason;
  /** The row's time and action as the file now says (may themselves be forged); null when the row is gone. */
  rowAt: string | null;
  rowAction: string | null;
  /** For guard_removed: the database guards (triggers) missing or altered. */
  guards: string[];
  detectedAt: string;
}

/** One verification of the chain: at start (since the verified checkpoint) or a manager's full check. */
export interface AuditChainCheck {
  kind: 'start' | 'full';
  at: string;
  ok: boolean;
  checkedRows: number;
  /** Rows sealed with a key this PC does not have (a database brought from another PC without its key). */
  unverifiableRows: number;
  /** Breaks a manager acknowledged earlier, passed over (still reported, never forgotten). */
  acknowledged: { seq: number; reason: AuditChainBreakReason }[];
  lastSeq: number;
  durationMs: number;
}

export interface AuditChainStatus {
  alert: AuditChainAlert | null;
  lastCheck: AuditChainCheck | null;
}

/** B-04, issue 13 §5: the keys this PC holds for ID photos, signatures and the audit chain. */
export interface VaultKeyStatus {
  /** This PC's own key (new images are sealed with it). */
  currentKeyId: string;
  /** Keys imported from the PC(s) this database came from. */
  importedKeyIds: string[];
  /** Keys the stored images were sealed with that this PC does not have: those images cannot be shown here. */
  missingKeyIds: string[];
  /** How many stored images cannot be shown for want of their key. */
  imagesWithoutKey: number;
}

// ---------------------------------------------------------------------------------------------------------------
// The desktop shell (issue 11): updates, files the main process saves, printing a page through the main process.

/** Why a downloaded update is not installed yet (main/shell/update-gate.ts). */
export type UpdateBlocker = 'staff-active' | 'print-queue' | 'wizard' | 'appraisal';

/** D-09: a downloaded update. 'unattended' installs by itself when the counter is free; 'manager' waits for a manager. */
export interface UpdateStatus {
  version: string;
  mode: 'unattended' | 'manager';
  waitingFor: UpdateBlocker[];
}

/** The screens the update gate must not restart the app under. */
export type ReportedScreen = 'wizard' | 'appraisal' | 'other';

/** S-20, B-02: a file the main process wrote (Electron), or the content for the browser's own download (browser host). */
export type SaveOutcome = { outcome: 'saved'; fileName: string; folder: string } | { outcome: 'cancelled' };
/** `encoding: 'base64'`: a binary file (the M-08 全銀 file is Shift_JIS), to be decoded before the download. */
export type SaveFileResult = SaveOutcome | { outcome: 'download'; filename: string; content: string; encoding?: 'base64' };

/** Printing the page on screen through the main process; 'unsupported' in the browser host (the page prints itself). */
export type PrintPageResult = SaveOutcome | { outcome: 'printed' } | { outcome: 'unsupported' };

// ---------------------------------------------------------------------------------------------------------------
// The customer's own screen (issue 18: V-01, V-02). The main process decides what it shows; the clerk's wizard asks
// the customer there to agree to the terms and to sign.

/** Where the terms and the signature happen: on the clerk's screen, or on the customer's. */
export type CustomerPlacement = 'clerk' | 'customer';
export type CustomerAsk = 'terms' | 'signature';

/** V-02: the shop's choice (a manager's setting); the clerk can still choose per transaction. */
export interface CustomerDisplaySettings {
  placement: CustomerPlacement;
  /** The welcome shown while nobody is served; empty: the app's own greeting. */
  welcomeJa: string;
  welcomeEn: string;
}

/** How the customer window is opened on this counter. */
export type CustomerDisplayOpening =
  /** Electron: a window on the second display, opened by the app itself; `display` null when there is only one. */
  | { kind: 'second-display'; display: string | null }
  /** The browser host: this URL opened in a second browser window (it carries the customer window's own token). */
  | { kind: 'url'; url: string }
  | { kind: 'none' };

/** V-02: what the clerk's screen knows of the customer's screen for the transaction on it. */
export interface CustomerDisplayStatus {
  /** A customer window is open and listening now. */
  connected: boolean;
  opening: CustomerDisplayOpening;
  settings: CustomerDisplaySettings;
  receptionId: string | null;
  /** What the customer's screen is asking the customer for, if anything. */
  asking: CustomerAsk | null;
  /** The agreement given on the customer's screen: the version shown there and when. */
  agreement: { version: number; at: string } | null;
  /** When the customer signed on their screen (the staged signature is that one). */
  signedAt: string | null;
  /** A manager saved new terms after the customer agreed: the customer must agree again. */
  termsChanged: boolean;
}

/** One line as the customer sees it: what was bought and for how much, nothing about the seller. */
export interface CustomerViewItem {
  id: string;
  name: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  cancelled: boolean;
}

/** V-01: everything the customer's screen shows, pushed by the main process on every change. */
export interface CustomerView {
  /** Increases with every change; a screen ignores a view older than the one it shows. */
  revision: number;
  screen: 'welcome' | 'items' | 'terms' | 'signature' | 'thanks';
  shopName: string;
  welcome: { ja: string; en: string };
  phase: 'appraisal' | 'settlement' | null;
  items: CustomerViewItem[];
  adjustmentAmount: number;
  total: number;
  /** The request the customer answers now; an answer naming another one is refused (the clerk took it back). */
  askId: string | null;
  terms: AgreementTerms | null;
  agreement: { version: number; at: string } | null;
  termsChanged: boolean;
  signed: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Documents the customer takes home (issue 16: ). One React print view renders them; the main
// process makes the PDF (Electron: a hidden window's printToPDF; browser host: headless Chromium's printToPDF).

/** The shop as a document names it: 古物営業法 asks a buyer to say who it is, with its licence and its commission. */
export interface DocumentShop {
  name: string;
  postalCode: string;
  address: string;
  phone: string;
  /** 古物商許可番号. */
  licenceNumber: string;
  /** The 公安委員会 that issued the licence, e.g. 東京都公安委員会. */
  publicSafetyCommission: string;
  /** The shop's own 適格請求書発行事業者登録番号, or ''. */
  invoiceNumber: string;
}

/** [設定] > 店舗情報 (manager): the shop's details on every document, and how long a quote is valid. */
export interface ShopDetails extends DocumentShop {
  /** a quote is valid through its issue date plus this many days (0: the day of issue only). */
  quoteValidDays: number;
}

/** An item as a document lists it: the appraised item with its category's name in both languages. */
export type DocumentItem = ReceptionItem & { categoryJa: string; categoryEn: string };

/** the purchase statement (買取明細書 / 買取承諾書) of a settled buyback, as the customer signed it. */
export interface StatementDocument {
  kind: 'statement';
  /** The language the clerk had chosen when issuing it (Japanese by default). */
  language: 'ja' | 'en';
  shop: DocumentShop;
  receptionNumber: string;
  settledAt: string;
  staffName: string;
  seller: {
    name: string;
    address: string;
    memberNumber: string | null;
    /** kobutsu.md §7: a registered issuer's T-number, or the 古物商特例 when the seller is not one. */
    invoice: { registered: boolean; tNumber: string; specialRule: boolean };
  };
  items: DocumentItem[];
  itemsTotal: number;
  adjustmentAmount: number;
  adjustmentReason: string;
  totalAmount: number;
  paymentMethod: { ja: string; en: string };
  /** The terms the customer agreed to, read by the version the settlement recorded (never today's terms). */
  terms: AgreementTerms | null;
  /** The customer's signature (data URL), or null when none was taken or its key is not on this PC. */
  signature: string | null;
  signatureUnavailable: boolean;
  /** the time of this reprint, or null for the first statement. */
  reprintedAt: string | null;
  issuedAt: string;
}

/** a quote (見積書) from the appraisal, before settlement; not a contract. */
export interface QuoteDocument {
  kind: 'quote';
  language: 'ja' | 'en';
  shop: DocumentShop;
  receptionNumber: string;
  sellerName: string;
  staffName: string;
  items: DocumentItem[];
  itemsTotal: number;
  adjustmentAmount: number;
  adjustmentReason: string;
  totalAmount: number;
  issuedAt: string;
  /** The last valid day, YYYY-MM-DD in Asia/Tokyo. */
  validUntil: string;
}

export type PrintableDocument = StatementDocument | QuoteDocument;

/** What the print page's window.kioskPrint(document) answers once it is drawn: the running footer for printToPDF. */
export interface PrintReady {
  footerTemplate: string;
}
export type DocumentKind = PrintableDocument['kind'];

/**
 * What became of a document the clerk asked for: saved as PDF (Electron: where the person chose or IT's export
 * folder), the PDF for the browser to download (browser host), printed on the system printer (Electron), or — in the
 * browser host, which has no system print from the main process — the document for the page to print itself.
 */
export type DocumentIssueResult =
  | SaveOutcome
  | { outcome: 'download'; filename: string; contentBase64: string }
  | { outcome: 'printed' }
  | { outcome: 'printInPage'; document: PrintableDocument };

// ---------------------------------------------------------------------------------------------------------------
// Identity records (issue 16: I-01 … I-03).

/** I-02: why an earlier verification cannot be reused today. */
export type ReuseRefusal = 'DOCUMENT_EXPIRED' | 'EXPIRY_UNKNOWN';

/** I-02: a member's earlier verification with an ID document, as the verification step lists it. */
export interface EarlierVerification {
  settlementId: string;
  receptionNumber: string;
  verifiedAt: string;
  staffName: string;
  documentType: DocumentType;
  documentNumberLast4: string;
  /** YYYY-MM-DD, or null when it was not recorded (the document had none, or the record predates I-03). */
  documentExpiry: string | null;
  /** It was itself a reuse of this earlier verification. */
  reusedFrom: { settlementId: string; verifiedAt: string } | null;
  /** null: may be reused today; otherwise why not. */
  refusal: ReuseRefusal | null;
}

/** N-02 (issue 19): this counter PC's claim on a reception at HQ. */
export interface ReceptionClaim {
  receptionId: string;
  /** Null when no claim is needed or possible: not connected to HQ (a single counter), or HQ unreachable (offline). */
  expiresAt: string | null;
  /** How often the open screen renews the claim (seconds); null with expiresAt null. */
  renewSeconds: number | null;
  /** HQ could not be reached (this PC's own reception stays editable, D-08): the screen tries again now and then. */
  offline: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// M-08 bank transfer (issue 15).

/** One pending transfer on 振込管理: enough to recognise it, never the account number. */
export interface BankTransferRow {
  id: string;
  receptionNumber: string;
  /** UTC ISO-8601, when the buyback settled. */
  settledAt: string;
  /** False when this PC lacks the vault key the account was sealed with (a database from another PC): names are empty. */
  readable: boolean;
  holderKana: string;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  amount: number;
  /** UTC ISO-8601 of the last export; null until exported once. */
  exportedAt: string | null;
  exportCount: number;
}

/** The account form as the clerk typed it so far (not yet valid), held in memory across a reload like the identity record. */
export interface BankAccountDraft {
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: 'ordinary' | 'current' | 'savings';
  accountNumber: string;
  holderName: string;
}

/** one entry of the product catalog, found by the product's own barcode or by name, maker or model. */
export interface CatalogItem {
  /** 13 digits (UPC-A with its leading 0) or 8 (EAN-8). */
  code: string;
  name: string;
  maker: string;
  model: string;
  categoryId: string;
  /** Short texts such as the colour; never images. */
  attributes: Record<string, string>;
  /** Learnt at this counter ('local') or published by headquarters ('hq', A-04). */
  source: 'local' | 'hq';
}

/** what a code scanned at appraisal is. */
export type CatalogLookup =
  | { kind: 'found'; code: string; item: CatalogItem }
  | { kind: 'unknown'; code: string }
  /** One of our own stock labels (in-store prefix 20–29); the item it labels when this kiosk knows it. */
  | { kind: 'stockLabel'; code: string; stockCode: string | null; name: string | null }
  | { kind: 'badCheckDigit'; code: string }
  | { kind: 'notProductCode'; code: string };

/** what the shop paid before for an item like this one (settled items of the last year only). */
export interface PriceHint {
  /** For this product code and grade, or (too few of those) for the category and grade. */
  basis: 'product' | 'category';
  count: number;
  median: number;
  min: number;
  max: number;
  /** The newest prices paid, newest first, with the settlement's instant (UTC ISO-8601). */
  recent: { unitPrice: number; settledAt: string }[];
}

/** today's buy prices per gram of the precious metals (Tokyo business day) and the rounding rule. */
export interface MetalPrices {
  businessDate: string;
  rounding: 'floor' | 'round' | 'ceil';
  /** owner 'hq': headquarters published today's price; it cannot be changed at the store. */
  prices: { metal: string; pricePerGram: number | null; setAt: string | null; setBy: string | null; owner: 'store' | 'hq' }[];
}

/** the master-data version this kiosk holds and when it last reached HQ. */
export interface MasterDataStatus {
  version: number;
  pulledAt: string | null;
  lastError: string | null;
}

/** what HQ sets for this store, shown read-only (「本部が管理しています」/「本部が設定」). */
export interface MasterDataHqOwned {
  terms: boolean;
  /** Setting keys HQ published ('identity', 'till', 'metalRounding', 'pointRule'). */
  settings: string[];
}

/** N-03: the store feed as 本部連携 shows it. lastError is `CODE: detail` (UNREACHABLE, HQ_REFUSED, INVALID_DATA, APPLY_FAILED). */
export interface StoreFeedStatus {
  /** UTC ISO-8601: the last page HQ answered; null before the first. */
  pulledAt: string | null;
  /** UTC ISO-8601: the last time another PC's change was written here. */
  appliedAt: string | null;
  lastError: string | null;
}
