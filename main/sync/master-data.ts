/**
 * the sync worker's pull of master data from HQ — categories, catalog entries, the day's metal prices. It asks
 * for the changes after the version this kiosk holds, a page at a time (bounded), and applies them all in one
 * transaction with the new version, so the kiosk has either the old master data or the new, never half. Offline the
 * kiosk keeps its last version; a failed pull is recorded for the sync screen and tried again at the next cycle.
 *
 * HQ's terms, staff and settings are audited in that same transaction (issue 13 §4), like the store feed's changes:
 * the worker's connection has the chain key the main process handed over, and without it the worker pulls nothing.
 */
import { randomUUID } from 'node:crypto';
import { type MasterChange, MASTER_PAGE_MAX, masterPageSchema } from 'kaitori-sync-protocol';
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import { appendAudit } from '../services/audit.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

/** At most this many pages in one pull (500 000 changes); the rest comes at the next cycle. */
const MAX_PAGES = 1_000;

export interface MasterDataState {
  version: number;
  pulledAt: string | null;
  lastError: string | null;
}

export function readMasterDataState(db: Db): MasterDataState {
  const row = db.prepare('SELECT version, pulled_at, last_error FROM master_data_state WHERE id = 1').get() as
    | { version: number; pulled_at: string | null; last_error: string | null }
    | undefined;
  return { version: row?.version ?? 0, pulledAt: row?.pulled_at ?? null, lastError: row?.last_error ?? null };
}

/** Who HQ's change is audited as: HQ, so no member of staff and no terminal acted here. */
interface HqAudit {
  at: string;
  newId: () => string;
}

function applyChange(db: Db, change: MasterChange, audit: HqAudit): void {
  switch (change.kind) {
    case 'category': {
      const c = change.data;
      db.prepare(
        `INSERT INTO categories (id, parent_id, name_ja, name_en, always_verify, sort_order, metal, owner, active)
         VALUES (@id, @parentId, @nameJa, @nameEn, @alwaysVerify, @sortOrder, @metal, 'hq', @active)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name_ja = excluded.name_ja, name_en = excluded.name_en,
           always_verify = excluded.always_verify, sort_order = excluded.sort_order, metal = excluded.metal, owner = 'hq',
           active = excluded.active`,
      ).run({ ...c, alwaysVerify: c.alwaysVerify ? 1 : 0, active: c.active ? 1 : 0 });
      return;
    }
    case 'catalog': {
      const c = change.data;
      db.prepare(
        `INSERT INTO catalog_items (code, name, maker, model, category_id, attributes, source, created_at, updated_at)
         VALUES (@code, @name, @maker, @model, @categoryId, @attributes, 'hq', @at, @at)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, maker = excluded.maker, model = excluded.model,
           category_id = excluded.category_id, attributes = excluded.attributes, source = 'hq', updated_at = excluded.updated_at`,
      ).run({ ...c, attributes: JSON.stringify(c.attributes), at: change.publishedAt });
      return;
    }
    case 'metal_price': {
      const p = change.data;
      db.prepare(
        `INSERT OR IGNORE INTO metal_prices (id, metal, business_date, price_per_gram, set_by, set_at, source)
         VALUES (?, ?, ?, ?, NULL, ?, 'hq')`,
      ).run(`hq-${change.version}`, p.metal, p.businessDate, p.pricePerGram, change.publishedAt);
      return;
    }
    case 'terms': {
      // S-09: HQ's text becomes the terms in force under the next local version, so a wizard whose customer agreed to
      // an earlier version asks again, exactly as after a manager's save (settlement execute checks the version).
      const version = (db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM agreement_terms').get() as { v: number }).v;
      db.prepare('UPDATE agreement_terms SET active = 0 WHERE active = 1').run();
      db.prepare(
        `INSERT INTO agreement_terms (version, title, body, active, created_at, created_by, owner, hq_version)
         VALUES (?, ?, ?, 1, ?, NULL, 'hq', ?)`,
      ).run(version, change.data.title, change.data.body, change.publishedAt, change.version);
      auditHq(db, audit, 'master_data.terms', 'settings', 'settings.terms', { version, hqVersion: change.version });
      return;
    }
    case 'staff': {
      // HQ's staff master wins: a store-owned account with the same code becomes HQ's (the code is the person's card),
      // and one known only from the store feed (another PC's, N-03) becomes a real account here.
      const s = change.data;
      const existing = db.prepare('SELECT id FROM staff WHERE code = ?').get(s.code) as { id: string } | undefined;
      const id = existing?.id ?? randomUUID();
      if (existing) {
        db.prepare(`UPDATE staff SET name = ?, role = ?, pin_hash = ?, active = ?, owner = 'hq', remote = 0 WHERE id = ?`).run(s.name, s.role, s.pinHash, s.active ? 1 : 0, id);
      } else {
        db.prepare(
          `INSERT INTO staff (id, store_id, code, name, role, pin_hash, active, created_at, owner)
           VALUES (?, (SELECT id FROM stores ORDER BY created_at LIMIT 1), ?, ?, ?, ?, ?, ?, 'hq')`,
        ).run(id, s.code, s.name, s.role, s.pinHash, s.active ? 1 : 0, change.publishedAt);
      }
      // Never the hash in the audit: only who, which role, whether active.
      auditHq(db, audit, 'master_data.staff', 'staff', id, { code: s.code, role: s.role, active: s.active, hqVersion: change.version });
      return;
    }
    case 'setting': {
      const { key, value } = change.data;
      db.prepare(
        `INSERT INTO settings (key, value, updated_at, owner) VALUES (?, ?, ?, 'hq')
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, owner = 'hq'`,
      ).run(key, JSON.stringify(value), change.publishedAt);
      auditHq(db, audit, 'master_data.setting', 'settings', `settings.${key}`, { key, hqVersion: change.version });
      return;
    }
  }
}

function auditHq(db: Db, audit: HqAudit, action: string, entity: string, entityId: string, detail: Record<string, unknown>): void {
  appendAudit(db, audit.at, audit.newId, { staffId: null, terminalId: null, action, entity, entityId, detail });
}

/**
 * The latest HQ terms change this kiosk applied (0: none). The main process reads it at each worker status: HQ's new
 * terms void a customer's agreement to the old ones on their screen (V-02); a manager's own save does not move it.
 */
export function latestHqTermsVersion(db: Db): number {
  return (cachedStatement(db, 'SELECT COALESCE(MAX(hq_version), 0) AS v FROM agreement_terms').get() as { v: number }).v;
}

/**
 * Applies changes (oldest first), their audit entries and `version`, in one transaction. A connection without the
 * audit key refuses terms, staff and settings whole (appendAudit fails closed): nothing applied, nothing to audit later.
 */
export function applyMasterData(db: Db, changes: readonly MasterChange[], version: number, at: string, newId: () => string = randomUUID): void {
  writeTransaction(db, () => {
    for (const change of changes) applyChange(db, change, { at, newId });
    db.prepare('UPDATE master_data_state SET version = MAX(version, ?), pulled_at = ?, last_error = NULL WHERE id = 1').run(version, at);
  });
}

/** Why a pull failed, as 本部連携 says it: a code the screen translates, then the detail for IT. */
export type MasterPullFailure = 'UNREACHABLE' | 'HQ_REFUSED' | 'INVALID_DATA' | 'APPLY_FAILED';

class MasterPullError extends Error {
  constructor(
    readonly code: MasterPullFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** `CODE: detail` (≤ 300 characters) for master_data_state.last_error. */
function pullFailureReason(error: unknown): string {
  const detail = error instanceof Error ? error.message : 'unknown';
  const code: MasterPullFailure =
    error instanceof MasterPullError
      ? error.code
      : // fetch's own failures (no route, refused, timed out) — the kiosk is offline as far as HQ goes.
        error instanceof TypeError || (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
        ? 'UNREACHABLE'
        : 'APPLY_FAILED';
  return `${code}: ${detail}`.slice(0, 300);
}

export interface MasterDataPullerDeps {
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  clock?: () => Date;
}

export class MasterDataPuller {
  private readonly fetch: typeof fetch;
  private readonly requestTimeoutMs: number;
  private readonly clock: () => Date;

  constructor(
    private readonly db: Db,
    private readonly config: { hqUrl: string; token: string },
    deps: MasterDataPullerDeps = {},
  ) {
    this.fetch = deps.fetch ?? fetch;
    this.requestTimeoutMs = deps.requestTimeoutMs ?? 15_000;
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Pulls and applies everything after the held version; returns the version now held and how many changes came. */
  async pull(signal?: AbortSignal): Promise<{ version: number; applied: number }> {
    const held = readMasterDataState(this.db).version;
    let since = held;
    const changes: MasterChange[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const timeout = AbortSignal.timeout(this.requestTimeoutMs);
      const response = await this.fetch(this.url(`api/v1/master-data?since=${since}&limit=${MASTER_PAGE_MAX}`), {
        headers: { authorization: `Bearer ${this.config.token}` },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (!response.ok) throw new MasterPullError('HQ_REFUSED', `HTTP ${response.status}`);
      const parsed = masterPageSchema.safeParse(await response.json());
      if (!parsed.success) {
        // Shown on 本部連携: say which change and field HQ got wrong, not the schema dump.
        const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
        throw new MasterPullError('INVALID_DATA', reasons);
      }
      const body = parsed.data;
      changes.push(...body.changes);
      since = body.version;
      if (!body.more) break;
    }
    applyMasterData(this.db, changes, since, this.clock().toISOString());
    return { version: since, applied: changes.length };
  }

  /** The loop's hook: a failed pull never stops the sync; its reason waits on the sync screen until one succeeds. */
  async pullQuietly(signal?: AbortSignal): Promise<void> {
    try {
      await this.pull(signal);
    } catch (error) {
      if (signal?.aborted) return;
      const reason = pullFailureReason(error);
      try {
        this.db.prepare('UPDATE master_data_state SET last_error = ? WHERE id = 1').run(reason);
      } catch {
        // The database busy: the next cycle tries again anyway.
      }
    }
  }

  private url(path: string): string {
    return new URL(path, this.config.hqUrl.endsWith('/') ? this.config.hqUrl : `${this.config.hqUrl}/`).toString();
  }
}
