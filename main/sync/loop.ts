/**
 * The pusher's loop: send while there is something due, otherwise sleep until the oldest row's backoff ends, or the
 * idle ping interval passes, or someone wakes it (connectivity returned, a settlement was just written). Nothing here
 * blocks the counter: it runs in the sync worker, off the main thread.
 */
import type { Db } from '../../db/open.ts';
import type { OutboxPusher, PushOutcome } from './pusher.ts';
import { computeSyncStatus, readLastSyncAt, type SyncStatus, summarizeOutbox } from './status.ts';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Resolves after ms, or at once when signal aborts (a wake or a stop). */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export interface SyncLoopOptions {
  db: Db;
  pusher: OutboxPusher;
  onStatus?: (status: SyncStatus) => void;
  sleep?: Sleep;
  clock?: () => Date;
  /** How often to ping HQ while the outbox is empty, so the badge still tells online from offline. */
  idlePingMs?: number;
  /** Wait after an unexpected local error (e.g. the database busy) before trying again. */
  errorPauseMs?: number;
}

export class SyncLoop {
  private readonly sleep: Sleep;
  private readonly clock: () => Date;
  private readonly idlePingMs: number;
  private readonly errorPauseMs: number;
  private readonly stopController = new AbortController();
  private wakeController = new AbortController();
  private wakePending = false;
  private running: Promise<void> | null = null;
  private localError: string | null = null;

  constructor(private readonly options: SyncLoopOptions) {
    this.sleep = options.sleep ?? abortableSleep;
    this.clock = options.clock ?? (() => new Date());
    this.idlePingMs = options.idlePingMs ?? 60_000;
    this.errorPauseMs = options.errorPauseMs ?? 5_000;
  }

  start(): Promise<void> {
    this.running ??= this.run();
    return this.running;
  }

  /** Try now, ignoring any backoff. */
  wake(): void {
    this.wakePending = true;
    this.wakeController.abort();
  }

  async stop(): Promise<void> {
    this.stopController.abort();
    this.wakeController.abort();
    await this.running;
  }

  status(): SyncStatus {
    const { db, pusher } = this.options;
    return computeSyncStatus(summarizeOutbox(db), {
      configured: true,
      online: pusher.online,
      now: this.clock(),
      lastSyncAt: readLastSyncAt(db),
      transportError: pusher.lastTransportError ?? this.localError,
    });
  }

  private async run(): Promise<void> {
    const { pusher } = this.options;
    const stop = this.stopController.signal;
    let force = true;
    while (!stop.aborted) {
      let outcome: PushOutcome | null = null;
      try {
        this.wakePending = false;
        outcome = await pusher.pushOnce({ force, signal: stop });
        if (outcome.kind === 'idle') await pusher.ping(stop);
        this.localError = null;
      } catch (error) {
        this.localError = `LOCAL: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown'}`;
      }
      force = false;
      if (stop.aborted) break;
      this.report();
      const due = outcome === null ? this.errorPauseMs : (pusher.dueInMs() ?? this.idlePingMs);
      if (due > 0 && !this.wakePending) {
        this.wakeController = new AbortController();
        await this.sleep(due, AbortSignal.any([this.wakeController.signal, stop]));
      }
      if (this.wakePending) force = true;
    }
  }

  private report(): void {
    if (!this.options.onStatus) return;
    try {
      this.options.onStatus(this.status());
    } catch {
      // A broken listener must not stop the sync.
    }
  }
}
