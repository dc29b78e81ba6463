/**
 * The sync badge (D-06, D-08): what the renderer shows about the outbox. A pure function of an outbox summary and
 * the time, so it is table-tested and the worker and the main process compute it the same way.
 */
import type { Db } from '../../db/open.ts';
import { isSyncWarning, unsentAgeMinutes } from '../../common/sync-age.ts';
import type { SyncStatus } from '../../preload/types.ts';
import { readChainDivergence } from './chain-report.ts';

// The shape crosses IPC, so it is defined once in the contract's types.
export type { SyncStatus };

export interface OutboxSummary {
  backlog: number;
  dead: number;
  oldestCreatedAt: string | null;
  /** The last error of the oldest row that has one. */
  lastError: string | null;
}

export interface StatusContext {
  configured: boolean;
  online: boolean;
  now: Date;
  lastSyncAt: string | null;
  /** The last transport-level failure (HQ unreachable, 5xx, timeout), which no row may record yet. */
  transportError?: string | null;
  /** HQ's report that this kiosk's audit chain diverged from what HQ anchored (B-05). */
  chainDivergence?: SyncStatus['chainDivergence'];
}

export function computeSyncStatus(summary: OutboxSummary, context: StatusContext): SyncStatus {
  const chainDivergence = context.chainDivergence ?? null;
  return {
    configured: context.configured,
    online: context.online,
    backlog: summary.backlog,
    dead: summary.dead,
    oldestUnsentAt: summary.oldestCreatedAt,
    oldestAgeMinutes: unsentAgeMinutes(summary.oldestCreatedAt, context.now),
    warning: isSyncWarning({ dead: summary.dead, chainDivergence, oldestUnsentAt: summary.oldestCreatedAt }, context.now),
    lastError: context.online ? summary.lastError : (context.transportError ?? summary.lastError),
    lastSyncAt: context.lastSyncAt,
    chainDivergence,
  };
}

export function summarizeOutbox(db: Db): OutboxSummary {
  const counts = db
    .prepare(
      `SELECT COUNT(*) AS backlog, COALESCE(SUM(dead_at IS NOT NULL), 0) AS dead, MIN(created_at) AS oldest
       FROM outbox`,
    )
    .get() as { backlog: number; dead: number; oldest: string | null };
  const failing = db
    .prepare('SELECT last_error FROM outbox WHERE last_error IS NOT NULL ORDER BY dead_at IS NULL, seq LIMIT 1')
    .get() as { last_error: string } | undefined;
  return {
    backlog: counts.backlog,
    dead: counts.dead,
    oldestCreatedAt: counts.oldest,
    lastError: failing?.last_error ?? null,
  };
}

export function readLastSyncAt(db: Db): string | null {
  const row = db.prepare("SELECT value FROM sync_state WHERE key = 'last_sync_at'").get() as
    | { value: string }
    | undefined;
  return row?.value ?? null;
}

/** The badge straight from the kiosk database, e.g. before provisioning or while the worker is not running. */
export function readSyncStatus(db: Db, context: Omit<StatusContext, 'lastSyncAt' | 'chainDivergence'>): SyncStatus {
  return computeSyncStatus(summarizeOutbox(db), {
    ...context,
    lastSyncAt: readLastSyncAt(db),
    chainDivergence: readChainDivergence(db),
  });
}
