/**
 * The sync worker's SQL on the outbox (D-06, issue 13 §1–§2). The worker writes on its own connection while the
 * counter settles, so every write here is one short IMMEDIATE transaction of a few indexed statements, never held
 * across a network call: the counter waits at most a few milliseconds for it.
 */
import type { OutboxKind } from 'kaitori-sync-protocol';
import { type Db, openDatabase } from '../../db/open.ts';
import type { SyncSetAsideRow } from '../../preload/types.ts';

/**
 * The worker's own connection. Its commits need not wait for the disk (synchronous=NORMAL on this connection only;
 * the counter's stay FULL): every one of them can be lost in a power cut without harm — an acknowledged row that
 * comes back is sent again and HQ answers `duplicate`, a set-aside mark that comes back is refused again. That keeps
 * the worker's lock short and spares a disk flush per batch.
 */
export function openWorkerDatabase(file: string): Db {
  const db = openDatabase(file);
  db.pragma('synchronous = NORMAL');
  return db;
}

export interface QueuedRow {
  seq: number;
  kind: OutboxKind;
  aggregate_id: string;
  payload: string;
  /** 1 when payload is well-formed JSON (checked by SQLite, so the pusher can send the text as it is). */
  valid_json: number;
  attempts: number;
  strikes: number;
  last_failed_at: string | null;
}

/** Live rows whose retry time has come, oldest first. */
export function dueRows(db: Db, now: string, limit: number): QueuedRow[] {
  return db
    .prepare(
      `SELECT seq, kind, aggregate_id, payload, json_valid(payload) AS valid_json, attempts, strikes, last_failed_at
       FROM outbox WHERE dead_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY seq LIMIT ?`,
    )
    .all(now, limit) as QueuedRow[];
}

/**
 * When the next live row may be sent: undefined when nothing live is queued, null when one is due now, else the
 * earliest retry time.
 */
export function nextDueAt(db: Db): string | null | undefined {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS live, MAX(next_attempt_at IS NULL) AS now, MIN(next_attempt_at) AS earliest
       FROM outbox WHERE dead_at IS NULL`,
    )
    .get() as { live: number; now: number | null; earliest: string | null };
  if (row.live === 0) return undefined;
  return row.now === 1 ? null : row.earliest;
}

export function countLive(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE dead_at IS NULL').get() as { n: number }).n;
}

/** A failed send of one row: its new counters and, when it is set aside, since when. */
export interface RowFailure {
  seq: number;
  error: string;
  attempts: number;
  strikes: number;
  nextAttemptAt: string | null;
  deadAt: string | null;
}

export interface ExchangeRecord {
  now: string;
  /** HQ holds these (stored or duplicate): they leave the outbox. */
  stored: number[];
  failures: RowFailure[];
  /** Whether HQ answered at all (an exchange, not just a row failure): updates last_sync_at. */
  answered: boolean;
  /** Sync facts to keep with the exchange (HQ's chain anchor and verdict). */
  state?: Record<string, string | null>;
}

/** Writes what one exchange with HQ taught, in one short IMMEDIATE transaction. */
export function recordExchange(db: Db, record: ExchangeRecord): void {
  const remove = db.prepare('DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))');
  const fail = db.prepare(
    `UPDATE outbox SET attempts = ?, strikes = ?, last_error = ?, last_failed_at = ?, next_attempt_at = ?, dead_at = ?
     WHERE seq = ?`,
  );
  const setState = db.prepare(
    'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const clearState = db.prepare('DELETE FROM sync_state WHERE key = ?');
  db.transaction(() => {
    if (record.stored.length > 0) remove.run(JSON.stringify(record.stored));
    for (const f of record.failures) {
      fail.run(f.attempts, f.strikes, f.error.slice(0, 500), record.now, f.nextAttemptAt, f.deadAt, f.seq);
    }
    if (record.answered) setState.run('last_sync_at', record.now);
    if (record.stored.length > 0) setState.run('last_stored_at', record.now);
    for (const [key, value] of Object.entries(record.state ?? {})) {
      if (value === null) clearState.run(key);
      else setState.run(key, value);
    }
  }).immediate();
}

export function readSyncState(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** The shape crosses IPC to the sync screen, so it is defined once in the contract's types. */
export type SetAsideRow = SyncSetAsideRow;

/** Rows set aside (dead letters), for the manager's sync screen; oldest first. */
export function listSetAside(db: Db, limit = 200): SetAsideRow[] {
  const rows = db
    .prepare(
      `SELECT seq, kind, aggregate_id, created_at, dead_at, attempts, last_error,
         CASE WHEN json_valid(payload) THEN json_extract(payload, '$.receptionNumber') END AS reception_number
       FROM outbox WHERE dead_at IS NOT NULL ORDER BY seq LIMIT ?`,
    )
    .all(limit) as {
    seq: number;
    kind: OutboxKind;
    aggregate_id: string;
    created_at: string;
    dead_at: string;
    attempts: number;
    last_error: string | null;
    reception_number: unknown;
  }[];
  return rows.map((row) => {
    const reason = row.last_error ?? '';
    const colon = reason.indexOf(':');
    return {
      seq: row.seq,
      kind: row.kind,
      aggregateId: row.aggregate_id,
      receptionNumber: typeof row.reception_number === 'string' ? row.reception_number : null,
      createdAt: row.created_at,
      deadAt: row.dead_at,
      attempts: row.attempts,
      code: (colon >= 0 ? reason.slice(0, colon) : reason).trim() || 'UNKNOWN',
      detail: colon >= 0 ? reason.slice(colon + 1).trim() : '',
    };
  });
}

/**
 * Puts set-aside rows back in the queue after the cause was fixed (one row, or all): sent at the next cycle, with a
 * clean count of strikes. The last error stays until the row is sent, so the screen still says why it waited.
 */
export function requeueSetAside(db: Db, seq?: number): number {
  const sql = `UPDATE outbox SET dead_at = NULL, next_attempt_at = NULL, strikes = 0, last_failed_at = NULL
               WHERE dead_at IS NOT NULL${seq === undefined ? '' : ' AND seq = ?'}`;
  return db
    .transaction(() => db.prepare(sql).run(...(seq === undefined ? [] : [seq])).changes)
    .immediate();
}
