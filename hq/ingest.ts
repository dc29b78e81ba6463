/**
 * Receives a kiosk's batch exactly once per item (D-06, B-09). The aggregate UUID is the idempotency key: the first
 * body for a UUID is stored whole with its idempotency record; a replay of the same canonical body is `duplicate`;
 * another body under the same UUID is `conflict` and the stored copy stays untouched. A store's reception number
 * names one transaction: a second transaction under a known number is `conflict` (RECEPTION_NUMBER_TAKEN).
 *
 * Speed and isolation together: the whole batch is stored in one transaction with multi-row statements (one commit,
 * a handful of statements). If a statement fails (one item the database cannot hold), that transaction is rolled back
 * and the batch is stored again item by item, each under its own savepoint, so only the failing item answers `error`.
 */
import {
  aggregateIdOf,
  type BatchItem,
  type BatchRequest,
  type BatchResponse,
  bodyHashOfCanonical,
  type ChainVerdict,
  type ConflictCode,
  canonicalJson,
  type EcPublishChangePayload,
  type ItemResult,
  isOutboxKind,
  type LedgerCorrectionPayload,
  type OutboxKind,
  type PayloadOf,
  payloadSchemas,
  type MemberPayload,
  type ReceptionPayload,
  type SettlementPayload,
  type TillClosePayload,
  tokyoBusinessDate,
} from 'kaitori-sync-protocol';
import { chunked, insertRows, placeholders } from './bulk-insert.ts';
import { recordChainReport } from './chain.ts';
import type { HqDatabase, HqQueryable, HqTransaction, SqlValue } from './db.ts';
import { classifyStoreError } from './store-errors.ts';
import type { Terminal } from './terminals.ts';

export interface IngestOptions {
  clock: () => Date;
  storeImages: boolean;
  newId: () => string;
}

interface Prepared<K extends OutboxKind = OutboxKind> {
  index: number;
  kind: K;
  id: string;
  payload: PayloadOf<K>;
  raw: unknown;
  /** The payload in canonical form, made once: the hash and the stored copy both come from it. */
  canonical: string;
  hash: string;
}

type Refusal = Extract<ItemResult, { status: 'conflict' | 'invalid' }>;

const key = (kind: string, id: string) => `${kind}\u0001${id}`;

/** Validates one item against the shared schemas and the terminal that sent it. */
export function checkItem(item: BatchItem, index: number, terminal: Terminal): Prepared | Refusal {
  const base = { id: item.id, kind: item.kind, retryable: false as const };
  if (!isOutboxKind(item.kind)) {
    return { ...base, status: 'invalid', error: { code: 'UNKNOWN_KIND', message: 'unknown kind' } };
  }
  const parsed = payloadSchemas[item.kind].safeParse(item.payload);
  if (!parsed.success) {
    // Issue paths and codes only: the messages could quote a seller's details back.
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}:${i.code}`).join(', ');
    return { ...base, status: 'invalid', error: { code: 'INVALID_PAYLOAD', message: where.slice(0, 500) } };
  }
  const payload = parsed.data;
  if (aggregateIdOf(item.kind, payload) !== item.id) {
    return { ...base, status: 'invalid', error: { code: 'ID_MISMATCH', message: 'id differs from the payload' } };
  }
  if (payload.storeCode !== terminal.storeCode) {
    return { ...base, status: 'invalid', error: { code: 'WRONG_STORE', message: 'store differs from the terminal' } };
  }
  const canonical = canonicalJson(item.payload);
  return { index, kind: item.kind, id: item.id, payload, raw: item.payload, canonical, hash: bodyHashOfCanonical(item.kind, canonical) };
}

export async function ingestBatch(
  db: HqDatabase,
  terminal: Terminal,
  request: BatchRequest,
  options: IngestOptions,
): Promise<BatchResponse> {
  const results: ItemResult[] = new Array(request.items.length);
  const prepared: Prepared[] = [];
  const refused: { item: BatchItem; result: Refusal }[] = [];
  request.items.forEach((item, index) => {
    const checked = checkItem(item, index, terminal);
    if ('status' in checked) {
      results[index] = checked;
      refused.push({ item, result: checked });
    } else {
      prepared.push(checked);
    }
  });
  const receivedAt = options.clock().toISOString();
  const context: StoreContext = { terminal, receivedAt, storeImages: options.storeImages };
  let chain: ChainVerdict | undefined;

  // The refusal log and the chain record come second to the items: a failure there must not fail the batch.
  const finish = async (tx: HqTransaction) => {
    if (refused.length > 0) await tx.savepoint(() => logRefusals(tx, context, refused)).catch(() => undefined);
    const report = request.chain;
    if (report) {
      chain = await tx
        .savepoint(() => recordChainReport(tx, terminal, report, receivedAt, options.newId))
        .catch(() => undefined);
    }
  };
  try {
    await db.transaction(async (tx) => {
      const stored = await storeItems(tx, context, prepared);
      prepared.forEach((item, i) => {
        results[item.index] = stored[i]!;
      });
      await finish(tx);
    });
  } catch {
    // One item the database would not hold failed the batch statement: store item by item, so only it fails.
    await db.transaction(async (tx) => {
      for (const item of prepared) {
        try {
          const [result] = await tx.savepoint(() => storeItems(tx, context, [item]));
          results[item.index] = result!;
        } catch (error) {
          const { retryable, code } = classifyStoreError(error);
          results[item.index] = {
            id: item.id,
            kind: item.kind,
            status: 'error',
            retryable,
            error: { code: 'STORE_FAILED', message: code },
          };
        }
      }
      await finish(tx);
    });
  }
  return chain ? { results, chain } : { results };
}

interface StoreContext {
  terminal: Terminal;
  receivedAt: string;
  storeImages: boolean;
}

/** Stores a group of validated items in the caller's transaction; returns one result per item, in order. */
async function storeItems(tx: HqQueryable, context: StoreContext, items: Prepared[]): Promise<ItemResult[]> {
  const results = new Map<Prepared, ItemResult>();
  const stored = (item: Prepared): ItemResult => ({
    id: item.id,
    kind: item.kind,
    status: 'stored',
    retryable: false,
    receivedAt: context.receivedAt,
  });
  const againstOriginal = (item: Prepared, original: { hash: string; receivedAt: string }): ItemResult =>
    original.hash === item.hash
      ? { id: item.id, kind: item.kind, status: 'duplicate', retryable: false, receivedAt: original.receivedAt }
      : {
          id: item.id,
          kind: item.kind,
          status: 'conflict',
          retryable: false,
          error: { code: 'IDEMPOTENCY_CONFLICT', message: 'this id was already received with a different body' },
        };

  // 1. The idempotency records, first seen first: an item repeated within the batch is judged against its first.
  const firstInBatch = new Map<string, Prepared>();
  const fresh: Prepared[] = [];
  for (const item of items) {
    const k = key(item.kind, item.id);
    const earlier = firstInBatch.get(k);
    if (earlier) {
      results.set(item, againstOriginal(item, { hash: earlier.hash, receivedAt: context.receivedAt }));
    } else {
      firstInBatch.set(k, item);
      fresh.push(item);
    }
  }
  const inserted = await insertRows(
    tx,
    'received_items',
    ['kind', 'id', 'body_hash', 'terminal_id', 'received_at'],
    fresh.map((item) => [item.kind, item.id, item.hash, context.terminal.id, context.receivedAt]),
    { onConflict: '(kind, id) DO NOTHING', returning: 'kind, id' },
  );
  // 2. Replays: HQ already held the id. (A concurrent request with the same item — a kiosk resending after a timeout
  //    — waits for the other transaction, then skips the row; what that one stored answers duplicate or conflict.)
  const insertedKeys = new Set(inserted.map((row) => key(String(row.kind), String(row.id))));
  const replays = fresh.filter((item) => !insertedKeys.has(key(item.kind, item.id)));
  if (replays.length > 0) {
    const originals = await receivedRecords(tx, replays);
    for (const item of replays) {
      const original = originals.get(key(item.kind, item.id));
      results.set(
        item,
        original
          ? againstOriginal(item, original)
          : { id: item.id, kind: item.kind, status: 'error', retryable: true, error: { code: 'BUSY', message: 'retry' } },
      );
    }
  }
  let accepted = fresh.filter((item) => insertedKeys.has(key(item.kind, item.id)));

  // 3. N-02: each settled reception's claim is closed; a settlement of a reception another terminal holds the claim on is
  //    refused (it was never received).
  const settling = accepted.filter((item): item is Prepared<'settlement'> => item.kind === 'settlement');
  if (settling.length > 0) {
    const blocked = await closeClaims(tx, context, settling);
    if (blocked.length > 0) {
      for (const { item, holder } of blocked) {
        results.set(item, conflict(item, 'RECEPTION_CLAIMED', `reception ${item.payload.receptionNumber} is claimed by terminal ${holder}`));
      }
      await forgetReceived(tx, 'settlement', blocked.map(({ item }) => item.id));
      await upsertRefusals(
        tx,
        blocked.map(({ item, holder }) => refusalRow(context, item, 'RECEPTION_CLAIMED', holder)),
      );
      const lost = new Set<Prepared>(blocked.map(({ item }) => item));
      accepted = accepted.filter((item) => !lost.has(item));
    }
  }

  // 4. Reception numbers: the first transaction under a store's number keeps it.
  const numbered = accepted.filter((item) => item.kind === 'settlement' || item.kind === 'cancellation') as Prepared<
    'settlement' | 'cancellation'
  >[];
  if (numbered.length > 0) {
    const claimed = await insertRows(
      tx,
      'reception_numbers',
      ['store_code', 'reception_number', 'kind', 'aggregate_id', 'claimed_at'],
      numbered.map((item) => [item.payload.storeCode, item.payload.receptionNumber, item.kind, item.id, context.receivedAt]),
      { onConflict: '(store_code, reception_number) DO NOTHING', returning: 'aggregate_id' },
    );
    const winners = new Set(claimed.map((row) => String(row.aggregate_id)));
    const losers = numbered.filter((item) => !winners.has(item.id));
    if (losers.length > 0) {
      const holders = await numberHolders(tx, losers);
      for (const item of losers) {
        results.set(
          item,
          conflict(item, 'RECEPTION_NUMBER_TAKEN', `reception number ${item.payload.receptionNumber} is held by another transaction`),
        );
      }
      for (const kind of ['settlement', 'cancellation'] as const) {
        await forgetReceived(
          tx,
          kind,
          losers.filter((item) => item.kind === kind).map((item) => item.id),
        );
      }
      await logNumberConflicts(tx, context, losers, holders);
      const lost = new Set<Prepared>(losers);
      accepted = accepted.filter((item) => !lost.has(item));
    }
  }

  // 5. The items themselves.
  await storePayloads(tx, context, accepted);
  for (const item of accepted) results.set(item, stored(item));

  const idConflicts = items.filter((item) => {
    const result = results.get(item);
    return result?.status === 'conflict' && result.error.code === 'IDEMPOTENCY_CONFLICT';
  });
  if (idConflicts.length > 0) {
    await upsertRefusals(
      tx,
      idConflicts.map((item) => refusalRow(context, item, 'IDEMPOTENCY_CONFLICT', item.id)),
    );
  }
  return items.map((item) => results.get(item)!);
}

const conflict = (item: Prepared, code: ConflictCode, message: string): ItemResult => ({
  id: item.id,
  kind: item.kind,
  status: 'conflict',
  retryable: false,
  error: { code, message },
});

/** A refused item was never received: a resend (after HQ staff resolved it) is judged afresh. */
async function forgetReceived(tx: HqQueryable, kind: OutboxKind, ids: string[]): Promise<void> {
  for (const chunk of chunked(ids)) {
    await tx.execute(`DELETE FROM received_items WHERE kind = ? AND id IN (${placeholders(chunk.length)})`, [kind, ...chunk]);
  }
}

async function receivedRecords(
  tx: HqQueryable,
  items: Prepared[],
): Promise<Map<string, { hash: string; receivedAt: string }>> {
  const found = new Map<string, { hash: string; receivedAt: string }>();
  const byKind = new Map<string, string[]>();
  for (const item of items) byKind.set(item.kind, [...(byKind.get(item.kind) ?? []), item.id]);
  for (const [kind, ids] of byKind) {
    for (const chunk of chunked([...new Set(ids)])) {
      const rows = await tx.query<{ id: string; body_hash: string; received_at: string }>(
        `SELECT id, body_hash, received_at FROM received_items WHERE kind = ? AND id IN (${placeholders(chunk.length)})`,
        [kind, ...chunk],
      );
      for (const row of rows) found.set(key(kind, row.id), { hash: row.body_hash, receivedAt: row.received_at });
    }
  }
  return found;
}

async function numberHolders(
  tx: HqQueryable,
  items: Prepared<'settlement' | 'cancellation'>[],
): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  const byStore = new Map<string, string[]>();
  for (const item of items) {
    byStore.set(item.payload.storeCode, [...(byStore.get(item.payload.storeCode) ?? []), item.payload.receptionNumber]);
  }
  for (const [store, numbers] of byStore) {
    for (const chunk of chunked([...new Set(numbers)])) {
      const rows = await tx.query<{ reception_number: string; aggregate_id: string }>(
        `SELECT reception_number, aggregate_id FROM reception_numbers
         WHERE store_code = ? AND reception_number IN (${placeholders(chunk.length)})`,
        [store, ...chunk],
      );
      for (const row of rows) holders.set(`${store}\u0001${row.reception_number}`, row.aggregate_id);
    }
  }
  return holders;
}

async function storePayloads(tx: HqQueryable, context: StoreContext, items: Prepared[]): Promise<void> {
  const of = <K extends OutboxKind>(kind: K) => items.filter((item): item is Prepared<K> => item.kind === kind);
  const settlements = of('settlement');
  if (settlements.length > 0) {
    // Their claims were closed in step 3 of the same transaction.
    await storeSettlements(tx, context, settlements);
  }
  const receptions = of('reception');
  if (receptions.length > 0) await storeReceptions(tx, context, receptions);
  const members = of('member');
  if (members.length > 0) await storeMembers(tx, context, members);
  const cancellations = of('cancellation');
  if (cancellations.length > 0) {
    await insertRows(
      tx,
      'cancellations',
      [
        'reception_id', 'reception_number', 'store_code', 'terminal_code', 'staff_code', 'cancelled_at',
        'business_date', 'reason', 'payload', 'received_at',
      ],
      cancellations.map(({ payload: c, canonical }: Prepared<'cancellation'>): SqlValue[] => [
        c.receptionId,
        c.receptionNumber,
        c.storeCode,
        c.terminalCode,
        c.staffCode,
        new Date(c.cancelledAt).toISOString(),
        tokyoBusinessDate(c.cancelledAt),
        c.reason,
        canonical,
        context.receivedAt,
      ]),
    );
  }
  const corrections = of('ledger_correction');
  if (corrections.length > 0) {
    await insertRows(
      tx,
      'ledger_corrections',
      [
        'id', 'settlement_id', 'reception_number', 'store_code', 'terminal_code', 'staff_code', 'field',
        'old_value', 'new_value', 'reason', 'corrected_at', 'received_at',
      ],
      corrections.map(({ payload: c }: { payload: LedgerCorrectionPayload }): SqlValue[] => [
        c.correctionId,
        c.settlementId,
        c.receptionNumber,
        c.storeCode,
        c.terminalCode,
        c.staffCode,
        c.field,
        c.oldValue,
        c.newValue,
        c.reason,
        new Date(c.correctedAt).toISOString(),
        context.receivedAt,
      ]),
    );
  }
  const tillCloses = of('till_close');
  if (tillCloses.length > 0) await storeTillCloses(tx, context, tillCloses);
  const ecChanges = of('ec_publish_change');
  if (ecChanges.length > 0) {
    await insertRows(
      tx,
      'ec_publish_changes',
      [
        'id', 'stock_item_id', 'stock_code', 'settlement_id', 'reception_number', 'store_code',
        'terminal_code', 'staff_code', 'published', 'changed_at', 'received_at',
      ],
      ecChanges.map(({ payload: e }: { payload: EcPublishChangePayload }): SqlValue[] => [
        e.changeId,
        e.stockItemId,
        e.stockCode,
        e.settlementId,
        e.receptionNumber,
        e.storeCode,
        e.terminalCode,
        e.staffCode,
        e.published ? 1 : 0,
        new Date(e.changedAt).toISOString(),
        context.receivedAt,
      ]),
    );
  }
}

/** M-07: a till's close, filed by store and the Tokyo business day of the close. */
async function storeTillCloses(tx: HqQueryable, context: StoreContext, items: Prepared<'till_close'>[]): Promise<void> {
  await insertRows(
    tx,
    'till_closes',
    [
      'id', 'store_code', 'terminal_code', 'staff_code', 'opened_by_staff_code', 'opened_at', 'closed_at', 'business_date',
      'opening_float', 'payout_count', 'payout_amount', 'expected', 'counted', 'difference', 'approved_by_staff_code',
      'payload', 'received_at',
    ],
    items.map(({ payload: c, canonical }: { payload: TillClosePayload; canonical: string }): SqlValue[] => [
      c.tillSessionId,
      c.storeCode,
      c.terminalCode,
      c.staffCode,
      c.openedByStaffCode,
      new Date(c.openedAt).toISOString(),
      new Date(c.closedAt).toISOString(),
      tokyoBusinessDate(c.closedAt),
      c.openingFloat,
      c.payouts.count,
      c.payouts.amount,
      c.expected,
      c.counted,
      c.difference,
      c.approvedByStaffCode,
      canonical,
      context.receivedAt,
    ]),
  );
}

async function storeSettlements(tx: HqQueryable, context: StoreContext, items: Prepared<'settlement'>[]): Promise<void> {
  const rows: SqlValue[][] = [];
  const itemRows: SqlValue[][] = [];
  const imageRows: SqlValue[][] = [];
  for (const { payload: s, raw, canonical } of items) {
    // Images never sit in the payload column: they are personal data kept only when the chain asked for them.
    const { images, ...withoutImages } = raw as Record<string, unknown>;
    rows.push(settlementRow(s, images === undefined ? canonical : canonicalJson(withoutImages), context.receivedAt));
    for (const item of s.items) {
      itemRows.push([
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
      ]);
    }
    if (context.storeImages && s.images) {
      for (const [index, image] of s.images.entries()) {
        imageRows.push([s.settlementId, index + 1, image.kind, image.mime, image.dataBase64]);
      }
    }
  }
  await insertRows(tx, 'settlements', SETTLEMENT_COLUMNS, rows);
  await insertRows(tx, 'settlement_items', SETTLEMENT_ITEM_COLUMNS, itemRows);
  if (imageRows.length > 0) {
    await insertRows(tx, 'settlement_images', ['settlement_id', 'position', 'kind', 'mime', 'data_base64'], imageRows);
  }
}

const SETTLEMENT_COLUMNS = [
  'id', 'reception_id', 'reception_number', 'store_code', 'terminal_code', 'staff_code', 'settled_at',
  'business_date', 'member_number', 'items_total', 'adjustment_amount', 'adjustment_reason', 'total_amount',
  'payment_method', 'print_method', 'points_granted', 'agreed_terms_version', 'seller', 'verification',
  'payload', 'received_at', 'item_count',
] as const;

const SETTLEMENT_ITEM_COLUMNS = [
  'settlement_id', 'id', 'position', 'category_id', 'category_name', 'name', 'maker', 'model', 'serial',
  'colour', 'features', 'grade', 'quantity', 'unit_price', 'amount', 'cancelled', 'ec_publish', 'stock_code',
] as const;

function settlementRow(s: SettlementPayload, payload: string, receivedAt: string): SqlValue[] {
  return [
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
    payload,
    receivedAt,
    s.items.length,
  ];
}

/** A closed claim never expires: nobody edits a settled reception again. */
const CLOSED_CLAIM_EXPIRES_AT = '9999-12-31T23:59:59.999Z';

/**
 * N-02: closes the claim of each settled reception, and answers the settlements whose reception a live claim of
 * another terminal holds, with that terminal's code (what the manager is shown). Closing is one conditional upsert, so
 * it and a claim racing it at HQ exclude each other whatever the interleaving: the claim either got in first (and this
 * settlement is refused) or finds the closed row (and is told the reception is settled). A read followed by a write
 * left a window in which both went through.
 */
async function closeClaims(
  tx: HqQueryable,
  context: StoreContext,
  items: Prepared<'settlement'>[],
): Promise<{ item: Prepared<'settlement'>; holder: string }[]> {
  const byReception = new Map(items.map((item) => [item.payload.receptionId, item]));
  const { terminal, receivedAt } = context;
  const closed = await insertRows(
    tx,
    'reception_claims',
    ['reception_id', 'store_code', 'reception_number', 'terminal_id', 'terminal_code', 'claimed_at', 'expires_at', 'closed'],
    [...byReception.values()].map((item) => [
      item.payload.receptionId, item.payload.storeCode, item.payload.receptionNumber, terminal.id, terminal.terminalCode,
      receivedAt, CLOSED_CLAIM_EXPIRES_AT, 1,
    ]),
    {
      onConflict: `(reception_id) DO UPDATE SET terminal_id = excluded.terminal_id, terminal_code = excluded.terminal_code,
        expires_at = excluded.expires_at, closed = 1
        WHERE reception_claims.closed = 0
          AND (reception_claims.terminal_id = excluded.terminal_id OR reception_claims.expires_at <= excluded.claimed_at)`,
      returning: 'reception_id',
    },
  );
  const done = new Set(closed.map((row) => String(row.reception_id)));
  const open = [...byReception.keys()].filter((id) => !done.has(id));
  const holders = new Map<string, string>();
  for (const chunk of chunked(open)) {
    // Not closed by this batch: held by another terminal, or closed before (a second settlement: numbers decide).
    const rows = await tx.query<{ reception_id: string; terminal_code: string }>(
      `SELECT reception_id, terminal_code FROM reception_claims WHERE reception_id IN (${placeholders(chunk.length)}) AND closed = 0`,
      chunk,
    );
    for (const row of rows) holders.set(row.reception_id, row.terminal_code);
  }
  return items.flatMap((item) => {
    const holder = holders.get(item.payload.receptionId);
    return holder === undefined ? [] : [{ item, holder }];
  });
}

const RECEPTION_COLUMNS = [
  'reception_id', 'store_code', 'reception_number', 'terminal_code', 'staff_code', 'version', 'status', 'seller_name',
  'seller_name_kana', 'member_number', 'item_count', 'items_total', 'adjustment_amount', 'created_at', 'changed_at',
  'received_at', 'feed_seq', 'payload',
] as const;

/**
 * N-01: HQ keeps each reception at the highest version heard of. Within a batch only the newest change of a reception
 * goes to the upsert (PostgreSQL refuses to update one row twice in one statement); across batches the WHERE keeps an
 * older change arriving late from overwriting a newer one.
 */
async function storeReceptions(tx: HqQueryable, context: StoreContext, items: Prepared<'reception'>[]): Promise<void> {
  const newest = new Map<string, ReceptionPayload>();
  for (const { payload } of items) {
    const seen = newest.get(payload.receptionId);
    if (!seen || seen.version < payload.version) newest.set(payload.receptionId, payload);
  }
  const feedSeq = await bumpStoreFeed(tx, [...newest.values()].map((r) => ({ storeCode: r.storeCode, key: r.receptionId })));
  const updates = RECEPTION_COLUMNS.filter((c) => c !== 'reception_id' && c !== 'created_at')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  await insertRows(
    tx,
    'store_receptions',
    RECEPTION_COLUMNS,
    [...newest.values()].map((r): SqlValue[] => [
      r.receptionId,
      r.storeCode,
      r.receptionNumber,
      r.terminalCode,
      r.staffCode,
      r.version,
      r.status,
      r.sellerName,
      r.sellerNameKana,
      r.memberNumber,
      r.itemCount,
      r.itemsTotal,
      r.adjustmentAmount,
      new Date(r.createdAt).toISOString(),
      new Date(r.changedAt).toISOString(),
      context.receivedAt,
      feedSeq.get(r.receptionId)!,
      JSON.stringify(r),
    ]),
    { onConflict: `(reception_id) DO UPDATE SET ${updates} WHERE store_receptions.version < excluded.version
      AND store_receptions.store_code = excluded.store_code` },
  );
}

/**
 * N-03: the next numbers of each store's change sequence, one per changed reception, in the ingest transaction. The
 * upsert locks the store's row until this transaction commits, so a later number never commits before an earlier one
 * and a kiosk's cursor skips nothing (see migration 052). A change older than the one HQ holds burns its number: a
 * gap, never a skip.
 */
async function bumpStoreFeed(tx: HqQueryable, changes: readonly { storeCode: string; key: string }[]): Promise<Map<string, number>> {
  const byStore = new Map<string, string[]>();
  for (const c of changes) byStore.set(c.storeCode, [...(byStore.get(c.storeCode) ?? []), c.key]);
  const seqs = new Map<string, number>();
  for (const [storeCode, keys] of byStore) {
    const [row] = await tx.query<{ seq: number | string }>(
      `INSERT INTO store_feed (store_code, seq) VALUES (?, ?)
       ON CONFLICT (store_code) DO UPDATE SET seq = store_feed.seq + excluded.seq RETURNING seq`,
      [storeCode, keys.length],
    );
    const first = Number(row!.seq) - keys.length + 1;
    for (const [index, key] of keys.entries()) seqs.set(key, first + index);
  }
  return seqs;
}

/** N-03: a member registered at a counter PC joins the store's feed (its newest registration data, once per member). */
async function storeMembers(tx: HqQueryable, context: StoreContext, items: Prepared<'member'>[]): Promise<void> {
  const newest = new Map<string, MemberPayload>();
  for (const { payload } of items) newest.set(payload.customerId, payload);
  const feedSeq = await bumpStoreFeed(tx, [...newest.values()].map((m) => ({ storeCode: m.storeCode, key: m.customerId })));
  await insertRows(
    tx,
    'store_members',
    ['customer_id', 'store_code', 'member_number', 'terminal_code', 'feed_seq', 'payload', 'received_at'],
    [...newest.values()].map((m): SqlValue[] => [
      m.customerId,
      m.storeCode,
      m.memberNumber,
      m.terminalCode,
      feedSeq.get(m.customerId)!,
      JSON.stringify(m),
      context.receivedAt,
    ]),
    { onConflict: `(customer_id) DO UPDATE SET member_number = excluded.member_number, terminal_code = excluded.terminal_code,
      feed_seq = excluded.feed_seq, payload = excluded.payload, received_at = excluded.received_at
      WHERE store_members.store_code = excluded.store_code` },
  );
}

const REFUSAL_COLUMNS = [
  'kind', 'aggregate_id', 'code', 'status', 'terminal_id', 'store_code', 'terminal_code', 'reception_number',
  'held_by', 'payload', 'first_seen_at', 'last_seen_at', 'times',
];

/** One row per refused item and reason; a resend counts instead of adding a row. */
async function upsertRefusals(tx: HqQueryable, rows: SqlValue[][]): Promise<void> {
  const unique = new Map<string, SqlValue[]>();
  for (const row of rows) unique.set(`${row[0]}\u0001${row[1]}\u0001${row[2]}`, row);
  if (unique.size === 0) return;
  await insertRows(tx, 'ingest_refusals', REFUSAL_COLUMNS, [...unique.values()], {
    onConflict: `(kind, aggregate_id, code) DO UPDATE SET last_seen_at = excluded.last_seen_at,
      times = ingest_refusals.times + 1, payload = COALESCE(excluded.payload, ingest_refusals.payload)`,
  });
}

async function logNumberConflicts(
  tx: HqQueryable,
  context: StoreContext,
  losers: Prepared<'settlement' | 'cancellation'>[],
  holders: Map<string, string>,
): Promise<void> {
  await upsertRefusals(
    tx,
    losers.map((item) =>
      refusalRow(
        context,
        item,
        'RECEPTION_NUMBER_TAKEN',
        holders.get(`${item.payload.storeCode}\u0001${item.payload.receptionNumber}`) ?? null,
      ),
    ),
  );
}

/** A conflict keeps the refused body: it is a real transaction at the counter that HQ staff must resolve. */
function refusalRow(context: StoreContext, item: Prepared, code: string, heldBy: string | null): SqlValue[] {
  return [
    item.kind,
    item.id,
    code,
    'conflict',
    context.terminal.id,
    item.payload.storeCode,
    item.payload.terminalCode,
    // A till close has no reception number: it is named by its session id.
    'receptionNumber' in item.payload ? item.payload.receptionNumber : null,
    heldBy,
    item.canonical,
    context.receivedAt,
    context.receivedAt,
    1,
  ];
}

/** PostgreSQL cannot store NUL in TEXT; a refused item's id or number may hold one. */
const storable = (value: string, max: number) => value.replaceAll('\u0000', '').slice(0, max);

/** Schema refusals: logged without the body (it may be anything), with the terminal that sent it. */
async function logRefusals(
  tx: HqQueryable,
  context: StoreContext,
  refused: { item: BatchItem; result: Refusal }[],
): Promise<void> {
  await upsertRefusals(
    tx,
    refused.map(({ item, result }) => {
      const payload = (item.payload ?? {}) as { receptionNumber?: unknown };
      return [
        storable(item.kind, 40),
        storable(item.id, 100),
        result.error.code,
        result.status,
        context.terminal.id,
        context.terminal.storeCode,
        context.terminal.terminalCode,
        typeof payload.receptionNumber === 'string' ? storable(payload.receptionNumber, 40) : null,
        null,
        null,
        context.receivedAt,
        context.receivedAt,
        1,
      ];
    }),
  );
}
