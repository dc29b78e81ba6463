/**
 * The law at the counter (B-01, B-02, B-03; ../shared/domain/kobutsu.md) as pure functions. Pure and free of Node and
 * DOM, so the settlement wizard evaluates the very same rules live that the main process enforces at execute.
 */

export interface IdentitySettings {
  /** kobutsu.md §1: verification is needed from this total consideration (yen) upwards. */
  thresholdYen: number;
  /** The shop verifies every buyback, whatever the amount. */
  alwaysVerify: boolean;
  /** kobutsu.md §5: a seller younger than this is a minor. */
  minorAge: number;
  /** 'refuse': no buyback from minors at all; 'consent': only with a recorded guardian consent. */
  minorPolicy: 'consent' | 'refuse';
  /** Whether a written consent (the guardian not present) is enough. */
  writtenConsentAllowed: boolean;
}

export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  thresholdYen: 10_000,
  alwaysVerify: false,
  minorAge: 18,
  minorPolicy: 'consent',
  writtenConsentAllowed: true,
};

export interface TransactionForCheck {
  items: readonly { amount: number; cancelled: boolean; alwaysVerify: boolean }[];
  adjustmentAmount: number;
}

export type CheckReason = 'threshold' | 'category' | 'setting';

/**
 * kobutsu.md §1 (法15条, 規則16条): verification is exempt only when the whole buyback's consideration (the items not
 * cancelled plus the adjustment) is under the threshold AND no item is of an always-verify kind. Returns why a check
 * is needed, or an empty list when the buyback is exempt.
 */
export function identityCheckReasons(transaction: TransactionForCheck, settings: IdentitySettings): CheckReason[] {
  const live = transaction.items.filter((item) => !item.cancelled);
  const total = live.reduce((sum, item) => sum + item.amount, 0) + transaction.adjustmentAmount;
  const reasons: CheckReason[] = [];
  if (settings.alwaysVerify) reasons.push('setting');
  if (total >= settings.thresholdYen) reasons.push('threshold');
  if (live.some((item) => item.alwaysVerify)) reasons.push('category');
  return reasons;
}

export function requiresIdentityCheck(transaction: TransactionForCheck, settings: IdentitySettings): boolean {
  return identityCheckReasons(transaction, settings).length > 0;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(date: string): { y: number; m: number; d: number } | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return { y, m, d };
}

export function isValidIsoDate(date: string): boolean {
  return parseDate(date) !== null;
}

/**
 * Age in whole years on `today` (both calendar dates, YYYY-MM-DD, `today` in Asia/Tokyo).
 *
 * 年齢計算ニ関スル法律 with 民法143条 counts age from the day of birth, and a year is complete at the end of the day
 * before the birthday's anniversary; the age therefore goes up on the anniversary itself. A person born on 29 February
 * has no anniversary in a common year: the year ends at the end of 28 February, so from 1 March they are a year
 * older (never on 28 February). Returns null for a malformed date; a birth date after today gives a negative number.
 */
export function ageOn(birthDate: string, today: string): number | null {
  const birth = parseDate(birthDate);
  const now = parseDate(today);
  if (!birth || !now) return null;
  let age = now.y - birth.y;
  // Comparing (month, day) pairs puts 02-29 after 02-28 and before 03-01: the birthday is reached on 1 March in a
  // common year and on 29 February in a leap year, as the comment above requires.
  if (now.m < birth.m || (now.m === birth.m && now.d < birth.d)) age -= 1;
  return age;
}

export function isMinor(birthDate: string, today: string, minorAge: number): boolean {
  const age = ageOn(birthDate, today);
  return age !== null && age >= 0 && age < minorAge;
}

/**
 * kobutsu.md §2, §6. The documents a clerk may record. For some of them no part of the number may be written down:
 * the My Number card's individual number (番号法) and the health-insurance symbol/number (健康保険法, 告知要求制限).
 */
export const ALLOWED_DOCUMENT_TYPES = [
  'drivers_licence',
  'mynumber_card_front',
  'passport',
  'residence_card',
  'health_insurance',
  'other_photo_id',
] as const;
/** Never recorded: the My Number card's back side and a health-insurance card's symbol/number. */
export const FORBIDDEN_DOCUMENT_TYPES = ['mynumber_card_back', 'health_insurance_number'] as const;
export const DOCUMENT_TYPES = [...ALLOWED_DOCUMENT_TYPES, ...FORBIDDEN_DOCUMENT_TYPES] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Documents whose number must not be recorded even in part, so the last-4 field stays empty. */
const NUMBER_NOT_RECORDED: readonly DocumentType[] = ['mynumber_card_front', 'health_insurance'];

export function isForbiddenDocumentType(type: string): boolean {
  return (FORBIDDEN_DOCUMENT_TYPES as readonly string[]).includes(type);
}

export function documentNumberRecorded(type: DocumentType): boolean {
  return !NUMBER_NOT_RECORDED.includes(type);
}

/**
 * I-03: documents that always carry a 有効期限 — a driver's licence, the My Number card, a passport and a residence card
 * each print one by law — so their record is incomplete without it. A health-insurance card may have none (many
 * employees' cards do not) and "other photo ID" covers cards that may not; for those the date is recorded when the
 * card shows one.
 */
const EXPIRY_ALWAYS_PRINTED: readonly DocumentType[] = ['drivers_licence', 'mynumber_card_front', 'passport', 'residence_card'];

export function documentExpiryRequired(type: DocumentType): boolean {
  return EXPIRY_ALWAYS_PRINTED.includes(type);
}

/** I-03: a document is valid through its expiry date (the date printed is its last day of use). */
export function isDocumentExpired(expiresOn: string, today: string): boolean {
  return expiresOn < today;
}

/**
 * I-01: photos that must be masked before they are stored — a health-insurance card's 記号・番号 may not be kept
 * (健康保険法, 告知要求制限; kobutsu.md §6). The My Number card's back is not photographed at all: it is refused as a
 * document (FORBIDDEN_DOCUMENT_TYPES), since the back holds nothing the law asks for but the number it forbids.
 */
const MASKING_REQUIRED: readonly DocumentType[] = ['health_insurance'];

export function photoMaskingRequired(type: DocumentType | null): boolean {
  return type !== null && MASKING_REQUIRED.includes(type);
}

/** kobutsu.md §7: a registered invoice issuer's number is T and 13 digits (format only; the checksum is not checked). */
export function isInvoiceNumber(value: string): boolean {
  return /^T\d{13}$/.test(value);
}

export const VERIFICATION_METHODS = ['id_document', 'signed_declaration'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** What the clerk enters in the wizard's verification step. Strings are trimmed; '' means not entered. */
export interface VerificationInput {
  method: VerificationMethod | null;
  documentType: DocumentType | null;
  /** Only the last four characters of the document's number, never the full number. */
  documentNumberLast4: string;
  /** I-03: the document's expiry date, YYYY-MM-DD; '' (or absent) when it shows none. */
  documentExpiry?: string;
  /** I-02: the settlement whose verification of this member is reused instead of a new document check. */
  reusedFrom?: string | null;
  seller: { name: string; address: string; occupation: string; birthDate: string };
  guardian: { name: string; relation: string; method: 'present' | 'written' | null } | null;
  invoice: { registered: boolean; tNumber: string };
}

/** The fields the screen names when they are missing (each has a label under compliance.field.*). */
export type VerificationField =
  | 'method'
  | 'documentType'
  | 'documentNumberLast4'
  | 'documentExpiry'
  | 'idPhoto'
  | 'signature'
  | 'seller.name'
  | 'seller.address'
  | 'seller.occupation'
  | 'seller.birthDate'
  | 'guardian.name'
  | 'guardian.relation'
  | 'guardian.method'
  | 'invoice.tNumber';

export type VerificationProblem =
  | 'DOCUMENT_TYPE_FORBIDDEN'
  | 'DOCUMENT_NUMBER_NOT_RECORDABLE'
  | 'DOCUMENT_NUMBER_INVALID'
  | 'DOCUMENT_EXPIRY_INVALID'
  | 'DOCUMENT_EXPIRED'
  | 'BIRTH_DATE_INVALID'
  | 'MINOR_REFUSED'
  | 'WRITTEN_CONSENT_NOT_ALLOWED'
  | 'INVOICE_NUMBER_INVALID';

export interface VerificationContext {
  /** requiresIdentityCheck for the live (non-cancelled) items. */
  required: boolean;
  /** Today in Asia/Tokyo, YYYY-MM-DD. */
  today: string;
  settings: IdentitySettings;
  hasIdPhoto: boolean;
  hasSignature: boolean;
  /** The birth date the reception recorded, used for the minor rule when no record is given. */
  snapshotBirthDate: string | null;
}

export interface VerificationVerdict {
  complete: boolean;
  /** Exactly what is still to be entered, in screen order. */
  missing: VerificationField[];
  /** What is entered but not allowed. */
  problems: VerificationProblem[];
  age: number | null;
  minor: boolean;
}

/**
 * B-01, B-03: is the record complete for this buyback, and if not, exactly what is missing or wrong. The minor rule
 * applies whether or not the amount needs a check: prefecture ordinances govern buying from minors at any amount.
 */
export function validateVerification(record: VerificationInput | null, context: VerificationContext): VerificationVerdict {
  const missing: VerificationField[] = [];
  const problems: VerificationProblem[] = [];
  const birthDate = record?.seller.birthDate || context.snapshotBirthDate || '';
  const age = birthDate ? ageOn(birthDate, context.today) : null;
  // A birth date after today is a typing error (BIRTH_DATE_INVALID), not a minor.
  const minor = age !== null && age >= 0 && age < context.settings.minorAge;

  if (record) {
    if (record.seller.birthDate && (!isValidIsoDate(record.seller.birthDate) || (age !== null && age < 0))) problems.push('BIRTH_DATE_INVALID');
    if (record.documentType && isForbiddenDocumentType(record.documentType)) problems.push('DOCUMENT_TYPE_FORBIDDEN');
    if (record.documentNumberLast4 && !/^[0-9A-Za-z]{4}$/.test(record.documentNumberLast4)) problems.push('DOCUMENT_NUMBER_INVALID');
    if (record.documentType && record.documentNumberLast4 && !documentNumberRecorded(record.documentType)) {
      problems.push('DOCUMENT_NUMBER_NOT_RECORDABLE');
    }
    if (record.invoice.registered && record.invoice.tNumber && !isInvoiceNumber(record.invoice.tNumber)) problems.push('INVOICE_NUMBER_INVALID');
    const expiry = record.method === 'id_document' ? (record.documentExpiry ?? '') : '';
    // I-03: an expired document is refused whether or not the amount needed a check: it was shown as the ID.
    if (expiry && !isValidIsoDate(expiry)) problems.push('DOCUMENT_EXPIRY_INVALID');
    else if (expiry && isDocumentExpired(expiry, context.today)) problems.push('DOCUMENT_EXPIRED');
  }

  if (context.required) {
    if (!record?.method) missing.push('method');
    if (record?.method === 'id_document') {
      if (!record.documentType) missing.push('documentType');
      else if (documentNumberRecorded(record.documentType) && !isForbiddenDocumentType(record.documentType) && !record.documentNumberLast4) {
        missing.push('documentNumberLast4');
      }
      if (record.documentType && documentExpiryRequired(record.documentType) && !record.documentExpiry) missing.push('documentExpiry');
      if (!context.hasIdPhoto) missing.push('idPhoto');
    }
    if (record?.method === 'signed_declaration' && !context.hasSignature) missing.push('signature');
    if (!record?.seller.name) missing.push('seller.name');
    if (!record?.seller.address) missing.push('seller.address');
    if (!record?.seller.occupation) missing.push('seller.occupation');
    if (!record?.seller.birthDate) missing.push('seller.birthDate');
  }

  if (minor) {
    if (context.settings.minorPolicy === 'refuse') problems.push('MINOR_REFUSED');
    else {
      const guardian = record?.guardian ?? null;
      if (!guardian?.name) missing.push('guardian.name');
      if (!guardian?.relation) missing.push('guardian.relation');
      if (!guardian?.method) missing.push('guardian.method');
      if (guardian?.method === 'written' && !context.settings.writtenConsentAllowed) problems.push('WRITTEN_CONSENT_NOT_ALLOWED');
    }
  }

  if (record?.invoice.registered && !record.invoice.tNumber) missing.push('invoice.tNumber');

  return { complete: missing.length === 0 && problems.length === 0, missing, problems, age, minor };
}

export const GUARDIAN_FIELDS: readonly VerificationField[] = ['guardian.name', 'guardian.relation', 'guardian.method'];

/** kobutsu.md §4 (法18条): ledger records are kept three years from the date recorded. */
export const RETENTION_YEARS = 3;

/** The first Tokyo calendar day on which a record made on `recordedOn` may be disposed of. */
export function retentionEndsOn(recordedOn: string): string {
  const date = parseDate(recordedOn);
  if (!date) throw new Error('recordedOn must be YYYY-MM-DD');
  // A record of 29 February is kept until the end of 28 February three years on (民法143条), so it may go on 1 March.
  const end = new Date(Date.UTC(date.y + RETENTION_YEARS, date.m - 1, date.d));
  if (end.getUTCMonth() !== date.m - 1) end.setUTCDate(1);
  return end.toISOString().slice(0, 10);
}

/**
 * B-02: a settled transaction and its ledger lines cannot be deleted before the retention period ends; a cancelled one
 * never made the ledger, and an open one is not a record yet. (No channel deletes a settled reception even after.)
 */
export function mayDeleteTransaction(transaction: { status: string; settledOn: string | null }, today: string): boolean {
  if (transaction.status !== 'settled') return transaction.status !== 'cancelled';
  if (!transaction.settledOn) return false;
  return today >= retentionEndsOn(transaction.settledOn);
}

/** Tokyo calendar date (YYYY-MM-DD) of an instant: the one helper in tokyo-time.ts, re-exported for the rules here. */
export { tokyoDate } from './tokyo-time.ts';

/** The record kept in settlements.verification and sent to HQ in payload.verification (kobutsu.md §2, §3, §7). */
export type VerificationRecord = {
  /** Whether the law (or the shop's setting) required a check; false marks an exempt transaction. */
  required: boolean;
  reasons: CheckReason[];
  method: VerificationMethod | null;
  documentType: DocumentType | null;
  documentNumberLast4: string;
  /** I-03: the document's expiry date (YYYY-MM-DD), or null when it has none or the record predates issue 16. */
  documentExpiry?: string | null;
  /** I-02: the earlier verification of this member that was reused, instead of a document shown again. */
  reusedFrom?: { settlementId: string; verifiedAt: string } | null;
  seller: { name: string; address: string; occupation: string; birthDate: string };
  /** Age on the settlement's Tokyo date. */
  age: number | null;
  minor: boolean;
  guardian: { name: string; relation: string; method: 'present' | 'written' } | null;
  /** specialRule: the seller is not a registered issuer, so the 古物商特例 applies. */
  invoice: { registered: boolean; tNumber: string; specialRule: boolean };
};
