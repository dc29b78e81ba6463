/**
 * N-03, the store feed: every counter PC of a store sees the whole store's receptions. The sync worker asks HQ for
 * the store's reception changes after the cursor it holds (GET /api/v1/store/receptions) and writes other PCs'
 * receptions into this database as ordinary rows of `receptions` — so the list, the appraisal screen and the
 * settlement wizard work on them unchanged — one transaction per page with the cursor and an audit entry per
 * reception. Nothing goes to the outbox: the change came from HQ.
 *
 * What it never does:
 * - overwrite this PC's own change (the change's terminal is this one) or a version not newer than the one held;
 * - touch a reception settled here (the ledger record is fixed, migration 026);
 * - add anything to this PC's ledger, stock or till for a reception settled elsewhere: it only shows as settled (by
 *   that PC). The settling PC holds the settlement; HQ holds the store's whole ledger.
 */
import { randomUUID } from 'node:crypto';
import {
  type MemberPayload,
  type ReceptionItemPayload,
  type ReceptionPayload,
  STORE_FEED_PAGE_MAX,
  type StoreFeedEntry,
  type StoreFeedMember,
  storeFeedPageSchema,
} from 'kaitori-sync-protocol';
import type { Db } from '../../db/open.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { appendAudit, bindAuditKeys } from '../services/audit.ts';
import { enqueueOutbox } from '../services/outbox.ts';
import { hqUrl } from './hq-request.ts';
import { abortableSleep } from './loop.ts';
import type { WorkerAuditKey } from './sync-client.ts';

/** At most this many pages in one pull (40 000 changes); the rest comes at the next one. */
const MAX_PAGES = 200;
/** A secret no password or PIN hashes to: another PC's terminal and staff never sign in here. */
const NO_SECRET = '!remote';
export const STORE_FEED_AUDIT_ACTION = 'reception.store_feed';
export const STORE_FEED_MEMBER_AUDIT_ACTION = 'customer.store_feed';

export interface StoreFeedState {
  cursor: number;
  pulledAt: string | null;
  appliedAt: string | null;
  lastError: string | null;
}

export function readStoreFeedState(db: Db): StoreFeedState {
  const row = db.prepare('SELECT cursor, pulled_at, applied_at, last_error FROM store_feed_state WHERE id = 1').get() as
    | { cursor: number; pulled_at: string | null; applied_at: string | null; last_error: string | null }
    | undefined;
  return {
    cursor: row?.cursor ?? 0,
    pulledAt: row?.pulled_at ?? null,
    appliedAt: row?.applied_at ?? null,
    lastError: row?.last_error ?? null,
  };
}

export interface ApplyContext {
  /** This PC's terminal code: its own changes come back in the feed and are skipped. */
  terminalCode: string;
  at: string;
  newId?: () => string;
}

/** Applies one page and moves the cursor, in one transaction; returns how many receptions and members changed here. */
export function applyStoreFeedPage(
  db: Db,
  entries: readonly StoreFeedEntry[],
  cursor: number,
  context: ApplyContext,
  members: readonly StoreFeedMember[] = [],
): number {
  const newId = context.newId ?? randomUUID;
  return writeTransaction(db, () => {
    let applied = 0;
    // Members first: a reception of the page may name one.
    for (const { member } of members) {
      if (applyMember(db, member, context, newId)) applied++;
    }
    for (const { reception } of entries) {
      if (applyReception(db, reception, context, newId)) applied++;
    }
    db.prepare(
      `UPDATE store_feed_state SET cursor = MAX(cursor, ?), pulled_at = ?, last_error = NULL,
         applied_at = CASE WHEN ? > 0 THEN ? ELSE applied_at END WHERE id = 1`,
    ).run(cursor, context.at, applied, context.at);
    return applied;
  });
}

/**
 * A member registered at another PC: found here by number, name, reading and phone. Their address, birth date and
 * occupation stay on the registering PC (empty here); a member number or id already known here is left as it is.
 */
function applyMember(db: Db, m: MemberPayload, context: ApplyContext, newId: () => string): boolean {
  if (m.terminalCode === context.terminalCode) return false;
  if (db.prepare('SELECT 1 FROM customers WHERE id = ? OR member_number = ?').get(m.customerId, m.memberNumber)) return false;
  const createdAt = new Date(m.createdAt).toISOString();
  db.prepare(
    `INSERT INTO customers (id, member_number, name, name_kana, phone, created_at, updated_at, from_terminal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.customerId, m.memberNumber, m.name, m.nameKana, m.phone, createdAt, createdAt, m.terminalCode);
  appendAudit(db, context.at, newId, {
    staffId: null,
    terminalId: null,
    action: STORE_FEED_MEMBER_AUDIT_ACTION,
    entity: 'customer',
    entityId: m.customerId,
    detail: { memberNumber: m.memberNumber, terminal: m.terminalCode, staff: m.staffCode },
  });
  return true;
}

interface HeldRow {
  id: string;
  version: number;
  status: string;
}

function applyReception(db: Db, r: ReceptionPayload, context: ApplyContext, newId: () => string): boolean {
  if (r.terminalCode === context.terminalCode) return false;
  const held = db.prepare('SELECT id, version, status FROM receptions WHERE id = ?').get(r.receptionId) as HeldRow | undefined;
  if (held && held.version >= r.version) return false;
  // Settled or cancelled here: a ledger record (or a closed number) this PC owns; nothing from elsewhere changes it.
  if (held && (held.status === 'settled' || held.status === 'cancelled')) return false;
  const store = db.prepare('SELECT id FROM stores WHERE code = ?').get(r.storeCode) as { id: string } | undefined;
  // Another store's reception never reaches this PC (HQ serves the token's own store); refuse to guess a store.
  if (!store) return false;
  if (r.status === 'deleted') {
    if (!held) return false;
    db.prepare('DELETE FROM receptions WHERE id = ?').run(r.receptionId);
  } else {
    upsertReception(db, store.id, r, newId, context.at);
  }
  appendAudit(db, context.at, newId, {
    staffId: null,
    terminalId: null,
    action: STORE_FEED_AUDIT_ACTION,
    entity: 'reception',
    entityId: r.receptionId,
    // Never personal data: the number, the version and who changed it.
    detail: { number: r.receptionNumber, version: r.version, status: r.status, terminal: r.terminalCode, staff: r.staffCode },
  });
  return true;
}

function upsertReception(db: Db, storeId: string, r: ReceptionPayload, newId: () => string, at: string): void {
  const originTerminal = r.originTerminalCode ?? r.terminalCode;
  const terminalId = terminalIdFor(db, storeId, originTerminal, r.receptionNumber, newId, at);
  const staffId = staffIdFor(db, storeId, r.originStaffCode ?? r.staffCode, newId, at);
  const customerId = r.memberNumber
    ? ((db.prepare('SELECT id FROM customers WHERE member_number = ?').get(r.memberNumber) as { id: string } | undefined)?.id ?? null)
    : null;
  const owners = { storeId, terminalId, staffId, customerId };
  // Inserted first as an open reception so its items may be written; the change's status (perhaps settled) comes
  // last, once the items are what it says. No UPSERT: its conflict clause would override the search triggers' own
  // INSERT OR IGNORE (migration 030) and fail on a reception already marked for the index.
  if (!db.prepare('SELECT 1 FROM receptions WHERE id = ?').get(r.receptionId)) {
    db.prepare(
      `INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, customer_id, seller_name, seller_name_kana,
          status, adjustment_amount, adjustment_reason, note, suspected_stolen, version, item_count, items_total,
          created_at, updated_at, changed_by_terminal)
       VALUES (@id, @number, @storeId, @terminalId, @staffId, @customerId, @sellerName, @sellerNameKana, 'received',
          @adjustmentAmount, @adjustmentReason, @note, @suspectedStolen, 0, 0, 0, @createdAt, @changedAt, @changedBy)`,
    ).run(receptionParams(r, owners));
  }
  if (r.items) replaceItems(db, r.receptionId, r.items, at);
  db.prepare(
    `UPDATE receptions SET customer_id = COALESCE(customer_id, @customerId), status = @status,
        adjustment_amount = @adjustmentAmount, adjustment_reason = @adjustmentReason, note = @note,
        suspected_stolen = @suspectedStolen, version = @version, item_count = @itemCount, items_total = @itemsTotal,
        updated_at = @changedAt, changed_by_terminal = @changedBy
      WHERE id = @id`,
  ).run(receptionParams(r, owners));
}

interface Owners {
  storeId: string;
  terminalId: string;
  staffId: string;
  customerId: string | null;
}

function receptionParams(r: ReceptionPayload, owners: Owners) {
  return {
    id: r.receptionId,
    number: r.receptionNumber,
    ...owners,
    sellerName: r.sellerName,
    sellerNameKana: r.sellerNameKana,
    status: r.status,
    adjustmentAmount: r.adjustmentAmount,
    adjustmentReason: r.adjustmentReason ?? '',
    note: r.note ?? '',
    suspectedStolen: r.suspectedStolen ? 1 : 0,
    version: r.version,
    itemCount: r.itemCount,
    itemsTotal: r.itemsTotal,
    createdAt: new Date(r.createdAt).toISOString(),
    changedAt: new Date(r.changedAt).toISOString(),
    changedBy: r.terminalCode,
  };
}

/**
 * Makes the reception's items what the change says. An item of a category this PC does not know yet gets a placeholder
 * category, so goods are never dropped from what is paid for.
 */
function replaceItems(db: Db, receptionId: string, items: readonly ReceptionItemPayload[], at: string): void {
  const keep = new Set(items.map((item) => item.id));
  const existing = db.prepare('SELECT id FROM reception_items WHERE reception_id = ?').all(receptionId) as { id: string }[];
  const remove = db.prepare('DELETE FROM reception_items WHERE id = ?');
  for (const { id } of existing) if (!keep.has(id)) remove.run(id);
  const held = new Set(existing.map((row) => row.id));
  const insert = db.prepare(
    `INSERT INTO reception_items (id, reception_id, position, stock_code, category_id, name, maker, model, serial, colour,
        features, grade, quantity, unit_price, product_code, weight_cg, metal_price_per_gram, ec_publish, cancelled,
        created_at, updated_at)
     VALUES (@id, @receptionId, @position, @stockCode, @categoryId, @name, @maker, @model, @serial, @colour, @features,
        @grade, @quantity, @unitPrice, @productCode, @weightCg, @metalPricePerGram, @ecPublish, @cancelled, @createdAt, @at)`,
  );
  const update = db.prepare(
    `UPDATE reception_items SET position = @position, category_id = @categoryId, name = @name, maker = @maker,
        model = @model, serial = @serial, colour = @colour, features = @features, grade = @grade, quantity = @quantity,
        unit_price = @unitPrice, product_code = @productCode, weight_cg = @weightCg,
        metal_price_per_gram = @metalPricePerGram, ec_publish = @ecPublish, cancelled = @cancelled, updated_at = @at
      WHERE id = @id AND reception_id = @receptionId`,
  );
  for (const item of items) {
    ensureCategory(db, item.categoryId);
    const params = {
      ...item,
      receptionId,
      ecPublish: item.ecPublish ? 1 : 0,
      cancelled: item.cancelled ? 1 : 0,
      createdAt: new Date(item.createdAt).toISOString(),
      at,
    };
    (held.has(item.id) ? update : insert).run(params);
  }
}

function ensureCategory(db: Db, categoryId: string): void {
  if (db.prepare('SELECT 1 FROM categories WHERE id = ?').get(categoryId)) return;
  // Master data not pulled yet here (or a category the other PC made itself): named by its id until it arrives.
  db.prepare('INSERT INTO categories (id, name_ja, name_en) VALUES (?, ?, ?)').run(categoryId, categoryId, categoryId);
}

/** The local row standing for another PC's terminal (created the first time one of its receptions arrives). */
function terminalIdFor(db: Db, storeId: string, code: string, receptionNumber: string, newId: () => string, at: string): string {
  const known = db.prepare('SELECT id FROM terminals WHERE code = ?').get(code) as { id: string } | undefined;
  if (known) return known.id;
  // The number names the terminal's number (S001-01-20261127-0007): keep it, unless this store already uses it here.
  const fromNumber = Number(/^[^-]+-(\d{2})-/.exec(receptionNumber)?.[1] ?? Number.NaN);
  const used = new Set((db.prepare('SELECT number FROM terminals WHERE store_id = ?').all(storeId) as { number: number }[]).map((t) => t.number));
  let number = Number.isInteger(fromNumber) && fromNumber >= 1 && fromNumber <= 99 && !used.has(fromNumber) ? fromNumber : 0;
  for (let candidate = 99; number === 0 && candidate >= 1; candidate--) if (!used.has(candidate)) number = candidate;
  const id = newId();
  db.prepare(
    `INSERT INTO terminals (id, store_id, code, number, name, password_hash, created_at, remote)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
  ).run(id, storeId, code, number, code, NO_SECRET, at);
  return id;
}

function staffIdFor(db: Db, storeId: string, code: string, newId: () => string, at: string): string {
  const known = db.prepare('SELECT id FROM staff WHERE code = ?').get(code) as { id: string } | undefined;
  if (known) return known.id;
  const id = newId();
  db.prepare(
    `INSERT INTO staff (id, store_id, code, name, role, pin_hash, active, created_at, remote)
     VALUES (?, ?, ?, ?, 'clerk', ?, 0, ?, 1)`,
  ).run(id, storeId, code, code, NO_SECRET, at);
  return id;
}

export interface StoreFeedConfig {
  hqUrl: string;
  token: string;
  terminalCode: string;
}

export interface StoreFeedPullerDeps {
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  clock?: () => Date;
  pageSize?: number;
  /** After a page changed receptions here: the worker tells the main process (the list refreshes). */
  onApplied?: (applied: number) => void;
}

/**
 * N-03: the members this PC registered before it joined its store's HQ (or before this version sent members at all)
 * go to HQ once, so the store's other counters find them too. Members that came from another PC are never sent back;
 * one already queued is not queued twice. Runs in the sync worker before its first push; returns how many it queued.
 */
export function shareExistingMembers(
  db: Db,
  connection: { storeCode: string; terminalCode: string },
  at: string,
  newId: () => string = randomUUID,
): number {
  const state = db.prepare('SELECT members_shared FROM store_feed_state WHERE id = 1').get() as { members_shared: number } | undefined;
  if (!state || state.members_shared === 1) return 0;
  // Who registered each member (one pass over the audit log, outside the write: it can be long after five years).
  const registeredBy = new Map(
    (
      db
        .prepare(`SELECT a.entity_id, s.code FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.action = 'customer.create'`)
        .all() as { entity_id: string; code: string }[]
    ).map((row) => [row.entity_id, row.code]),
  );
  return writeTransaction(db, () => {
    const members = db
      .prepare(
        `SELECT c.id, c.member_number, c.name, c.name_kana, c.phone, c.created_at FROM customers c
          WHERE c.from_terminal IS NULL AND c.member_number <> '' AND c.name <> ''
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'member' AND json_extract(o.payload, '$.customerId') = c.id)`,
      )
      .all() as { id: string; member_number: string; name: string; name_kana: string | null; phone: string | null; created_at: string }[];
    for (const member of members) {
      const changeId = newId();
      enqueueOutbox(db, 'member', changeId, at, {
        schemaVersion: 1,
        changeId,
        customerId: member.id,
        memberNumber: member.member_number,
        storeCode: connection.storeCode,
        terminalCode: connection.terminalCode,
        staffCode: registeredBy.get(member.id) ?? connection.terminalCode,
        name: member.name,
        nameKana: member.name_kana ?? '',
        phone: member.phone ?? '',
        createdAt: new Date(member.created_at).toISOString(),
      });
    }
    db.prepare('UPDATE store_feed_state SET members_shared = 1 WHERE id = 1').run();
    return members.length;
  });
}

/** Why a pull failed, in the same words 本部連携 uses for the master-data pull. */
export type StoreFeedFailure = 'UNREACHABLE' | 'HQ_REFUSED' | 'INVALID_DATA' | 'APPLY_FAILED';

class StoreFeedError extends Error {
  constructor(
    readonly code: StoreFeedFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export class StoreFeedPuller {
  private readonly fetch: typeof fetch;
  private readonly requestTimeoutMs: number;
  private readonly clock: () => Date;
  private readonly pageSize: number;
  /** One pull at a time: the loop's hook and the short online period may both ask. */
  private pulling: Promise<number> | null = null;

  constructor(
    private readonly db: Db,
    private readonly config: StoreFeedConfig,
    private readonly deps: StoreFeedPullerDeps = {},
  ) {
    this.fetch = deps.fetch ?? fetch;
    this.requestTimeoutMs = deps.requestTimeoutMs ?? 15_000;
    this.clock = deps.clock ?? (() => new Date());
    this.pageSize = Math.min(deps.pageSize ?? STORE_FEED_PAGE_MAX, STORE_FEED_PAGE_MAX);
  }

  /** Pulls every page after the held cursor; each page is applied (and the cursor kept) before the next is asked. */
  pull(signal?: AbortSignal): Promise<number> {
    this.pulling ??= this.pullPages(signal).finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  private async pullPages(signal?: AbortSignal): Promise<number> {
    let applied = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const after = readStoreFeedState(this.db).cursor;
      const timeout = AbortSignal.timeout(this.requestTimeoutMs);
      const response = await this.fetch(hqUrl(this.config.hqUrl, `api/v1/store/receptions?after=${after}&limit=${this.pageSize}`), {
        headers: { authorization: `Bearer ${this.config.token}` },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      }).catch((error: unknown) => {
        throw new StoreFeedError('UNREACHABLE', error instanceof Error ? error.message : String(error));
      });
      if (!response.ok) throw new StoreFeedError('HQ_REFUSED', `HQ answered ${response.status} to the store feed`);
      const parsed = storeFeedPageSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new StoreFeedError('INVALID_DATA', parsed.error.issues[0]?.message ?? 'not a store feed page');
      const body = parsed.data;
      let changed: number;
      try {
        changed = applyStoreFeedPage(
          this.db,
          body.receptions,
          body.cursor,
          { terminalCode: this.config.terminalCode, at: this.clock().toISOString() },
          body.members ?? [],
        );
      } catch (error) {
        throw new StoreFeedError('APPLY_FAILED', error instanceof Error ? error.message : String(error));
      }
      applied += changed;
      if (changed > 0) this.deps.onApplied?.(changed);
      if (!body.more) break;
    }
    return applied;
  }

  /** The loop's hook: a failed pull never stops the sync; its reason is kept until one succeeds. */
  async pullQuietly(signal?: AbortSignal): Promise<void> {
    try {
      await this.pull(signal);
    } catch (error) {
      if (signal?.aborted) return;
      // `CODE: detail`, as the master-data pull keeps it: 本部連携 says the code in words, the detail is for IT.
      const reason = (error instanceof StoreFeedError ? `${error.code}: ${error.message}` : `APPLY_FAILED: ${String(error)}`).slice(0, 200);
      try {
        this.db.prepare('UPDATE store_feed_state SET last_error = ? WHERE id = 1').run(reason);
      } catch {
        // The database busy: the next pull tries again anyway.
      }
    }
  }

  /**
   * While HQ answers, pull every periodMs so another PC's change shows here within the 2 s the store expects; while
   * it does not (isOnline false), wait: the loop's probe finds HQ back and its hook pulls at once.
   */
  async runWhileOnline(signal: AbortSignal, periodMs: number, isOnline: () => boolean): Promise<void> {
    while (!signal.aborted) {
      if (isOnline()) await this.pullQuietly(signal);
      await abortableSleep(periodMs, signal);
    }
  }
}

/** The worker's own connection appends to the same chain: it seals with the main process's current key. */
export function bindWorkerAuditKey(db: Db, auditKey: WorkerAuditKey): void {
  const key = Buffer.from(auditKey.keyHex, 'hex');
  bindAuditKeys(db, { current: { keyId: auditKey.keyId, key }, find: (keyId) => (keyId === auditKey.keyId ? key : null) });
}
