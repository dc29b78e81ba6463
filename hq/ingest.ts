/**
 * Receives settlements and cancellations exactly once (D-06, B-09). The aggregate UUID is the idempotency key: the
 * first body for a UUID is stored whole in one transaction together with its idempotency record; a replay of the same
 * canonical body gets the original result back with `duplicate: true`; another body under the same UUID is refused
 * as `conflict` and the stored copy is left untouched.
 */
import { z } from 'zod';
import {
  type CancellationPayload,
  cancellationPayloadSchema,
  type SettlementPayload,
  settlementPayloadSchema,
} from 'kaitori-sync-protocol';
import { canonicalJson, sha256Hex, tokyoBusinessDate } from 'kaitori-sync-protocol';
import type { HqDatabase, HqQueryable } from './db.ts';
import type { Terminal } from './terminals.ts';

export const MAX_BATCH_ITEMS = 500;

export const batchSchema = z.object({
  items: z
    .array(
      z.object({
        // Kind and id are checked per item, so one odd row is refused alone instead of failing the whole batch.
        kind: z.string().max(40),
        id: z.string().max(100),
        payload: z.unknown(),
      }),
    )
    .min(1)
    .max(MAX_BATCH_ITEMS),
});

export type BatchItem = z.infer<typeof batchSchema>['items'][number];

/**
 * Per-item outcome inside a 200 response. `accepted` (also for a replay, with duplicate: true) means HQ holds the
 * item and the kiosk may forget it; `conflict` and `invalid` are final refusals the kiosk must not retry blindly.
 */
export type ItemResult =
  | { id: string; kind: string; status: 'accepted'; duplicate: boolean; receivedAt: string }
  | { id: string; kind: string; status: 'conflict'; error: { code: 'IDEMPOTENCY_CONFLICT'; message: string } }
  | {
      id: string;
      kind: string;
      status: 'invalid';
      error: { code: 'INVALID_PAYLOAD' | 'WRONG_STORE' | 'ID_MISMATCH'; message: string };
    };

export interface IngestOptions {
  clock: () => Date;
  storeImages: boolean;
}

export async function ingestItem(
  db: HqDatabase,
  terminal: Terminal,
  item: BatchItem,
  options: IngestOptions,
): Promise<ItemResult> {
  const base = { id: item.id, kind: item.kind };
  if (item.kind !== 'settlement' && item.kind !== 'cancellation') {
    return { ...base, status: 'invalid', error: { code: 'INVALID_PAYLOAD', message: 'unknown kind' } };
  }
  const parsed =
    item.kind === 'settlement'
      ? settlementPayloadSchema.safeParse(item.payload)
      : cancellationPayloadSchema.safeParse(item.payload);
  if (!parsed.success) {
    // Issue paths and codes only: the messages could quote a seller's details back.
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}:${i.code}`).join(', ');
    return { ...base, status: 'invalid', error: { code: 'INVALID_PAYLOAD', message: where.slice(0, 500) } };
  }
  const payload = parsed.data;
  const aggregateId = 'settlementId' in payload ? payload.settlementId : payload.receptionId;
  if (aggregateId !== item.id) {
    return { ...base, status: 'invalid', error: { code: 'ID_MISMATCH', message: 'id differs from the payload' } };
  }
  if (payload.storeCode !== terminal.storeCode) {
    return { ...base, status: 'invalid', error: { code: 'WRONG_STORE', message: 'store differs from the terminal' } };
  }

  const bodyHash = sha256Hex(canonicalJson({ kind: item.kind, payload: item.payload }));
  const receivedAt = options.clock().toISOString();
  const stored = await db.transaction(async (tx) => {
    const inserted = await tx.execute(
      `INSERT INTO received_items (kind, id, body_hash, terminal_id, received_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO NOTHING`,
      [item.kind, item.id, bodyHash, terminal.id, receivedAt],
    );
    if (inserted.rowCount === 0) return false;
    if ('settlementId' in payload) {
      await storeSettlement(tx, payload, item.payload, receivedAt, options.storeImages);
    } else {
      await storeCancellation(tx, payload, item.payload, receivedAt);
    }
    return true;
  });
  if (stored) return { ...base, status: 'accepted', duplicate: false, receivedAt };

  const rows = await db.query<{ body_hash: string; received_at: string }>(
    'SELECT body_hash, received_at FROM received_items WHERE kind = ? AND id = ?',
    [item.kind, item.id],
  );
  const original = rows[0];
  if (original && original.body_hash === bodyHash) {
    return { ...base, status: 'accepted', duplicate: true, receivedAt: original.received_at };
  }
  return {
    ...base,
    status: 'conflict',
    error: { code: 'IDEMPOTENCY_CONFLICT', message: 'this id was already received with a different body' },
  };
}

async function storeSettlement(
  tx: HqQueryable,
  s: SettlementPayload,
  raw: unknown,
  receivedAt: string,
  storeImages: boolean,
): Promise<void> {
  // Images never sit in the payload column: they are personal data kept only when the chain asked for them.
  const { images: _images, ...withoutImages } = raw as Record<string, unknown>;
  await tx.execute(
    `INSERT INTO settlements (id, reception_id, reception_number, store_code, terminal_code, staff_code, settled_at,
       business_date, member_number, items_total, adjustment_amount, adjustment_reason, total_amount, payment_method,
       print_method, points_granted, agreed_terms_version, seller, verification, payload, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      s.settlementId,
      s.receptionId,
      s.receptionNumber,
      s.storeCode,
      s.terminalCode,
      s.staffCode,
      new Date(s.settledAt).toISOString(),
      tokyoBusinessDate(s.settledAt),
      s.memberNumber,
      s.itemsTotal,
      s.adjustmentAmount,
      s.adjustmentReason,
      s.totalAmount,
      s.paymentMethod,
      s.printMethod,
      s.pointsGranted,
      s.agreedTermsVersion,
      canonicalJson(s.seller),
      canonicalJson(s.verification),
      canonicalJson(withoutImages),
      receivedAt,
    ],
  );
  for (const item of s.items) {
    await tx.execute(
      `INSERT INTO settlement_items (settlement_id, id, position, category_id, category_name, name, maker, model,
         serial, colour, features, grade, quantity, unit_price, amount, cancelled, ec_publish, stock_code)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        s.settlementId,
        item.id,
        item.position,
        item.categoryId,
        item.categoryName,
        item.name,
        item.maker,
        item.model,
        item.serial,
        item.colour,
        item.features,
        item.grade,
        item.quantity,
        item.unitPrice,
        item.amount,
        item.cancelled ? 1 : 0,
        item.ecPublish ? 1 : 0,
        item.stockCode,
      ],
    );
  }
  if (storeImages && s.images) {
    for (const [index, image] of s.images.entries()) {
      await tx.execute(
        'INSERT INTO settlement_images (settlement_id, position, kind, mime, data_base64) VALUES (?, ?, ?, ?, ?)',
        [s.settlementId, index + 1, image.kind, image.mime, image.dataBase64],
      );
    }
  }
}

async function storeCancellation(
  tx: HqQueryable,
  c: CancellationPayload,
  raw: unknown,
  receivedAt: string,
): Promise<void> {
  await tx.execute(
    `INSERT INTO cancellations (reception_id, reception_number, store_code, terminal_code, staff_code, cancelled_at,
       business_date, reason, payload, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      c.receptionId,
      c.receptionNumber,
      c.storeCode,
      c.terminalCode,
      c.staffCode,
      new Date(c.cancelledAt).toISOString(),
      tokyoBusinessDate(c.cancelledAt),
      c.reason,
      canonicalJson(raw),
      receivedAt,
    ],
  );
}
