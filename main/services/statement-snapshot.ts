// Q-01 (issue 16): the shop as a statement names it, and the snapshot execute takes of it. Apart from documents.ts so
// settlement.ts can call it without importing the documents service (and its import of settlement.ts) back.
import type { DocumentShop } from '../../preload/types.ts';
import type { Db } from '../../db/open.ts';
import { KioskError } from '../errors.ts';

interface StoreRow {
  name: string;
  postal_code: string;
  address: string;
  phone: string;
  licence_number: string;
  public_safety_commission: string;
  invoice_number: string;
}

export function readShop(db: Db, storeId: string): DocumentShop {
  const row = db
    .prepare('SELECT name, postal_code, address, phone, licence_number, public_safety_commission, invoice_number FROM stores WHERE id = ?')
    .get(storeId) as StoreRow | undefined;
  if (!row) throw new KioskError('STORE_NOT_FOUND');
  return {
    name: row.name,
    postalCode: row.postal_code,
    address: row.address,
    phone: row.phone,
    licenceNumber: row.licence_number,
    publicSafetyCommission: row.public_safety_commission,
    invoiceNumber: row.invoice_number,
  };
}

/**
 * Q-01, inside execute's transaction: fixes what the statement's header says for this settlement (the shop as it is
 * now, the payment method's name), so a reprint years later shows the document the customer signed.
 */
export function recordStatementSnapshot(
  db: Db,
  snapshot: { settlementId: string; storeId: string; paymentMethod: { labelJa: string; labelEn: string }; at: string },
): void {
  db.prepare('INSERT INTO statement_snapshots (settlement_id, shop, payment_method_label, created_at) VALUES (?, ?, ?, ?)').run(
    snapshot.settlementId,
    JSON.stringify(readShop(db, snapshot.storeId)),
    JSON.stringify({ ja: snapshot.paymentMethod.labelJa, en: snapshot.paymentMethod.labelEn }),
    snapshot.at,
  );
}
