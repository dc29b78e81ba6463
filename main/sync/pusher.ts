/**
 * Sends the outbox to HQ (D-06, D-08). Rows go in `seq` order, a batch at a time, each under its aggregate UUID, which
 * HQ treats as the idempotency key. A row is deleted only in the transaction that records HQ's acknowledgement, so a
 * crash or a lost answer at any point leads to a resend that HQ recognises as a duplicate: exactly one copy at HQ.
 *
 * Failures: a transport failure (unreachable, timeout, 5xx, 401) leaves the batch queued with attempts+1, last_error
 * and next_attempt_at = now + full-jitter exponential backoff. A row HQ refuses for good (`invalid`, `conflict`) is
 * marked dead (outbox.dead_at): kept with its error for IT to see, skipped so it never blocks the rows behind it.
 */
import type { Db } from '../../db/open.ts';

export interface PusherConfig {
  hqUrl: string;
  token: string;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

export interface PusherDeps {
  fetch?: typeof fetch;
  clock?: () => Date;
  /** In [0, 1): the jitter source. */
  random?: () => number;
  batchSize?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
}

/**
 * "Full jitter": a uniformly random wait between 0 and the exponential ceiling, so many kiosks coming back after one
 * HQ outage do not all knock at the same moment. attempts counts failures so far (1 after the first).
 */
export function backoffDelayMs(attempts: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.floor(random() * ceiling);
}

export type PushOutcome =
  | { kind: 'idle' }
  | { kind: 'waiting'; dueInMs: number }
  | { kind: 'sent'; acknowledged: number; dead: number; remaining: number }
  | { kind: 'failed'; error: string; retryInMs: number };

interface OutboxRow {
  seq: number;
  kind: 'settlement' | 'cancellation';
  aggregate_id: string;
  payload: string;
  attempts: number;
  next_attempt_at: string | null;
}

interface HqItemResult {
  id: string;
  kind: string;
  status: 'accepted' | 'conflict' | 'invalid';
  duplicate?: boolean;
  error?: { code: string; message: string };
}

class TransportError extends Error {}

export class OutboxPusher {
  private readonly fetch: typeof fetch;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly batchSize: number;
  private readonly requestTimeoutMs: number;
  private readonly backoff: BackoffPolicy;
  /** Whether the last exchange with HQ worked; feeds the sync badge. */
  online = false;
  lastTransportError: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly config: PusherConfig,
    deps: PusherDeps = {},
  ) {
    this.fetch = deps.fetch ?? globalThis.fetch;
    this.clock = deps.clock ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.batchSize = deps.batchSize ?? 100;
    this.requestTimeoutMs = deps.requestTimeoutMs ?? 30_000;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
  }

  private url(path: string): string {
    return new URL(path, this.config.hqUrl.endsWith('/') ? this.config.hqUrl : `${this.config.hqUrl}/`).toString();
  }

  private headRow(): OutboxRow | undefined {
    return this.db
      .prepare(
        `SELECT seq, kind, aggregate_id, payload, attempts, next_attempt_at FROM outbox
         WHERE dead_at IS NULL ORDER BY seq LIMIT 1`,
      )
      .get() as OutboxRow | undefined;
  }

  /** Milliseconds until the oldest live row may be sent (0 if now), or null when nothing is queued. */
  dueInMs(): number | null {
    const head = this.headRow();
    if (!head) return null;
    if (head.next_attempt_at === null) return 0;
    return Math.max(0, Date.parse(head.next_attempt_at) - this.clock().getTime());
  }

  /**
   * Sends one batch. `force` ignores the backoff wait: used when connectivity returns or a new settlement was just
   * written, so the counter never waits out a long backoff that an outage left behind.
   */
  async pushOnce(options: { force?: boolean; signal?: AbortSignal } = {}): Promise<PushOutcome> {
    const due = this.dueInMs();
    if (due === null) return { kind: 'idle' };
    if (due > 0 && !options.force) return { kind: 'waiting', dueInMs: due };

    const rows = this.db
      .prepare(
        `SELECT seq, kind, aggregate_id, payload, attempts, next_attempt_at FROM outbox
         WHERE dead_at IS NULL ORDER BY seq LIMIT ?`,
      )
      .all(this.batchSize) as OutboxRow[];
    const items: { kind: string; id: string; payload: unknown }[] = [];
    const corrupt: OutboxRow[] = [];
    for (const row of rows) {
      try {
        items.push({ kind: row.kind, id: row.aggregate_id, payload: JSON.parse(row.payload) });
      } catch {
        corrupt.push(row);
      }
    }
    if (corrupt.length > 0) this.markDead(corrupt.map((r) => ({ seq: r.seq, error: 'CORRUPT_PAYLOAD: not JSON' })));
    if (items.length === 0) return { kind: 'sent', acknowledged: 0, dead: corrupt.length, remaining: this.live() };

    const sent = rows.filter((r) => !corrupt.includes(r));
    let results: HqItemResult[];
    try {
      results = await this.post(items, options.signal);
    } catch (error) {
      const message = describe(error);
      const retryInMs = this.recordFailure(sent, message);
      this.online = false;
      this.lastTransportError = message;
      return { kind: 'failed', error: message, retryInMs };
    }
    this.online = true;
    this.lastTransportError = null;
    return this.applyResults(sent, results, corrupt.length);
  }

  /** Asks HQ whether it is reachable and the token valid; keeps the badge honest while the outbox is empty. */
  async ping(signal?: AbortSignal): Promise<boolean> {
    try {
      const response = await this.fetch(this.url('api/v1/ping'), {
        headers: { authorization: `Bearer ${this.config.token}` },
        signal: withTimeout(this.requestTimeoutMs, signal),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new TransportError(`HTTP_${response.status}`);
      this.online = true;
      this.lastTransportError = null;
    } catch (error) {
      this.online = false;
      this.lastTransportError = describe(error);
    }
    return this.online;
  }

  private async post(items: unknown[], signal: AbortSignal | undefined): Promise<HqItemResult[]> {
    const response = await this.fetch(this.url('api/v1/settlements'), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
      signal: withTimeout(this.requestTimeoutMs, signal),
    });
    const text = await response.text();
    if (!response.ok) throw new TransportError(`HTTP_${response.status}`);
    const body = JSON.parse(text) as { results?: HqItemResult[] };
    if (!Array.isArray(body.results)) throw new TransportError('BAD_RESPONSE');
    return body.results;
  }

  private applyResults(rows: OutboxRow[], results: HqItemResult[], deadSoFar: number): PushOutcome {
    const byId = new Map(results.map((r) => [r.id, r]));
    const acknowledged: number[] = [];
    const dead: { seq: number; error: string }[] = [];
    const unanswered: OutboxRow[] = [];
    for (const row of rows) {
      const result = byId.get(row.aggregate_id);
      if (!result) {
        unanswered.push(row);
      } else if (result.status === 'accepted') {
        acknowledged.push(row.seq);
      } else {
        dead.push({ seq: row.seq, error: `${result.error?.code ?? result.status}: ${result.error?.message ?? ''}` });
      }
    }
    const now = this.clock().toISOString();
    const remove = this.db.prepare('DELETE FROM outbox WHERE seq = ?');
    this.db.transaction(() => {
      for (const seq of acknowledged) remove.run(seq);
      this.db
        .prepare(
          "INSERT INTO sync_state (key, value) VALUES ('last_sync_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(now);
    })();
    this.markDead(dead);
    // HQ answered without a verdict for a row: retry it later rather than assume anything.
    if (unanswered.length > 0) this.recordFailure(unanswered, 'NO_RESULT_FROM_HQ');
    return { kind: 'sent', acknowledged: acknowledged.length, dead: dead.length + deadSoFar, remaining: this.live() };
  }

  private live(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE dead_at IS NULL').get() as { n: number }).n;
  }

  private markDead(rows: { seq: number; error: string }[]): void {
    if (rows.length === 0) return;
    const now = this.clock().toISOString();
    const mark = this.db.prepare(
      'UPDATE outbox SET dead_at = ?, last_error = ?, attempts = attempts + 1, next_attempt_at = NULL WHERE seq = ?',
    );
    this.db.transaction(() => {
      for (const row of rows) mark.run(now, row.error.slice(0, 500), row.seq);
    })();
  }

  /** Returns the wait before the batch's next try. */
  private recordFailure(rows: OutboxRow[], error: string): number {
    if (rows.length === 0) return 0;
    const attempts = (rows[0]?.attempts ?? 0) + 1;
    const retryInMs = backoffDelayMs(attempts, this.random, this.backoff);
    const next = new Date(this.clock().getTime() + retryInMs).toISOString();
    const update = this.db.prepare(
      'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq = ?',
    );
    this.db.transaction(() => {
      for (const row of rows) update.run(error.slice(0, 500), next, row.seq);
    })();
    return retryInMs;
  }
}

/** Puts dead rows back in the queue (after IT fixed the cause); returns how many. */
export function requeueDeadRows(db: Db): number {
  return db
    .prepare('UPDATE outbox SET dead_at = NULL, next_attempt_at = NULL WHERE dead_at IS NOT NULL')
    .run().changes;
}

function withTimeout(ms: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([timeout, signal]) : timeout;
}

/** A short, stable error text for last_error: codes, never response bodies (they could hold personal data). */
function describe(error: unknown): string {
  if (error instanceof TransportError) return error.message;
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'TIMEOUT';
    if (error.name === 'AbortError') return 'ABORTED';
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    if (cause?.code) return `NETWORK: ${cause.code}`;
    if (error instanceof SyntaxError) return 'BAD_RESPONSE';
    return `NETWORK: ${error.message.slice(0, 200)}`;
  }
  return 'UNKNOWN';
}
