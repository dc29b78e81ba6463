/**
 * the sync worker's pull of master data from HQ — categories, catalog entries, the day's metal prices. It asks
 * for the changes after the version this kiosk holds, a page at a time (bounded), and applies them all in one
 * transaction with the new version, so the kiosk has either the old master data or the new, never half. Offline the
 * kiosk keeps its last version; a failed pull is recorded for the sync screen and tried again at the next cycle.
 */
import { type MasterChange, MASTER_PAGE_MAX, masterPageSchema } from 'kaitori-sync-protocol';
import type { Db } from '../../db/open.ts';
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

function applyChange(db: Db, change: MasterChange): void {
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
  }
}

/** Applies changes (oldest first) and records `version`, in one transaction. */
export function applyMasterData(db: Db, changes: readonly MasterChange[], version: number, at: string): void {
  writeTransaction(db, () => {
    for (const change of changes) applyChange(db, change);
    db.prepare('UPDATE master_data_state SET version = MAX(version, ?), pulled_at = ?, last_error = NULL WHERE id = 1').run(version, at);
  });
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
      if (!response.ok) throw new Error(`HQ answered ${response.status} to the master-data pull`);
      const body = masterPageSchema.parse(await response.json());
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
      const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown';
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
