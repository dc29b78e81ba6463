// I-02, I-03: a member's earlier identity verifications, and the rule for reusing one. The record of each is the
// settlement's own verification (settlements.verification, unchangeable by 026), so the history needs no table of
// its own and cannot disagree with the ledger.
import type { EarlierVerification, ReuseRefusal } from '../../preload/types.ts';
import { type DocumentType, isDocumentExpired, type VerificationRecord } from '../../common/compliance.ts';
import type { Db } from '../../db/open.ts';
import { KioskError } from '../errors.ts';

/** How many earlier verifications the step lists: the newest few are the ones a clerk can use. */
const HISTORY_LIMIT = 20;

interface VerificationRow {
  settlement_id: string;
  number: string;
  settled_at: string;
  staff_name: string;
  customer_id: string | null;
  verification: string;
}

const SELECT_VERIFICATIONS = `
  SELECT st.id AS settlement_id, r.number, st.settled_at, s.name AS staff_name, r.customer_id, st.verification
    FROM settlements st
    JOIN receptions r ON r.id = st.reception_id
    JOIN staff s ON s.id = st.staff_id`;

/**
 * I-02: "still valid" needs a date to check. A record without an expiry (recorded before I-03, or a card that
 * shows none) cannot prove the document is still valid today, so it is not reused: the clerk looks at the document.
 */
export function reuseRefusal(expiry: string | null | undefined, today: string): ReuseRefusal | null {
  if (!expiry) return 'EXPIRY_UNKNOWN';
  return isDocumentExpired(expiry, today) ? 'DOCUMENT_EXPIRED' : null;
}

function toEarlier(row: VerificationRow, today: string): EarlierVerification | null {
  const record = JSON.parse(row.verification) as Partial<VerificationRecord>;
  if (record.method !== 'id_document' || !record.documentType) return null;
  return {
    settlementId: row.settlement_id,
    receptionNumber: row.number,
    verifiedAt: row.settled_at,
    staffName: row.staff_name,
    documentType: record.documentType,
    documentNumberLast4: record.documentNumberLast4 ?? '',
    documentExpiry: record.documentExpiry ?? null,
    reusedFrom: record.reusedFrom ?? null,
    refusal: reuseRefusal(record.documentExpiry, today),
  };
}

/** I-02: the member's earlier document verifications (not this reception's), newest first. */
export function earlierVerifications(db: Db, receptionId: string, today: string): EarlierVerification[] {
  const reception = db.prepare('SELECT customer_id FROM receptions WHERE id = ?').get(receptionId) as { customer_id: string | null } | undefined;
  if (!reception) throw new KioskError('RECEPTION_NOT_FOUND');
  if (!reception.customer_id) return [];
  const rows = db
    .prepare(`${SELECT_VERIFICATIONS} WHERE r.customer_id = ? AND r.id <> ? ORDER BY st.settled_at DESC LIMIT ?`)
    .all(reception.customer_id, receptionId, HISTORY_LIMIT * 3) as VerificationRow[];
  return rows
    .map((row) => toEarlier(row, today))
    .filter((v): v is EarlierVerification => v !== null)
    .slice(0, HISTORY_LIMIT);
}

/** What a reuse puts into the new record: the earlier document as it was recorded, and the reference to it. */
export interface ReusedDocument {
  documentType: DocumentType;
  documentNumberLast4: string;
  documentExpiry: string;
  reusedFrom: { settlementId: string; verifiedAt: string };
}

/**
 * I-02, inside execute's transaction: the earlier verification named by the wizard must be this member's, made with
 * an ID document, and still valid today; its document fields are taken from the stored record, never from the
 * request. Refuses with the reason otherwise.
 */
export function resolveReusedVerification(db: Db, customerId: string | null, settlementId: string, today: string): ReusedDocument {
  const row = db.prepare(`${SELECT_VERIFICATIONS} WHERE st.id = ?`).get(settlementId) as VerificationRow | undefined;
  const earlier = row && customerId && row.customer_id === customerId ? toEarlier(row, today) : null;
  if (!earlier) throw new KioskError('VERIFICATION_REUSE_INVALID');
  if (earlier.refusal === 'DOCUMENT_EXPIRED') throw new KioskError('DOCUMENT_EXPIRED', { params: { expiry: earlier.documentExpiry ?? '' } });
  if (earlier.refusal === 'EXPIRY_UNKNOWN') throw new KioskError('VERIFICATION_REUSE_EXPIRY_UNKNOWN');
  return {
    documentType: earlier.documentType,
    documentNumberLast4: earlier.documentNumberLast4,
    documentExpiry: earlier.documentExpiry ?? '',
    reusedFrom: { settlementId: earlier.settlementId, verifiedAt: earlier.verifiedAt },
  };
}
