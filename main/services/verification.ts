import type { Db } from '../../db/open.ts';
import {
  GUARDIAN_FIELDS,
  identityCheckReasons,
  type VerificationInput,
  type VerificationRecord,
  validateVerification,
} from '../../common/compliance.ts';
import { KioskError } from '../errors.ts';
import type { ItemRow, ReceptionRow } from './reception-queries.ts';
import { readSetting } from './settings.ts';

export interface VerificationCheck {
  reception: ReceptionRow;
  items: readonly ItemRow[];
  /** The cancelled set execute is about to write: the requirement follows the live items, not the appraisal. */
  cancelled: ReadonlySet<string>;
  input: VerificationInput | null;
  hasIdPhoto: boolean;
  hasSignature: boolean;
  /** Today in Asia/Tokyo, YYYY-MM-DD. */
  today: string;
}

/**
 * B-01, B-03: decides, inside the execute transaction, whether the buyback may go ahead, and returns the record kept in
 * settlements.verification. Refuses with the first of: a forbidden document, a refused minor, a malformed entry, then
 * exactly what is missing (IDENTITY_CHECK_INCOMPLETE, or GUARDIAN_CONSENT_REQUIRED when only the consent is).
 */
export function checkVerification(db: Db, check: VerificationCheck): VerificationRecord {
  const settings = readSetting(db, 'identity');
  const alwaysVerify = new Set(
    (db.prepare('SELECT id FROM categories WHERE always_verify = 1').all() as { id: string }[]).map((c) => c.id),
  );
  const reasons = identityCheckReasons(
    {
      items: check.items.map((item) => ({
        amount: item.quantity * item.unit_price,
        cancelled: check.cancelled.has(item.id),
        alwaysVerify: alwaysVerify.has(item.category_id),
      })),
      adjustmentAmount: check.reception.adjustment_amount,
    },
    settings,
  );
  const required = reasons.length > 0;
  const input = check.input;
  const verdict = validateVerification(input, {
    required,
    today: check.today,
    settings,
    hasIdPhoto: check.hasIdPhoto,
    hasSignature: check.hasSignature,
    snapshotBirthDate: check.reception.seller_birth_date,
  });

  const { problems, missing } = verdict;
  if (problems.includes('DOCUMENT_TYPE_FORBIDDEN')) {
    throw new KioskError('DOCUMENT_TYPE_FORBIDDEN', { fields: { 'verification.documentType': 'compliance.forbiddenReason' } });
  }
  if (problems.includes('MINOR_REFUSED')) {
    throw new KioskError('MINOR_REFUSED', { params: { minorAge: settings.minorAge } });
  }
  const [problem] = problems;
  if (problem) throw new KioskError(problem);
  if (missing.length > 0) {
    const fields = Object.fromEntries(missing.map((field) => [`verification.${field}`, 'validation.required']));
    const code = missing.every((field) => GUARDIAN_FIELDS.includes(field)) ? 'GUARDIAN_CONSENT_REQUIRED' : 'IDENTITY_CHECK_INCOMPLETE';
    throw new KioskError(code, { params: { fields: missing.join(', '), count: missing.length }, fields });
  }

  const snapshot = check.reception;
  const method = input?.method ?? null;
  const registered = input?.invoice.registered ?? false;
  const guardian = verdict.minor && input?.guardian?.method ? { ...input.guardian, method: input.guardian.method } : null;
  return {
    required,
    reasons,
    method,
    documentType: method === 'id_document' ? (input?.documentType ?? null) : null,
    documentNumberLast4: method === 'id_document' ? (input?.documentNumberLast4 ?? '') : '',
    documentExpiry: method === 'id_document' ? input?.documentExpiry || null : null,
    // Set by execute's reuse step (I-02) when the record is an earlier one reused.
    reusedFrom: null,
    // An exempt buyback may come without a record; the ledger still gets the seller as the reception recorded them.
    seller: {
      name: input?.seller.name || snapshot.seller_name,
      address: input?.seller.address || snapshot.seller_address,
      occupation: input?.seller.occupation || snapshot.seller_occupation,
      birthDate: input?.seller.birthDate || snapshot.seller_birth_date || '',
    },
    age: verdict.age,
    minor: verdict.minor,
    guardian,
    invoice: { registered, tNumber: registered ? (input?.invoice.tNumber ?? '') : '', specialRule: !registered },
  };
}
