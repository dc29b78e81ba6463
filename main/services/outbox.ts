import type { Db } from '../../db/open.ts';
import {
  type CancellationPayload,
  cancellationPayloadSchema,
  type SettlementPayload,
  settlementPayloadSchema,
} from 'kaitori-sync-protocol';

/**
 * D-06, D-08: queues what HQ must hear of, inside the caller's transaction, so a settlement and its outbox row are
 * committed together or not at all. The payload is validated with the schema HQ uses, so a bad row cannot jam the queue.
 */
export function enqueueSettlement(db: Db, id: string, at: string, payload: SettlementPayload): void {
  const checked = settlementPayloadSchema.parse(payload);
  db.prepare(
    `INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES (?, 'settlement', ?, ?, ?)`,
  ).run(id, checked.settlementId, JSON.stringify(checked), at);
}

export function enqueueCancellation(db: Db, id: string, at: string, payload: CancellationPayload): void {
  const checked = cancellationPayloadSchema.parse(payload);
  db.prepare(
    `INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES (?, 'cancellation', ?, ?, ?)`,
  ).run(id, checked.receptionId, JSON.stringify(checked), at);
}
