/**
 * The single IPC contract (STYLE.md 2): every channel the renderer may call, with the zod schema its request must
 * pass in the main process and the type of its response. main/ipc.ts and the browser host both register from this
 * object, so a channel without a handler does not compile. Validation messages are i18n keys ('validation.*').
 */
import { z } from 'zod';
import { ACCOUNT_TYPES, asciiDigits, HOLDER_PROBLEMS, paddedAccountNumber, toZenginKana } from '../common/bank-account.ts';
import { DOCUMENT_TYPES, VERIFICATION_METHODS, type VerificationInput } from '../common/compliance.ts';
import { printerSettingsSchema } from '../common/printing.ts';
import { classifyScannedCode } from '../common/product-code.ts';
import { MAX_WEIGHT_CG, METAL_ROUNDING } from '../common/metal-price.ts';
import { BANK_TRANSFER, type TillCheck, type TillClose, type TillSessionDetail, type TillSessionSummary, type TillState } from '../common/till.ts';
import {
  CHANNEL_NAMES,
  type ChannelName,
  type CustomerChannelListed,
  type CustomerEventListed,
  EVENT_NAMES,
  type EventNameListed,
} from './channels.ts';
import type {
  AgreementTerms,
  BankAccountDraft,
  BankTransferRow,
  AppInfo,
  AuditChainCheck,
  AuditChainStatus,
  CatalogItem,
  CatalogLookup,
  PriceHint,
  MetalPrices,
  MasterDataStatus,
  StoreFeedStatus,
  MasterDataHqOwned,
  CategoryRemoval,
  VaultKeyStatus,
  BuybackSettings,
  CustomerDisplayStatus,
  CustomerView,
  Category,
  Customer,
  DocumentIssueResult,
  EarlierVerification,
  ReceptionClaim,
  Eligibility,
  KioskEvents,
  LedgerCorrection,
  LedgerLine,
  KeysetPage,
  PrinterSettings,
  PrintJob,
  Reception,
  PrintPageResult,
  ReportedScreen,
  SaveFileResult,
  ReceptionListRow,
  Result,
  SessionState,
  SettlementDraft,
  SettlementOptions,
  StaffMember,
  SettlementResult,
  ShopDetails,
  StockItem,
  SyncConnectionInfo,
  SyncSetAsideRow,
  SyncStatus,
  UpdateStatus,
  UsbPrinterInfo,
} from './types.ts';

/**
 * V-03: who may call a channel (or receive an event). `window` is the kind of window the call must come from: the
 * clerk's own screen, or the customer's screen across the counter. `role` is what the caller must hold, each level
 * including the ones before it: nothing ('none': sign-in, the tamper alert, status badges), the terminal session
 * ('terminal'), a signed-in member of staff on that window ('staff'), or a signed-in manager ('manager').
 * main/dispatch.ts enforces it before any handler runs; handlers never check roles themselves.
 */
export type WindowKind = 'clerk' | 'customer';
export type AccessRole = 'none' | 'terminal' | 'staff' | 'manager';
export const ACCESS_ROLES: readonly AccessRole[] = ['none', 'terminal', 'staff', 'manager'];
export const WINDOW_KINDS: readonly WindowKind[] = ['clerk', 'customer'];

export interface Access {
  readonly window: WindowKind;
  readonly role: AccessRole;
}

/** Carries a response type without a runtime value. */
interface Returns<T> {
  readonly __returns?: T;
}
function returns<T>(): Returns<T> {
  return {};
}

const MAX_TEXT = 200;
const MAX_NOTE = 2000;
/** Largest single amount the counter accepts, to refuse absurd input (¥100,000,000). */
export const MAX_YEN = 100_000_000;

/**
 * Issue 13 §2: control characters never enter free text (a NUL in an item name once jammed HQ on PostgreSQL, and
 * none of them prints). Texts longer than MAX_TEXT are the multi-line notes, where line breaks and tabs belong.
 */
const CONTROL_CHARACTERS = /\p{Cc}/u;
const CONTROL_CHARACTERS_BUT_LINES = /(?![\t\n\r])\p{Cc}/u;
const text = (max = MAX_TEXT) =>
  z
    .string()
    .trim()
    .max(max, 'validation.tooLong')
    .refine((v) => !(max > MAX_TEXT ? CONTROL_CHARACTERS_BUT_LINES : CONTROL_CHARACTERS).test(v), 'validation.controlCharacters');
const requiredText = (max = MAX_TEXT) => text(max).min(1, 'validation.required');
const id = z.string().uuid('validation.invalidId');
const yen = z.number('validation.number').int('validation.integer');

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^0\d{1,4}-?\d{1,4}-?\d{3,4}$/, 'validation.phone')
  .refine((v) => v.replace(/-/g, '').length >= 10 && v.replace(/-/g, '').length <= 11, 'validation.phone');
export const postalCodeSchema = z.string().trim().regex(/^\d{3}-?\d{4}$/, 'validation.postalCode');
export const birthDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'validation.date');

export const sellerSchema = z.object({
  name: requiredText(),
  nameKana: requiredText().regex(/^[\p{Script=Katakana}\p{Script=Hiragana}ー・\s　]+$/u, 'validation.kana'),
  postalCode: z.union([z.literal(''), postalCodeSchema]).default(''),
  address: requiredText(),
  phone: phoneSchema,
  birthDate: birthDateSchema,
  occupation: requiredText(),
});

/**
 * a product's own barcode, or '' for none. Stored as the catalog keys it (UPC-A as 13 digits); a bad check digit
 * or one of our own stock labels is refused with its own message.
 */
export const productCodeSchema = z
  .string()
  .max(20, 'validation.tooLong')
  .refine((v) => v.trim() === '' || classifyScannedCode(v).kind !== 'inStore', 'validation.productCodeStockLabel')
  .refine((v) => v.trim() === '' || ['product', 'inStore'].includes(classifyScannedCode(v).kind), 'validation.productCode')
  .transform((v) => (v.trim() === '' ? '' : classifyScannedCode(v).code))
  .default('');

export const itemFieldsSchema = z.object({
  categoryId: z.string().min(1, 'validation.required'),
  name: requiredText(),
  maker: text().default(''),
  model: text().default(''),
  serial: text().default(''),
  colour: text().default(''),
  features: text(MAX_NOTE).default(''),
  grade: z.enum(['S', 'A', 'B', 'C', 'D', 'J'], 'validation.grade'),
  quantity: z.number('validation.number').int('validation.integer').min(1, 'validation.quantityMin').max(9999, 'validation.tooLarge'),
  unitPrice: yen.min(0, 'validation.priceNegative').max(MAX_YEN, 'validation.tooLarge'),
  productCode: productCodeSchema,
  /** weight of an item of a metal category, in centigrams (0.01 g); the main process prices it. */
  weightCg: z.number('validation.number').int('validation.weightStep').min(1, 'validation.weightRequired').max(MAX_WEIGHT_CG, 'validation.tooLarge').nullable().default(null),
  metalPricePerGram: z.number().int().positive().nullable().default(null),
});

/** Where the previous page of a long list ended (KeysetPage.next); opaque to the renderer. */
/** a category as a manager keeps it (ids are HQ's shape: a-z, 0-9, '-'). */
const categoryId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'validation.invalidId');
const categoryFields = z.object({
  nameJa: requiredText(60),
  nameEn: requiredText(60),
  parentId: categoryId.nullable().default(null),
  alwaysVerify: z.boolean(),
  sortOrder: z.number('validation.number').int('validation.integer').min(0, 'validation.categoryOrder').max(1_000_000, 'validation.categoryOrder'),
});
const cursorSchema = z.string().max(400).default('');

const listQuerySchema = z.object({
  keyword: text().default(''),
  number: text().default(''),
  customer: text().default(''),
  staffId: z.string().default(''),
  status: z.array(z.enum(['received', 'appraising', 'appraised', 'settled', 'cancelled'])).default([]),
  dateFrom: z.union([z.literal(''), birthDateSchema]).default(''),
  dateTo: z.union([z.literal(''), birthDateSchema]).default(''),
  sort: z.enum(['createdAt', 'number', 'total', 'status']).default('createdAt'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  cursor: cursorSchema,
  pageSize: z.number().int().min(1).max(200).default(50),
});

const empty = z.object({}).strict();

/** B-01, B-03: the identity-verification record of the wizard's verification step (kobutsu.md §2, §5, §7). */
export const verificationSchema = z.object({
  method: z.enum(VERIFICATION_METHODS).nullable().default(null),
  // Forbidden document types pass here so the service refuses them with their reason (DOCUMENT_TYPE_FORBIDDEN).
  documentType: z.enum(DOCUMENT_TYPES).nullable().default(null),
  // Only the last four characters: the full number of an ID document is never sent, stored or logged.
  documentNumberLast4: z.union([z.literal(''), z.string().trim().regex(/^[0-9A-Za-z]{4}$/, 'validation.last4')]).default(''),
  /** I-03: the document's expiry date; '' when it shows none. */
  documentExpiry: z.union([z.literal(''), birthDateSchema]).default(''),
  /** I-02: the settlement whose verification of this member is reused. */
  reusedFrom: id.nullable().default(null),
  seller: z.object({ name: text(), address: text(), occupation: text(), birthDate: z.union([z.literal(''), birthDateSchema]) }),
  guardian: z
    .object({ name: text(), relation: text(50), method: z.enum(['present', 'written']).nullable().default(null) })
    .nullable()
    .default(null),
  invoice: z
    .object({ registered: z.boolean(), tNumber: z.union([z.literal(''), z.string().trim().regex(/^T\d{13}$/, 'validation.tNumber')]).default('') })
    .default({ registered: false, tNumber: '' }),
});

/** the shop's details on documents. A licence number is twelve digits (typed with or without 第…号). */
export const shopDetailsSchema = z.object({
  name: requiredText(100),
  postalCode: z.union([z.literal(''), postalCodeSchema]).default(''),
  address: requiredText(),
  phone: z.union([z.literal(''), phoneSchema]).default(''),
  licenceNumber: z
    .string()
    .trim()
    .transform((v) => v.replace(/^第\s*/, '').replace(/\s*号$/, ''))
    .pipe(z.string().regex(/^\d{12}$/, 'validation.licenceNumber')),
  publicSafetyCommission: requiredText(30).regex(/公安委員会$/, 'validation.publicSafetyCommission'),
  invoiceNumber: z.union([z.literal(''), z.string().trim().regex(/^T\d{13}$/, 'validation.tNumber')]).default(''),
  quoteValidDays: z.number('validation.number').int('validation.integer').min(0, 'validation.tooSmall').max(90, 'validation.tooLarge'),
});

/** B-06: what the settlement wizard keeps on disk across a reload or restart; never images or the identity record. */
export const settlementDraftSchema = z.object({
  settlementId: id,
  step: z.enum(['agreement', 'verification', 'execute']),
  /** S-09: the terms version the customer agreed to, null until they agree. */
  agreedTermsVersion: z.number().int().min(1).nullable(),
  cancelledItemIds: z.array(id).max(1000),
  ecPublishItemIds: z.array(id).max(1000),
  paymentMethod: text(40),
  printMethod: z.enum(['receipt', 'none']),
  points: z.number().int().min(0).max(1_000_000).nullable(),
  photoTaken: z.boolean(),
  signed: z.boolean(),
});

/** M-08: a code of `length` digits; full-width digits from the IME are taken as typed. */
const digitCode = (length: number, message: string) =>
  z
    .string()
    .max(20, message)
    .transform(asciiDigits)
    .pipe(z.string().regex(new RegExp(`^\\d{${length}}$`), message));

/** M-08: a name as typed → 全銀 half-width kana (common/bank-account.ts), or the field's message. */
const zenginKana = (maxBytes?: number) =>
  z
    .string()
    .max(200, 'validation.tooLong')
    .transform((typed, ctx) => {
      const converted = toZenginKana(typed, maxBytes);
      if (converted.ok) return converted.kana;
      ctx.addIssue({ code: 'custom', message: HOLDER_PROBLEMS[converted.reason] });
      return z.NEVER;
    });

/** M-08: 1 to 7 digits as typed → the 7 the 全銀 record holds. */
const accountNumberSchema = z
  .string()
  .max(20, 'validation.accountNumber')
  .transform((typed, ctx) => {
    const padded = paddedAccountNumber(typed);
    if (padded) return padded;
    ctx.addIssue({ code: 'custom', message: 'validation.accountNumber' });
    return z.NEVER;
  });

/** M-08: bank, branch, type and number, for the seller's account and the shop's own alike. */
const accountAtBankFields = {
  bankCode: digitCode(4, 'validation.bankCode'),
  bankName: requiredText(30),
  branchCode: digitCode(3, 'validation.branchCode'),
  branchName: requiredText(30),
  accountType: z.enum(ACCOUNT_TYPES, 'validation.accountType'),
  accountNumber: accountNumberSchema,
};

/** M-08: the seller's account at execute; the service receives it with the number padded and the holder in 全銀 kana. */
export const bankAccountSchema = z
  .object({ ...accountAtBankFields, holderName: zenginKana() })
  .transform(({ holderName, ...account }) => ({ ...account, holderKana: holderName }));

/** M-08: the account form half typed, held in memory across a reload; checked only at execute. */
const bankAccountDraftSchema = z.object({
  bankCode: z.string().max(20),
  bankName: z.string().max(200),
  branchCode: z.string().max(20),
  branchName: z.string().max(200),
  accountType: z.enum(ACCOUNT_TYPES),
  accountNumber: z.string().max(20),
  holderName: z.string().max(200),
}) satisfies z.ZodType<BankAccountDraft>;

/** M-08: 依頼人 of the 全銀 file (a manager's setting). */
const zenginRemitterSchema = z.object({
  companyCode: digitCode(10, 'validation.companyCode'),
  companyName: zenginKana(40),
  ...accountAtBankFields,
});

const ledgerRange = z.object({ from: birthDateSchema, to: birthDateSchema });
const fromNotAfterTo = (range: { from: string; to: string }) => range.from <= range.to;
const dateRangeError = { message: 'validation.dateRange', path: ['to'] };
const ledgerRangeSchema = ledgerRange.refine(fromNotAfterTo, dateRangeError);
/** B-02, issue 14: one screenful of the ledger, read from where the previous page ended (KeysetPage.next). */
const ledgerPageSchema = ledgerRange
  .extend({ cursor: cursorSchema, pageSize: z.number().int().min(1).max(500).default(100) })
  .refine(fromNotAfterTo, dateRangeError);

const fileSaveSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('settlementCsv'), receptionId: id }),
  z.object({ kind: z.literal('ledgerCsv'), from: birthDateSchema, to: birthDateSchema }),
  /** M-08: the 全銀 総合振込 file of the chosen pending transfers (a manager's, raised below). */
  z.object({ kind: z.literal('zenginTransfer'), ids: z.array(id).min(1, 'validation.selectTransfers').max(1000), transferDate: birthDateSchema }),
]);

const flagSuspectedStolenSchema = z.object({ receptionId: id, flagged: z.boolean(), note: text(MAX_NOTE).default('') });

/**
 * One contract entry: its access (V-03), the request schema and the response type. `raisedRole` is for the rare
 * channel whose request itself asks for more than its declared role (checked after validation, before the handler);
 * it returns the higher role, or null when the declared one is enough.
 */
export interface ChannelDeclaration extends Access {
  readonly request: z.ZodType;
  readonly response: Returns<unknown>;
  // `never`: each entry types the parameter with its own request; dispatch passes the validated request.
  readonly raisedRole?: (request: never) => AccessRole | null;
}

/**
 * The contract. A NEW CHANNEL declares `window` and `role` (see Access above) and is added to preload/channels.ts;
 * a customer-window channel also to CUSTOMER_CHANNEL_NAMES there.
 */
export const contract = {
  'app:info': { window: 'clerk', role: 'none', request: empty, response: returns<AppInfo>() },
  /** D-07: the manager-only exit from the kiosk. */
  'app:quit': { window: 'clerk', role: 'manager', request: empty, response: returns<{ quitting: boolean }>() },

  'session:state': { window: 'clerk', role: 'none', request: empty, response: returns<SessionState>() },
  'session:terminalSignIn': {
    window: 'clerk',
    role: 'none',
    request: z.object({ code: requiredText(32), password: requiredText(128) }),
    response: returns<SessionState>(),
  },
  'session:terminalSignOut': { window: 'clerk', role: 'manager', request: empty, response: returns<SessionState>() },
  'session:staffSignIn': {
    window: 'clerk',
    role: 'terminal',
    request: z.object({ code: requiredText(32), pin: z.string().regex(/^\d{4,8}$/, 'validation.pin') }),
    response: returns<SessionState>(),
  },
  'session:staffSignOut': { window: 'clerk', role: 'none', request: empty, response: returns<SessionState>() },
  /** P-05: a person used the screen (throttled by the renderer); the one idle clock lives in the main process. */
  'session:activity': { window: 'clerk', role: 'none', request: empty, response: returns<{ recorded: true }>() },

  // HQ sync (D-06, D-08). The main process checks the URL again (https only, http only to loopback).
  'sync:status': { window: 'clerk', role: 'none', request: empty, response: returns<SyncStatus>() },
  'sync:wake': { window: 'clerk', role: 'staff', request: empty, response: returns<{ woken: true }>() },
  'sync:connection': { window: 'clerk', role: 'manager', request: empty, response: returns<SyncConnectionInfo | null>() },
  'sync:provision': {
    window: 'clerk',
    role: 'manager',
    request: z.object({
      hqUrl: requiredText(500).regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i, 'validation.hqUrl'),
      storeCode: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, 'validation.code'),
      terminalCode: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, 'validation.code'),
      token: z.string().min(20, 'validation.token').max(200, 'validation.token'),
    }),
    response: returns<SyncConnectionInfo>(),
  },
  'sync:clear': { window: 'clerk', role: 'manager', request: empty, response: returns<{ cleared: true }>() },
  /** Issue 13 §2: put one set-aside row (seq) or all of them back in the queue. Manager only, audited. */
  'sync:retryDead': {
    window: 'clerk',
    role: 'manager',
    request: z.object({ seq: z.number().int().positive().optional() }).strict(),
    response: returns<{ requeued: number }>(),
  },
  /** The rows set aside with their reason, for the manager's sync screen. */
  'sync:setAside': { window: 'clerk', role: 'manager', request: empty, response: returns<SyncSetAsideRow[]>() },

  'customer:search': { window: 'clerk', role: 'staff', request: z.object({ query: requiredText(100) }), response: returns<Customer[]>() },
  'customer:get': { window: 'clerk', role: 'staff', request: z.object({ id }), response: returns<Customer>() },
  'customer:create': {
    window: 'clerk',
    role: 'staff',
    request: sellerSchema.extend({ memberNumber: text(20).default('') }),
    response: returns<Customer>(),
  },

  'category:list': { window: 'clerk', role: 'staff', request: empty, response: returns<Category[]>() },

  'reception:create': {
    window: 'clerk',
    role: 'staff',
    request: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('member'), customerId: id, note: text(MAX_NOTE).default('') }),
      z.object({ kind: z.literal('walkIn'), seller: sellerSchema, note: text(MAX_NOTE).default('') }),
    ]),
    response: returns<Reception>(),
  },
  'reception:get': { window: 'clerk', role: 'staff', request: z.object({ id }), response: returns<Reception>() },
  'reception:findByNumber': { window: 'clerk', role: 'staff', request: z.object({ number: requiredText(40) }), response: returns<Reception>() },
  'reception:list': { window: 'clerk', role: 'staff', request: listQuerySchema, response: returns<KeysetPage<ReceptionListRow>>() },
  'reception:delete': { window: 'clerk', role: 'staff', request: z.object({ id, version: z.number().int() }), response: returns<{ deleted: true }>() },
  /** kobutsu.md §8: flag (any staff) or unflag (manager) a transaction as suspected stolen goods. Audited. */
  'reception:flagSuspectedStolen': {
    window: 'clerk',
    role: 'staff',
    request: flagSuspectedStolenSchema,
    response: returns<Reception>(),
    // Any clerk may raise the flag; taking it off clears a police-relevant mark, so only a manager may.
    raisedRole: (request: z.output<typeof flagSuspectedStolenSchema>) => (request.flagged ? null : 'manager'),
  },

  'appraisal:addItem': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, item: itemFieldsSchema }),
    response: returns<Reception>(),
  },
  'appraisal:updateItem': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, itemId: id, item: itemFieldsSchema }),
    response: returns<Reception>(),
  },
  'appraisal:removeItem': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id, itemId: id }), response: returns<Reception>() },
  'appraisal:moveItem': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, itemId: id, direction: z.enum(['up', 'down']) }),
    response: returns<Reception>(),
  },
  'appraisal:setAdjustment': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      receptionId: id,
      amount: yen.min(-MAX_YEN, 'validation.tooLarge').max(MAX_YEN, 'validation.tooLarge'),
      reason: text(),
      /** P-05: a manager's code and PIN typed at the counter, for an adjustment above the configured amount. */
      approval: z.object({ code: requiredText(32), pin: z.string().regex(/^\d{4,8}$/, 'validation.pin') }).nullable().default(null),
    }),
    response: returns<Reception>(),
  },
  'appraisal:complete': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<Reception>() },

  'settlement:open': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ number: requiredText(40) }),
    response: returns<{ reception: Reception | null; eligibility: Eligibility }>(),
  },
  'settlement:options': { window: 'clerk', role: 'staff', request: empty, response: returns<SettlementOptions>() },
  'settlement:execute': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      receptionId: id,
      version: z.number().int(),
      /** Generated by the renderer when the wizard starts: a retried call with the same id settles once. */
      settlementId: id,
      cancelledItemIds: z.array(id).max(1000),
      ecPublishItemIds: z.array(id).max(1000),
      agreedTermsVersion: z.number().int().nullable(),
      paymentMethod: requiredText(40),
      printMethod: z.enum(['receipt', 'none']),
      points: z.number().int().min(0).max(1_000_000).nullable(),
      /** B-01, B-03: required when the law requires a check or the seller is a minor; null for an exempt buyback. */
      verification: verificationSchema.nullable().default(null),
      /** M-08: the seller's account, required with 銀行振込 (and ignored with any other method). */
      bankAccount: bankAccountSchema.nullable().default(null),
    }).superRefine((request, ctx) => {
      if (request.paymentMethod === BANK_TRANSFER && request.bankAccount === null) {
        ctx.addIssue({ code: 'custom', path: ['bankAccount'], message: 'validation.bankAccountRequired' });
      }
    }),
    response: returns<SettlementResult>(),
  },
  'settlement:stageImage': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      receptionId: id,
      kind: z.enum(['id_photo', 'signature']),
      dataUrl: z.string().max(6_000_000, 'validation.imageTooLarge'),
      /** I-01: how many regions of an ID photo were blacked out in the mask editor before it was sent. */
      masks: z.number().int().min(0).max(500).default(0),
    }),
    response: returns<{ kind: 'id_photo' | 'signature'; bytes: number }>(),
  },
  'settlement:dropImage': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, kind: z.enum(['id_photo', 'signature']) }),
    response: returns<{ dropped: true }>(),
  },
  'settlement:image': { window: 'clerk', role: 'staff', request: z.object({ imageId: id }), response: returns<{ dataUrl: string }>() },
  'settlement:csv': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<{ filename: string; content: string }>() },
  'printer:printLabels': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, itemIds: z.array(id).min(1, 'validation.selectItems').max(500) }),
    response: returns<{ printed: number; job: PrintJob }>(),
  },
  'settlement:saveDraft': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, draft: settlementDraftSchema }),
    response: returns<{ saved: true }>(),
  },
  /** B-06: the draft, and what the main process still holds in memory for it (images, identity record). */
  'settlement:draft': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id }),
    response: returns<{
      draft: SettlementDraft | null;
      stagedImages: ('id_photo' | 'signature')[];
      identity: VerificationInput | null;
      /** I-01: the regions blacked out on the held ID photo; null when none is held. */
      idPhotoMasks: number | null;
      bankAccount: BankAccountDraft | null;
    }>(),
  },
  /** B-06: the identity record typed so far, kept in the main process's memory only (never on disk before execute). */
  'settlement:stageIdentity': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, record: verificationSchema.nullable() }),
    response: returns<{ held: true }>(),
  },
  /** B-06: the wizard left open by a reload, a crash or a restart, so the app returns to it by itself. */
  'settlement:resumable': { window: 'clerk', role: 'staff', request: empty, response: returns<{ receptionId: string; number: string } | null>() },
  'settlement:discardDraft': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<{ discarded: true }>() },
  'settlement:cancel': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      receptionId: id,
      version: z.number().int(),
      reason: z.enum(['all_items_cancelled', 'cancel_buyback']).default('cancel_buyback'),
    }),
    response: returns<Reception>(),
  },

  'stock:list': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ query: text().default(''), cursor: cursorSchema }),
    response: returns<KeysetPage<StockItem>>(),
  },
  'stock:setEcPublished': { window: 'clerk', role: 'staff', request: z.object({ stockItemId: id, published: z.boolean() }), response: returns<StockItem>() },

  'settings:terms': { window: 'clerk', role: 'staff', request: empty, response: returns<AgreementTerms | null>() },
  'settings:buyback': { window: 'clerk', role: 'staff', request: empty, response: returns<BuybackSettings>() },
  'staff:list': { window: 'clerk', role: 'manager', request: empty, response: returns<StaffMember[]>() },
  'staff:add': {
    window: 'clerk',
    role: 'manager',
    request: z.object({
      code: z.string().trim().regex(/^[A-Za-z0-9-]{1,32}$/, 'validation.staffCode'),
      name: requiredText(50),
      role: z.enum(['clerk', 'manager']),
      pin: z.string().regex(/^\d{4,8}$/, 'validation.pin'),
    }),
    response: returns<StaffMember[]>(),
  },
  'staff:resetPin': {
    window: 'clerk',
    role: 'manager',
    request: z.object({ staffId: id, pin: z.string().regex(/^\d{4,8}$/, 'validation.pin') }),
    response: returns<StaffMember[]>(),
  },
  'staff:setActive': { window: 'clerk', role: 'manager', request: z.object({ staffId: id, active: z.boolean() }), response: returns<StaffMember[]>() },
  'settings:saveTerms': {
    window: 'clerk',
    role: 'manager',
    request: z.object({ terms: z.object({ title: requiredText(), body: requiredText(20_000) }).nullable() }),
    response: returns<AgreementTerms | null>(),
  },
  'settings:savePaymentMethods': {
    window: 'clerk',
    role: 'manager',
    request: z.object({
      methods: z
        .array(
          z.object({
            id: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'validation.methodId'),
            labelJa: requiredText(40),
            labelEn: requiredText(40),
          }),
        )
        .max(20),
    }),
    response: returns<{ saved: true }>(),
  },
  'settings:savePointRule': {
    window: 'clerk',
    role: 'manager',
    request: z.object({
      perHundredYen: z.number('validation.number').int('validation.integer').min(0, 'validation.tooSmall').max(100, 'validation.tooLarge'),
      maxManual: z.number('validation.number').int('validation.integer').min(0, 'validation.tooSmall').max(1_000_000, 'validation.tooLarge'),
    }),
    response: returns<{ saved: true }>(),
  },
  'settings:saveSecurity': {
    window: 'clerk',
    role: 'manager',
    request: z.object({
      idleLockMinutes: z.number('validation.number').int('validation.integer').min(1, 'validation.tooSmall').max(240, 'validation.tooLarge'),
      maxPinAttempts: z.number('validation.number').int('validation.integer').min(1, 'validation.tooSmall').max(20, 'validation.tooLarge'),
      lockoutMinutes: z.number('validation.number').int('validation.integer').min(1, 'validation.tooSmall').max(1440, 'validation.tooLarge'),
      managerAdjustmentYen: yen.min(0, 'validation.tooSmall').max(MAX_YEN, 'validation.tooLarge'),
    }),
    response: returns<{ saved: true }>(),
  },

  // 古物台帳 (B-02): one line per settled item, from local data; corrections are new entries (kobutsu.md §4).
  /** The whole period, for the print (the law wants it producible in full); the screen pages with ledger:page. */
  'ledger:list': { window: 'clerk', role: 'staff', request: ledgerRangeSchema, response: returns<LedgerLine[]>() },
  'ledger:page': { window: 'clerk', role: 'staff', request: ledgerPageSchema, response: returns<KeysetPage<LedgerLine>>() },
  'ledger:csv': { window: 'clerk', role: 'manager', request: ledgerRangeSchema, response: returns<{ filename: string; content: string }>() },
  'ledger:correct': {
    window: 'clerk',
    role: 'manager',
    request: z.object({
      settlementId: id,
      field: z.enum(['seller.name', 'seller.address', 'seller.occupation', 'seller.birthDate', 'documentType', 'invoice.tNumber']),
      newValue: requiredText(),
      reason: requiredText(MAX_NOTE),
    }),
    response: returns<LedgerCorrection>(),
  },

  // 周辺機器設定 and the print queue (S-07, S-18, P-01, B-07). Print calls answer with the finished job, failed or not.
  'printer:settings': { window: 'clerk', role: 'staff', request: empty, response: returns<PrinterSettings>() },
  'printer:updateSettings': { window: 'clerk', role: 'manager', request: z.object({ settings: printerSettingsSchema }), response: returns<PrinterSettings>() },
  'printer:testPrint': { window: 'clerk', role: 'staff', request: z.object({ printer: z.enum(['receipt', 'label']) }), response: returns<PrintJob>() },
  'printer:jobs': { window: 'clerk', role: 'staff', request: empty, response: returns<PrintJob[]>() },
  'printer:retry': { window: 'clerk', role: 'staff', request: z.object({ jobId: z.string().min(1).max(100) }), response: returns<PrintJob>() },
  'printer:preview': { window: 'clerk', role: 'staff', request: z.object({ jobId: z.string().min(1).max(100) }), response: returns<{ svg: string }>() },
  'printer:usbDevices': { window: 'clerk', role: 'staff', request: empty, response: returns<UsbPrinterInfo[]>() },
  'printer:printSlip': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<PrintJob>() },
  'printer:reprintReceipt': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<PrintJob>() },
  // M-02 / M-03: this counter's till. A clerk opens it with the float counted per denomination (the service checks
  // the denominations and counts, so each bad field gets its own message).
  'till:current': { window: 'clerk', role: 'staff', request: empty, response: returns<TillState>() },
  'till:open': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ counts: z.record(z.string().max(12), z.number('validation.number')) }),
    response: returns<TillState>(),
  },
  /** M-04: 入金 / 出金 / 両替 with a reason; an exchange's amount is the sum changed. */
  'till:move': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      kind: z.enum(['pay_in', 'pay_out', 'exchange']),
      amount: yen.min(1, 'validation.amountPositive').max(MAX_YEN, 'validation.tooLarge'),
      reason: requiredText(),
    }),
    response: returns<TillState>(),
  },
  /** M-05: a check (点検) counts the drawer without closing it. */
  'till:check': { window: 'clerk', role: 'staff', request: z.object({ counts: z.record(z.string().max(12), z.number('validation.number')) }), response: returns<TillCheck>() },
  /** M-05: a difference above the shop's limit needs a manager: signed in, or approving here with code and PIN. */
  'till:close': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      counts: z.record(z.string().max(12), z.number('validation.number')),
      approval: z.object({ code: requiredText(32), pin: z.string().regex(/^\d{4,8}$/, 'validation.pin') }).nullable().default(null),
    }),
    response: returns<TillClose>(),
  },
  /**
   * M-06: cash brought from the safe for a buyback the till cannot pay, approved by a manager (signed in, or code and
   * PIN typed at the counter); recorded as a pay-in naming the reception.
   */
  'till:fundShortfall': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      amount: yen.min(1, 'validation.amountPositive').max(MAX_YEN, 'validation.tooLarge'),
      reason: requiredText(),
      receptionNumber: requiredText(40),
      approval: z.object({ code: requiredText(32), pin: z.string().regex(/^\d{4,8}$/, 'validation.pin') }).nullable().default(null),
    }),
    response: returns<TillState>(),
  },
  /** M-01: a manager opens the cash drawer without a sale; the reason is audited. */
  'drawer:open': { window: 'clerk', role: 'manager', request: z.object({ reason: requiredText() }), response: returns<PrintJob>() },
  'printer:printStockLabels': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ stockItemIds: z.array(id).min(1, 'validation.selectItems').max(500) }),
    response: returns<{ printed: number; job: PrintJob }>(),
  },

  // B-05 (issue 13 §4): the keyed audit chain. The status (and its tamper alert) is shown on every screen, also before
  // sign-in; the full check needs a manager; acknowledging an alert needs a manager's code and PIN.
  'audit:status': { window: 'clerk', role: 'none', request: empty, response: returns<AuditChainStatus>() },
  'audit:verify': { window: 'clerk', role: 'manager', request: empty, response: returns<AuditChainCheck>() },
  'audit:acknowledge': {
    window: 'clerk',
    role: 'none',
    request: z.object({ code: requiredText(32), pin: z.string().regex(/^\d{4,8}$/, 'validation.pin') }),
    response: returns<AuditChainStatus>(),
  },

  // B-04 (issue 13 §5): the vault keys, for moving a counter PC. Manager only; the file is protected by an IT password.
  'vault:keys': { window: 'clerk', role: 'manager', request: empty, response: returns<VaultKeyStatus>() },
  'vault:exportKeys': {
    window: 'clerk',
    role: 'manager',
    request: z.object({ itPassword: z.string().min(12, 'validation.itPassword').max(256, 'validation.tooLong') }),
    response: returns<{ filename: string; content: string }>(),
  },
  'vault:importKeys': {
    window: 'clerk',
    role: 'manager',
    request: z.object({
      content: z.string().min(1, 'validation.required').max(200_000, 'validation.tooLong'),
      itPassword: z.string().min(1, 'validation.required').max(256, 'validation.tooLong'),
    }),
    response: returns<VaultKeyStatus & { imported: number }>(),
  },

  // The desktop shell (issue 11). D-09: a renderer says which screen is open, so an update never restarts the app
  // under an open wizard or appraisal; a manager sees a downloaded update and installs it at closing.
  'app:reportScreen': {
    window: 'clerk',
    role: 'none',
    request: z.object({ screen: z.enum(['wizard', 'appraisal', 'other'] satisfies ReportedScreen[]) }),
    response: returns<{ recorded: true }>(),
  },
  // Only a version and what the install waits for; asked before sign-in too (tests/electron/kiosk.test.mjs).
  'app:update': { window: 'clerk', role: 'none', request: empty, response: returns<UpdateStatus | null>() },
  'app:installUpdate': { window: 'clerk', role: 'manager', request: empty, response: returns<{ installing: true }>() },
  /** S-20, B-02: a CSV the main process makes and saves (Electron cancels renderer downloads). */
  'file:save': {
    window: 'clerk',
    role: 'staff',
    request: fileSaveSchema,
    response: returns<SaveFileResult>(),
    // The same rights as the channel each kind stands for: settlement:csv (staff), ledger:csv (manager).
    raisedRole: (request: z.output<typeof fileSaveSchema>) => (request.kind === 'ledgerCsv' || request.kind === 'zenginTransfer' ? 'manager' : null),
  },
  /** B-02: the page on screen (the ledger) to a printer or a PDF, by the main process instead of window.print(). */
  'app:printPage': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ as: z.enum(['printer', 'pdf']), fileName: text(120).default('') }),
    response: returns<PrintPageResult>(),
  },

  // V-01, V-02 (issue 18): the customer's own screen. The clerk's screen says which transaction the customer sees and
  // what to ask of them; the main process decides what the customer's screen shows (customer:view).
  'customerDisplay:status': { window: 'clerk', role: 'staff', request: empty, response: returns<CustomerDisplayStatus>() },
  'customerDisplay:show': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, phase: z.enum(['appraisal', 'settlement']) }),
    response: returns<CustomerDisplayStatus>(),
  },
  /** The screen that showed this reception in this phase closed; a later show (another screen, phase) stays. */
  'customerDisplay:leave': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, phase: z.enum(['appraisal', 'settlement']) }),
    response: returns<CustomerDisplayStatus>(),
  },
  'customerDisplay:ask': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, what: z.enum(['terms', 'signature']) }),
    response: returns<CustomerDisplayStatus>(),
  },
  'customerDisplay:withdraw': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, what: z.enum(['terms', 'signature']), discard: z.boolean().default(false) }),
    response: returns<CustomerDisplayStatus>(),
  },
  'settings:saveCustomerDisplay': {
    window: 'clerk',
    role: 'manager',
    request: z.object({ placement: z.enum(['clerk', 'customer']), welcomeJa: text(), welcomeEn: text() }),
    response: returns<CustomerDisplayStatus>(),
  },
  // The customer window's only channels (V-03). What it shows carries nothing of the seller and nothing of another
  // transaction, so it may be read before the terminal signs in (it is the welcome then); answering needs the counter.
  'customer:view': { window: 'customer', role: 'none', request: empty, response: returns<CustomerView>() },
  'customer:agree': {
    window: 'customer',
    role: 'terminal',
    request: z.object({ askId: id, termsVersion: z.number().int().min(1) }),
    response: returns<CustomerView>(),
  },
  'customer:sign': {
    window: 'customer',
    role: 'terminal',
    request: z.object({ askId: id, dataUrl: z.string().min(1, 'validation.required').max(6_000_000, 'validation.imageTooLarge') }),
    response: returns<CustomerView>(),
  },

  // Documents the customer takes home (issue 16). Q-01 the statement of a settled buyback, Q-02 a quote from the
  // appraisal; made by the main process as PDF (both hosts) or printed on the system printer (Electron); Q-03 any
  // statement after the first is marked 再発行 with its time.
  'document:issue': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      kind: z.enum(['statement', 'quote']),
      receptionId: id,
      output: z.enum(['pdf', 'printer']),
      /** The clerk's screen language; the document is printed in it. */
      language: z.enum(['ja', 'en']).default('ja'),
    }),
    response: returns<DocumentIssueResult>(),
  },
  /** [設定] > 店舗情報: what every document says about the shop (manager to change). */
  'settings:shop': { window: 'clerk', role: 'staff', request: empty, response: returns<ShopDetails>() },
  'settings:saveShop': { window: 'clerk', role: 'manager', request: shopDetailsSchema, response: returns<ShopDetails>() },
  /** I-02: the member's earlier document verifications, newest first, each saying whether it may be reused today. */
  'identity:history': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<EarlierVerification[]>() },
  // M-07 (issue 15): the 現金管理 screen. A clerk sees the till session in hand, a manager the past ones too (the
  // service decides per session); a session's close report prints again (再発行); the manager sets the difference a
  // close may have without approval.
  'till:history': { window: 'clerk', role: 'staff', request: empty, response: returns<TillSessionSummary[]>() },
  'till:session': { window: 'clerk', role: 'staff', request: z.object({ sessionId: id }), response: returns<TillSessionDetail>() },
  'till:reprintReport': { window: 'clerk', role: 'staff', request: z.object({ sessionId: id }), response: returns<PrintJob>() },
  'till:settings': { window: 'clerk', role: 'staff', request: empty, response: returns<{ closeApprovalYen: number }>() },
  'till:saveSettings': {
    window: 'clerk',
    role: 'manager',
    request: z.object({
      closeApprovalYen: z
        .number('validation.number')
        .int('validation.closeApprovalYen')
        .min(0, 'validation.closeApprovalYen')
        .max(MAX_YEN, 'validation.closeApprovalYen'),
    }),
    response: returns<{ closeApprovalYen: number }>(),
  },
  /**
   * N-02 (issue 19): take or renew this counter's claim on a reception at HQ (one editor at a time across the store's
   * PCs); call when the appraisal or settlement screen opens and every renewSeconds while it is open.
   */
  'reception:claim': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<ReceptionClaim>() },
  'reception:releaseClaim': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<{ released: true }>() },

  // M-08 bank transfer (issue 15). The account typed at execute waits in memory (like the identity record); a
  // member's last account may be offered again; a manager lists, exports (file:save zenginTransfer) and marks paid.
  'settlement:stageBankAccount': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ receptionId: id, account: bankAccountDraftSchema.nullable() }),
    response: returns<{ held: true }>(),
  },
  'bankTransfer:lastAccount': { window: 'clerk', role: 'staff', request: z.object({ receptionId: id }), response: returns<BankAccountDraft | null>() },
  'bankTransfer:pending': { window: 'clerk', role: 'manager', request: empty, response: returns<BankTransferRow[]>() },
  'bankTransfer:markPaid': {
    window: 'clerk',
    role: 'manager',
    request: z.object({ ids: z.array(id).min(1, 'validation.selectTransfers').max(1000) }),
    response: returns<{ paid: number }>(),
  },
  'bankTransfer:remitter': { window: 'clerk', role: 'manager', request: empty, response: returns<z.output<typeof zenginRemitterSchema> | null>() },
  'bankTransfer:saveRemitter': { window: 'clerk', role: 'manager', request: zenginRemitterSchema, response: returns<z.output<typeof zenginRemitterSchema>>() },

  // A-01 catalog (issue 17).
  /** What a code scanned at appraisal is: a catalog entry, an unknown product, one of our stock labels, a misread. */
  'catalog:lookup': { window: 'clerk', role: 'staff', request: z.object({ code: requiredText(40) }), response: returns<CatalogLookup>() },
  /** Catalog entries by name, maker or model, folded like the reception search; newest first, at most `limit`. */
  'catalog:search': {
    window: 'clerk',
    role: 'staff',
    request: z.object({ query: requiredText(100), limit: z.number().int().min(1).max(100).default(20) }),
    response: returns<CatalogItem[]>(),
  },
  /** the shop's own settled prices for an item like this one; null when fewer than three. */
  'priceHint:get': {
    window: 'clerk',
    role: 'staff',
    request: z.object({
      productCode: productCodeSchema,
      categoryId: z.string().max(40).default(''),
      grade: z.enum(['S', 'A', 'B', 'C', 'D', 'J'], 'validation.grade'),
    }),
    response: returns<PriceHint | null>(),
  },
  /** today's buy price per gram of each metal (null where none was set today) and the rounding rule. */
  'metalPrice:today': { window: 'clerk', role: 'staff', request: empty, response: returns<MetalPrices>() },
  /** a manager sets today's price per gram of one metal. Audited. */
  'metalPrice:set': {
    window: 'clerk',
    role: 'manager',
    request: z.object({ metal: requiredText(20), pricePerGram: yen.min(1, 'validation.amountPositive').max(MAX_YEN, 'validation.tooLarge') }),
    response: returns<MetalPrices>(),
  },
  /** a manager sets how weight × price becomes whole yen. Audited. */
  'metalPrice:setRounding': {
    window: 'clerk',
    role: 'manager',
    request: z.object({ rounding: z.enum(METAL_ROUNDING) }), response: returns<MetalPrices>() },
  /** the master-data version this kiosk holds (the sync screen). */
  'masterData:status': { window: 'clerk', role: 'staff', request: empty, response: returns<MasterDataStatus>() },
  /** what HQ sets for this store (terms, setting keys), for the screens that show them read-only. */
  'masterData:hqOwned': { window: 'clerk', role: 'staff', request: empty, response: returns<MasterDataHqOwned>() },
  /** the store's own categories (a manager); HQ's are read-only, a category items name is deactivated. */
  'category:add': { window: 'clerk', role: 'manager', request: categoryFields, response: returns<Category[]>() },
  'category:update': {
    window: 'clerk',
    role: 'manager',
    request: categoryFields.extend({ id: categoryId, active: z.boolean() }),
    response: returns<Category[]>(),
  },
  'category:remove': { window: 'clerk', role: 'manager', request: z.object({ id: categoryId }), response: returns<CategoryRemoval>() },
  /** lifts a PIN lockout, also for staff HQ publishes (their PIN stays HQ's). */
  'staff:unlock': { window: 'clerk', role: 'manager', request: z.object({ staffId: id }), response: returns<StaffMember[]>() },
  /** N-03: when this PC last heard the store's reception changes from HQ, and why the last pull failed. */
  'storeFeed:status': { window: 'clerk', role: 'staff', request: empty, response: returns<StoreFeedStatus>() },
} as const satisfies Record<string, ChannelDeclaration>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = Contract[C]['response'] extends Returns<infer T> ? T : never;
export type EventName = keyof KioskEvents;

/**
 * V-03: who receives each event the main process pushes, with the same meaning as a channel's access. The browser
 * host's event stream and Electron's event forwarding deliver an event only to a window of this kind whose caller
 * holds the role at the moment it is sent (main/access.ts). A NEW EVENT is declared here (the map must name every
 * event) and in preload/channels.ts; the customer window never receives staff, settings, sync or print events.
 */
export const eventAccess = {
  // The sign-in screen needs it before anyone is signed in.
  'session:changed': { window: 'clerk', role: 'none' },
  'print:job': { window: 'clerk', role: 'staff' },
  // The sync badge is shown before sign-in too (counts and error codes only).
  'sync:status': { window: 'clerk', role: 'none' },
  // V-01: the customer's screen; the welcome before the terminal signs in, nothing of the seller ever.
  'customer:view': { window: 'customer', role: 'none' },
  'customerDisplay:changed': { window: 'clerk', role: 'staff' },
} as const satisfies Record<EventName, Access>;

/**
 * The preload builds window.kiosk from the zod-free list in channels.ts (a sandboxed preload cannot load zod). These
 * lines fail to compile until that list names exactly the contract's channels and events; the error names the
 * missing or extra ones. Add a new channel to both files.
 */
type Exact<Listed, Declared> = [Exclude<Declared, Listed>, Exclude<Listed, Declared>] extends [never, never]
  ? true
  : { missingFromChannelsTs: Exclude<Declared, Listed>; notInContract: Exclude<Listed, Declared> };
const channelListIsExact: Exact<ChannelName, Channel> = true;
const eventListIsExact: Exact<EventNameListed, EventName> = true;
void channelListIsExact;
void eventListIsExact;

/** The channels and events declared for the customer window; its preload exposes exactly these (channels.ts). */
export type CustomerChannel = { [C in Channel]: Contract[C]['window'] extends 'customer' ? C : never }[Channel];
export type CustomerEvent = { [E in EventName]: (typeof eventAccess)[E]['window'] extends 'customer' ? E : never }[EventName];
const customerChannelListIsExact: Exact<CustomerChannelListed, CustomerChannel> = true;
const customerEventListIsExact: Exact<CustomerEventListed, CustomerEvent> = true;
void customerChannelListIsExact;
void customerEventListIsExact;

export const channels: readonly Channel[] = CHANNEL_NAMES;

/** What `window.kiosk` offers: one function per channel, plus `on` for pushed events (STYLE.md 3). */
export type KioskApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: KioskEvents[E]) => void): () => void;
};

/** What the customer window's `window.kiosk` offers (preload/customer.ts): its own channels and events only. */
export type CustomerKioskApi = {
  [C in CustomerChannel]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
} & {
  on<E extends CustomerEvent>(event: E, listener: (payload: KioskEvents[E]) => void): () => void;
};

/** The names of the events the main process pushes. */
export const eventNames: readonly EventName[] = EVENT_NAMES;
