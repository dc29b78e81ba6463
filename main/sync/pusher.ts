/**
 * Sends the outbox to HQ (D-06, D-08, issue 13 §2–§3). Rows go in `seq` order, a batch at a time, each under its
 * aggregate UUID, which HQ treats as the idempotency key. A row is deleted only in the transaction that records HQ's
 * answer, so a crash or a lost answer at any point leads to a resend that HQ recognises as a duplicate.
 *
 * What can go wrong, and what the pusher does:
 *  - HQ unreachable (connection refused, DNS, reset): `offline`. No row is touched; the loop probes HQ every few
 *    seconds and drains the moment it answers.
 *  - HQ answers the batch as a whole with a failure (5xx, 413, 400, an unreadable answer, a timeout): the next batch
 *    is half as big, down to single rows, so one row HQ cannot take is found without holding the others back.
 *  - HQ answers per item: `stored`/`duplicate` leave the outbox; `conflict`/`invalid` (and an `error` HQ says is not
 *    retryable) are set aside at once with their reason; a retryable `error` waits its own backoff.
 *  - A row that keeps failing is set aside after `setAsideAfter` strikes. A strike is a failure while HQ went on
 *    storing other rows; when every row fails alike (HQ broken), nothing is set aside and the whole exchange backs off.
 * Set-aside rows are shown to the manager with the reason and go back in the queue on request (requeueSetAside).
 */
import { batchResponseSchema, type ParsedBatchResponse, PROTOCOL_VERSION } from 'kaitori-sync-protocol';
import type { Db } from '../../db/open.ts';
import { chainStateOf, readChainReport } from './chain-report.ts';
import { countLive, dueRows, nextDueAt, type QueuedRow, type RowFailure, readSyncState, recordExchange } from './outbox-queue.ts';

export interface PusherConfig {
  hqUrl: string;
  token: string;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };
export const DEFAULT_SET_ASIDE_AFTER = 5;

export interface PusherDeps {
  fetch?: typeof fetch;
  clock?: () => Date;
  /** In [0, 1): the jitter source. */
  random?: () => number;
  batchSize?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
  /** Strikes after which a failing row is set aside. */
  setAsideAfter?: number;
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
  | { kind: 'sent'; stored: number; setAside: number; retrying: number; remaining: number }
  | { kind: 'split'; error: string; batchLimit: number }
  | { kind: 'failed'; error: string; retryInMs: number }
  | { kind: 'offline'; error: string };

/** How a failed request is handled: HQ not there, HQ refusing this kiosk, or HQ failing this batch. */
type FailureClass = 'unreachable' | 'unauthorized' | 'batch';

class HttpFailure extends Error {
  constructor(readonly status: number) {
    super(status === 413 ? 'PAYLOAD_TOO_LARGE' : `HTTP_${status}`);
  }
}
class BadResponse extends Error {
  constructor() {
    super('BAD_RESPONSE');
  }
}

/** How the row's next failure is judged; a pure function so the rule is table-tested. */
export function judgeRowFailure(
  row: Pick<QueuedRow, 'seq' | 'attempts' | 'strikes' | 'last_failed_at'>,
  failure: { error: string; final: boolean },
  context: { now: Date; lastStoredAt: string | null; setAsideAfter: number; backoff: BackoffPolicy; random: () => number },
): RowFailure {
  const now = context.now.toISOString();
  const attempts = row.attempts + 1;
  // HQ stored something since this row last failed (or in this very exchange): the row, not HQ, is the problem.
  const hqWorks = context.lastStoredAt !== null && context.lastStoredAt >= (row.last_failed_at ?? now);
  const strikes = row.strikes + (hqWorks ? 1 : 0);
  const setAside = failure.final || strikes >= context.setAsideAfter;
  return {
    seq: row.seq,
    error: failure.error,
    attempts,
    strikes,
    nextAttemptAt: setAside
      ? null
      : new Date(context.now.getTime() + backoffDelayMs(attempts, context.random, context.backoff)).toISOString(),
    deadAt: setAside ? now : null,
  };
}

export class OutboxPusher {
  private readonly fetch: typeof fetch;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly batchSize: number;
  private readonly requestTimeoutMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly setAsideAfter: number;
  /** Shrinks on batch-level failures, grows back on success. */
  private batchLimit: number;
  /** Exchanges in a row in which HQ failed without storing anything. */
  private failureStreak = 0;
  /** After repeated whole-exchange failures, the next try waits until then (ms since epoch). */
  private holdUntil = 0;
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
    this.setAsideAfter = deps.setAsideAfter ?? DEFAULT_SET_ASIDE_AFTER;
    this.batchLimit = this.batchSize;
  }

  private url(path: string): string {
    return new URL(path, this.config.hqUrl.endsWith('/') ? this.config.hqUrl : `${this.config.hqUrl}/`).toString();
  }

  /** Milliseconds until something may be sent (0 if now), or null when nothing live is queued. */
  dueInMs(): number | null {
    const due = nextDueAt(this.db);
    if (due === undefined) return null;
    const now = this.clock().getTime();
    const rowDue = due === null ? now : Date.parse(due);
    return Math.max(0, rowDue - now, this.holdUntil - now);
  }

  /**
   * Sends one batch. `force` skips the wait that whole-exchange failures imposed (connectivity returned, a settlement
   * was just written); a row's own backoff after it failed alone still holds.
   */
  async pushOnce(options: { force?: boolean; signal?: AbortSignal } = {}): Promise<PushOutcome> {
    const now = this.clock();
    if (!options.force && this.holdUntil > now.getTime()) return { kind: 'waiting', dueInMs: this.holdUntil - now.getTime() };
    const rows = dueRows(this.db, now.toISOString(), this.batchLimit);
    if (rows.length === 0) {
      const dueInMs = this.dueInMs();
      return dueInMs === null ? { kind: 'idle' } : { kind: 'waiting', dueInMs };
    }

    const sendable: QueuedRow[] = [];
    const corrupt: RowFailure[] = [];
    for (const row of rows) {
      if (row.valid_json === 1) sendable.push(row);
      else corrupt.push(this.judge(row, { error: 'CORRUPT_PAYLOAD: not JSON', final: true }, now));
    }
    if (sendable.length === 0) {
      recordExchange(this.db, { now: now.toISOString(), stored: [], failures: corrupt, answered: false });
      return { kind: 'sent', stored: 0, setAside: corrupt.length, retrying: 0, remaining: countLive(this.db) };
    }

    let answer: ParsedBatchResponse;
    try {
      answer = await this.post(sendable, options.signal);
    } catch (error) {
      if (corrupt.length > 0) recordExchange(this.db, { now: now.toISOString(), stored: [], failures: corrupt, answered: false });
      return this.failed(error, sendable, now);
    }
    return this.applyAnswer(sendable, answer, corrupt, now);
  }

  /** The cheap "is HQ there" request: while offline the loop calls it every few seconds. */
  async ping(signal?: AbortSignal): Promise<boolean> {
    try {
      const response = await this.fetch(this.url('api/v1/ping'), {
        headers: { authorization: `Bearer ${this.config.token}` },
        signal: withTimeout(Math.min(this.requestTimeoutMs, 10_000), signal),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new HttpFailure(response.status);
      this.online = true;
      this.lastTransportError = null;
    } catch (error) {
      this.online = false;
      this.lastTransportError = describe(error);
    }
    return this.online;
  }

  private async post(rows: QueuedRow[], signal: AbortSignal | undefined): Promise<ParsedBatchResponse> {
    // The stored payload text goes out as it is: parsing and re-serialising 100 settlements would be wasted work.
    const items = rows.map(
      (row) => `{"kind":${JSON.stringify(row.kind)},"id":${JSON.stringify(row.aggregate_id)},"payload":${row.payload}}`,
    );
    const chain = JSON.stringify(readChainReport(this.db));
    const response = await this.fetch(this.url('api/v1/settlements'), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.token}`, 'content-type': 'application/json' },
      body: `{"protocol":${PROTOCOL_VERSION},"chain":${chain},"items":[${items.join(',')}]}`,
      signal: withTimeout(this.requestTimeoutMs, signal),
    });
    const text = await response.text();
    if (!response.ok) throw new HttpFailure(response.status);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new BadResponse();
    }
    const answer = batchResponseSchema.safeParse(parsed);
    if (!answer.success) throw new BadResponse();
    return answer.data;
  }

  private failed(error: unknown, rows: QueuedRow[], now: Date): PushOutcome {
    const message = describe(error);
    this.online = false;
    this.lastTransportError = message;
    const kind = classify(error);
    if (kind === 'unreachable') return { kind: 'offline', error: message };
    if (kind === 'batch' && rows.length > 1) {
      this.batchLimit = Math.max(1, Math.ceil(rows.length / 2));
      return { kind: 'split', error: message, batchLimit: this.batchLimit };
    }
    if (kind === 'batch') {
      // One row alone and HQ still fails the request: that row may be the cause. One too large never fits.
      const final = error instanceof HttpFailure && error.status === 413;
      recordExchange(this.db, {
        now: now.toISOString(),
        stored: [],
        failures: [this.judge(rows[0]!, { error: message, final }, now)],
        answered: false,
      });
    }
    return { kind: 'failed', error: message, retryInMs: this.holdAfterFailure(now) };
  }

  private holdAfterFailure(now: Date): number {
    this.failureStreak++;
    // The first failure alone may be the row's fault: try the next rows at once. From the second, HQ is the suspect.
    const wait = this.failureStreak >= 2 ? backoffDelayMs(this.failureStreak - 1, this.random, this.backoff) : 0;
    this.holdUntil = now.getTime() + wait;
    return wait;
  }

  private judge(row: QueuedRow, failure: { error: string; final: boolean }, now: Date): RowFailure {
    return judgeRowFailure(row, failure, {
      now,
      lastStoredAt: readSyncState(this.db, 'last_stored_at'),
      setAsideAfter: this.setAsideAfter,
      backoff: this.backoff,
      random: this.random,
    });
  }

  private applyAnswer(rows: QueuedRow[], answer: ParsedBatchResponse, corrupt: RowFailure[], now: Date): PushOutcome {
    const byId = new Map(answer.results.map((r) => [r.id, r]));
    const stored: number[] = [];
    const setAside: { row: QueuedRow; error: string }[] = [];
    const retry: { row: QueuedRow; error: string }[] = [];
    for (const row of rows) {
      const result = byId.get(row.aggregate_id);
      const reason = `${result?.error?.code ?? result?.status ?? 'NO_RESULT_FROM_HQ'}: ${result?.error?.message ?? ''}`.trim();
      if (!result) retry.push({ row, error: 'NO_RESULT_FROM_HQ' });
      else if (result.status === 'stored' || result.status === 'duplicate' || result.status === 'accepted') stored.push(row.seq);
      else if (result.status === 'conflict' || result.status === 'invalid') setAside.push({ row, error: reason });
      else if (result.status === 'error' && result.retryable === false) setAside.push({ row, error: reason });
      // A retryable error, or a status this kiosk does not know (a newer HQ): try again later.
      else retry.push({ row, error: reason });
    }
    const iso = now.toISOString();
    // Judged after the stores of this very exchange count: HQ storing the others is what makes a failure a strike.
    const lastStoredAt = stored.length > 0 ? iso : readSyncState(this.db, 'last_stored_at');
    const judge = (row: QueuedRow, error: string, final: boolean) =>
      judgeRowFailure(row, { error, final }, {
        now,
        lastStoredAt,
        setAsideAfter: this.setAsideAfter,
        backoff: this.backoff,
        random: this.random,
      });
    const failures = [
      ...corrupt,
      ...setAside.map(({ row, error }) => judge(row, error, true)),
      ...retry.map(({ row, error }) => judge(row, error, false)),
    ];
    recordExchange(this.db, { now: iso, stored, failures, answered: true, state: chainStateOf(answer.chain) });

    this.online = true;
    this.lastTransportError = null;
    if (stored.length === 0 && retry.length > 0) {
      // HQ answered but stored nothing it was asked to: treat it like a failed exchange and back off.
      this.holdAfterFailure(now);
    } else {
      this.failureStreak = 0;
      this.holdUntil = 0;
      this.batchLimit = Math.min(this.batchSize, this.batchLimit * 2);
    }
    return {
      kind: 'sent',
      stored: stored.length,
      setAside: failures.filter((f) => f.deadAt !== null).length,
      retrying: failures.filter((f) => f.deadAt === null).length,
      remaining: countLive(this.db),
    };
  }
}

function withTimeout(ms: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([timeout, signal]) : timeout;
}

function classify(error: unknown): FailureClass {
  if (error instanceof HttpFailure) return error.status === 401 || error.status === 403 ? 'unauthorized' : 'batch';
  if (error instanceof BadResponse) return 'batch';
  // Our own timeout: HQ took the request and did not answer in time, which a smaller batch may fix.
  if (error instanceof Error && error.name === 'TimeoutError') return 'batch';
  return 'unreachable';
}

/** A short, stable error text for last_error: codes, never response bodies (they could hold personal data). */
function describe(error: unknown): string {
  if (error instanceof HttpFailure || error instanceof BadResponse) return error.message;
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'TIMEOUT';
    if (error.name === 'AbortError') return 'ABORTED';
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    if (cause?.code) return `NETWORK: ${cause.code}`;
    return `NETWORK: ${error.message.slice(0, 200)}`;
  }
  return 'UNKNOWN';
}
