import {
  aggregateIdOf,
  type CancellationPayload,
  type OutboxKind,
  type PayloadOf,
  payloadSchemas,
  type SettlementPayload,
} from 'kaitori-sync-protocol';
import type { Db } from '../../db/open.ts';

/**
 * D-06, D-08: queues what HQ must hear of, inside the caller's transaction, so a change and its outbox row are
 * committed together or not at all. The payload is validated with the schema HQ uses, so a bad row cannot jam the queue.
 */
export function enqueueOutbox<K extends OutboxKind>(db: Db, kind: K, rowId: string, at: string, payload: PayloadOf<K>): void {
  const checked = payloadSchemas[kind].parse(payload) as PayloadOf<K>;
  db.prepare('INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(
    rowId,
    kind,
    aggregateIdOf(kind, checked),
    JSON.stringify(checked),
    at,
  );
}

export function enqueueSettlement(db: Db, id: string, at: string, payload: SettlementPayload): void {
  enqueueOutbox(db, 'settlement', id, at, payload);
}

export function enqueueCancellation(db: Db, id: string, at: string, payload: CancellationPayload): void {
  enqueueOutbox(db, 'cancellation', id, at, payload);
}
