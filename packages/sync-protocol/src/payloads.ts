/**
 * What the kiosk sends to headquarters: the kiosk validates each payload with these schemas before it writes the
 * outbox row (in the change's own transaction), and HQ validates what arrives with the very same schemas.
 */
import { z } from 'zod';
import { isoInstant, itemDescriptionShape, requiredText, text, uuid, yen } from './wire.ts';
import { type TillClosePayload, tillClosePayloadSchema } from './till-close.ts';
import { type MemberPayload, memberPayloadSchema, type ReceptionPayload, receptionPayloadSchema } from './receptions.ts';

export const payloadItemSchema = z.object({
  id: uuid,
  position: z.number().int().min(1),
  categoryId: text,
  categoryName: text,
  ...itemDescriptionShape,
  quantity: z.number().int().min(1),
  unitPrice: yen.min(0),
  amount: yen.min(0),
  cancelled: z.boolean(),
  ecPublish: z.boolean(),
  /** The stock code the item was registered under; null for cancelled items. */
  stockCode: text.nullable(),
  /** the product's own barcode (JAN/EAN-13, UPC-A as 13 digits, EAN-8) when it was appraised under one. */
  productCode: text.optional(),
  /** metal bought by weight — grams × 100, and the buy price per gram it was priced at. */
  weightCg: z.number().int().positive().optional(),
  metalPricePerGram: yen.positive().nullable().optional(),
});

export const sellerSchema = z.object({
  name: text,
  nameKana: text,
  postalCode: text,
  address: text,
  phone: text,
  birthDate: text.nullable(),
  occupation: text,
});

export const settlementImageSchema = z.object({
  kind: z.enum(['id_photo', 'signature']),
  mime: requiredText,
  dataBase64: requiredText,
});

export const settlementPayloadSchema = z.object({
  schemaVersion: z.literal(1),
  settlementId: uuid,
  receptionId: uuid,
  receptionNumber: requiredText,
  storeCode: requiredText,
  terminalCode: requiredText,
  staffCode: requiredText,
  settledAt: isoInstant,
  memberNumber: text.nullable(),
  seller: sellerSchema,
  items: z.array(payloadItemSchema).min(1),
  itemsTotal: yen.min(0),
  adjustmentAmount: yen,
  adjustmentReason: text,
  totalAmount: yen.min(0),
  paymentMethod: requiredText,
  printMethod: z.enum(['receipt', 'none']),
  pointsGranted: z.number().int().min(0),
  agreedTermsVersion: z.number().int().nullable(),
  /** The identity-verification record and ledger fields (kobutsu.md §2, §3, §7); shape owned by compliance. */
  verification: z.record(z.string(), z.unknown()),
  /**
   * Optional, added after version 1 shipped (older payloads stay valid): ID photo and signature images, sent only
   * when the chain turns image upload on. HQ stores them only when it is started with storeImages.
   */
  images: z.array(settlementImageSchema).optional(),
});

export const cancellationPayloadSchema = z.object({
  schemaVersion: z.literal(1),
  receptionId: uuid,
  receptionNumber: requiredText,
  storeCode: requiredText,
  terminalCode: requiredText,
  staffCode: requiredText,
  cancelledAt: isoInstant,
  reason: z.enum(['all_items_cancelled', 'cancel_buyback']),
});

/** The ledger fields a correction may change (kobutsu.md §4); the kiosk's contract offers the same list. */
export const LEDGER_CORRECTION_FIELDS = [
  'seller.name',
  'seller.address',
  'seller.occupation',
  'seller.birthDate',
  'documentType',
  'invoice.tNumber',
] as const;

/** kobutsu.md §4: a correction is a new entry beside the original settlement, never an edit of it. */
export const ledgerCorrectionPayloadSchema = z.object({
  schemaVersion: z.literal(1),
  correctionId: uuid,
  settlementId: uuid,
  receptionNumber: requiredText,
  storeCode: requiredText,
  terminalCode: requiredText,
  staffCode: requiredText,
  field: z.enum(LEDGER_CORRECTION_FIELDS),
  oldValue: text,
  newValue: text,
  reason: text,
  correctedAt: isoInstant,
});

/** P-07: the EC publish state of one stock item changed after settlement. Each change is its own event. */
export const ecPublishChangePayloadSchema = z.object({
  schemaVersion: z.literal(1),
  changeId: uuid,
  stockItemId: uuid,
  stockCode: requiredText,
  settlementId: uuid,
  receptionNumber: requiredText,
  storeCode: requiredText,
  terminalCode: requiredText,
  staffCode: requiredText,
  published: z.boolean(),
  changedAt: isoInstant,
});

export type SettlementPayload = z.infer<typeof settlementPayloadSchema>;
export type CancellationPayload = z.infer<typeof cancellationPayloadSchema>;
export type LedgerCorrectionPayload = z.infer<typeof ledgerCorrectionPayloadSchema>;
export type EcPublishChangePayload = z.infer<typeof ecPublishChangePayloadSchema>;

/** Every kind of outbox row, with its schema and the field that is its idempotency key at HQ. */
export const OUTBOX_KINDS = ['settlement', 'cancellation', 'ledger_correction', 'ec_publish_change', 'till_close', 'reception', 'member'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export type PayloadOf<K extends OutboxKind> = {
  settlement: SettlementPayload;
  cancellation: CancellationPayload;
  ledger_correction: LedgerCorrectionPayload;
  ec_publish_change: EcPublishChangePayload;
  till_close: TillClosePayload;
  reception: ReceptionPayload;
  member: MemberPayload;
}[K];

export const payloadSchemas = {
  settlement: settlementPayloadSchema,
  cancellation: cancellationPayloadSchema,
  ledger_correction: ledgerCorrectionPayloadSchema,
  ec_publish_change: ecPublishChangePayloadSchema,
  till_close: tillClosePayloadSchema,
  reception: receptionPayloadSchema,
  member: memberPayloadSchema,
} as const satisfies { [K in OutboxKind]: z.ZodType<PayloadOf<K>> };

export function isOutboxKind(kind: string): kind is OutboxKind {
  return (OUTBOX_KINDS as readonly string[]).includes(kind);
}

/** The UUID HQ keys the payload by: the settlement, the reception (cancellation), the correction, the change (EC publish, reception), the till session (close). */
export function aggregateIdOf<K extends OutboxKind>(kind: K, payload: PayloadOf<K>): string {
  switch (kind) {
    case 'settlement':
      return (payload as SettlementPayload).settlementId;
    case 'cancellation':
      return (payload as CancellationPayload).receptionId;
    case 'ledger_correction':
      return (payload as LedgerCorrectionPayload).correctionId;
    case 'till_close':
      return (payload as TillClosePayload).tillSessionId;
    case 'reception':
      return (payload as ReceptionPayload).changeId;
    case 'member':
      return (payload as MemberPayload).changeId;
    default:
      return (payload as EcPublishChangePayload).changeId;
  }
}
