/**
 * What the kiosk sends to headquarters, shared by the kiosk (which writes it into the outbox in the settlement's own
 * transaction) and the HQ server (which validates what arrives with the very same schemas).
 */
import { z } from 'zod';

const uuid = z.string().uuid();
const isoInstant = z.string().datetime({ offset: true });
const yen = z.number().int();

export const payloadItemSchema = z.object({
  id: uuid,
  position: z.number().int().min(1),
  categoryId: z.string(),
  categoryName: z.string(),
  name: z.string(),
  maker: z.string(),
  model: z.string(),
  serial: z.string(),
  colour: z.string(),
  features: z.string(),
  grade: z.enum(['S', 'A', 'B', 'C', 'D', 'J']),
  quantity: z.number().int().min(1),
  unitPrice: yen.min(0),
  amount: yen.min(0),
  cancelled: z.boolean(),
  ecPublish: z.boolean(),
  /** The stock code the item was registered under; null for cancelled items. */
  stockCode: z.string().nullable(),
});

export const sellerSchema = z.object({
  name: z.string(),
  nameKana: z.string(),
  postalCode: z.string(),
  address: z.string(),
  phone: z.string(),
  birthDate: z.string().nullable(),
  occupation: z.string(),
});

export const settlementImageSchema = z.object({
  kind: z.enum(['id_photo', 'signature']),
  mime: z.string().min(1),
  dataBase64: z.string().min(1),
});

export const settlementPayloadSchema = z.object({
  schemaVersion: z.literal(1),
  settlementId: uuid,
  receptionId: uuid,
  receptionNumber: z.string().min(1),
  storeCode: z.string().min(1),
  terminalCode: z.string().min(1),
  staffCode: z.string().min(1),
  settledAt: isoInstant,
  memberNumber: z.string().nullable(),
  seller: sellerSchema,
  items: z.array(payloadItemSchema).min(1),
  itemsTotal: yen.min(0),
  adjustmentAmount: yen,
  adjustmentReason: z.string(),
  totalAmount: yen.min(0),
  paymentMethod: z.string().min(1),
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
  receptionNumber: z.string().min(1),
  storeCode: z.string().min(1),
  terminalCode: z.string().min(1),
  staffCode: z.string().min(1),
  cancelledAt: isoInstant,
  reason: z.enum(['all_items_cancelled', 'cancel_buyback']),
});

export type SettlementPayload = z.infer<typeof settlementPayloadSchema>;
export type CancellationPayload = z.infer<typeof cancellationPayloadSchema>;
