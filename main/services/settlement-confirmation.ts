import type { Db } from '../../db/open.ts';
import { KioskError } from '../errors.ts';
import type { CustomerConfirmation } from './customer-display.ts';

/**
 * V-02, one named step of execute (inside its transaction): where and when the terms were agreed and the signature
 * given. An agreement made on the customer's screen is the one recorded, with the version shown there; it must be the
 * version in force (a manager may have saved new terms since). A signature the customer drew on their screen is
 * recorded as theirs only while the staged signature is still that drawing.
 */
export function recordCustomerConfirmation(
  db: Db,
  settlement: { id: string; termsVersion: number | null; hasSignature: boolean },
  confirmation: CustomerConfirmation | null,
): void {
  const agreement = confirmation?.agreement ?? null;
  if (settlement.termsVersion !== null && agreement && agreement.version !== settlement.termsVersion) {
    throw new KioskError('TERMS_CHANGED', { params: { agreed: agreement.version, current: settlement.termsVersion } });
  }
  const termsOn = settlement.termsVersion === null ? null : agreement ? 'customer' : 'clerk';
  const signedOn = !settlement.hasSignature ? null : confirmation?.signedAt ? 'customer' : 'clerk';
  db.prepare(
    `INSERT INTO settlement_confirmations (settlement_id, terms_version, terms_agreed_on, terms_agreed_at, signed_on, signed_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    settlement.id,
    settlement.termsVersion,
    termsOn,
    termsOn === 'customer' ? agreement!.at : null,
    signedOn,
    signedOn === 'customer' ? confirmation!.signedAt : null,
  );
}
