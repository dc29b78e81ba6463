/**
 * The pusher's loop (D-08, issue 13 §3). Nothing here blocks the counter: it runs in the sync worker, off the main
 * thread. It sends while something is due, then sleeps until the next row's retry time or the idle ping; a wake
 * (connectivity returned, a settlement was just written) cuts any sleep short.
 *
 * "Is HQ back" is not a failing batch: while HQ is unreachable the loop does not back off for minutes, it probes HQ
 * with the cheap ping every few seconds (jittered, so a chain's kiosks do not knock in step) and drains the moment
 * HQ answers. Exponential backoff is for batches HQ answered and failed.
 */
import type { Db } from '../../db/open.ts';
import { readChainDivergence } from './chain-report.ts';
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

export const DEFAULT_PROBE_MS = 2_000;

export interface SyncLoopOptions {
  db: Db;
  pusher: OutboxPusher;
  onStatus?: (status: SyncStatus) => void;
  sleep?: Sleep;
  clock?: () => Date;
  /** In [0, 1): jitter of the probe period. */
  random?: () => number;
  /** How often to ping HQ while the outbox is empty, so the badge still tells online from offline. */
  idlePingMs?: number;
  /** The mean period of the "is HQ back" probe while HQ is unreachable; each wait is 0.5–1.5 times it. */
  probeMs?: number;
  /** Wait after an unexpected local error (e.g. the database busy) before trying again. */
  errorPauseMs?: number;
  /** runs each time HQ answered (the idle ping, or a send that drained the outbox): the master-data pull. */
  onReachable?: (signal: AbortSignal) => Promise<void>;
}

export class SyncLoop {
  private readonly sleep: Sleep;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly idlePingMs: number;
  private readonly probeMs: number;
  private readonly errorPauseMs: number;
  private readonly stopController = new AbortController();
  private wakeController = new AbortController();
  private wakePending = false;
  private running: Promise<void> | null = null;
  private localError: string | null = null;
  /** HQ did not answer: probe until it does. */
  private unreachable = false;

  constructor(private readonly options: SyncLoopOptions) {
    this.sleep = options.sleep ?? abortableSleep;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.idlePingMs = options.idlePingMs ?? 60_000;
    this.probeMs = options.probeMs ?? DEFAULT_PROBE_MS;
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
      chainDivergence: readChainDivergence(db),
    });
  }

  private probeDelay(): number {
    return Math.round(this.probeMs * (0.5 + this.random()));
  }

  private async run(): Promise<void> {
    const stop = this.stopController.signal;
    let force = true;
    while (!stop.aborted) {
      this.wakePending = false;
      let pauseMs: number;
      try {
        pauseMs = await this.cycle(force);
        this.localError = null;
      } catch (error) {
        this.localError = `LOCAL: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown'}`;
        pauseMs = this.errorPauseMs;
      }
      force = false;
      if (stop.aborted) break;
      this.report();
      if (pauseMs > 0 && !this.wakePending) {
        this.wakeController = new AbortController();
        await this.sleep(pauseMs, AbortSignal.any([this.wakeController.signal, stop]));
      }
      if (this.wakePending) force = true;
    }
  }

  /** One step; returns how long to wait before the next. */
  private async cycle(force: boolean): Promise<number> {
    const { pusher } = this.options;
    const stop = this.stopController.signal;
    if (this.unreachable) {
      if (!(await pusher.ping(stop))) return this.probeDelay();
      this.unreachable = false;
      force = true;
    }
    const outcome: PushOutcome = await pusher.pushOnce({ force, signal: stop });
    switch (outcome.kind) {
      case 'offline':
        this.unreachable = true;
        return this.probeDelay();
      case 'split':
        return 0;
      case 'sent': {
        // HQ just answered and the outbox is drained: as good a moment as the idle ping to pull master data.
        const due = pusher.dueInMs();
        if (due === null) await this.options.onReachable?.(stop);
        return due ?? this.idlePingMs;
      }
      case 'failed':
      case 'waiting':
        return pusher.dueInMs() ?? this.idlePingMs;
      case 'idle': {
        // Nothing to send: a ping each idle period keeps the badge honest about online or offline.
        if (!(await pusher.ping(stop))) {
          this.unreachable = true;
          return this.probeDelay();
        }
        await this.options.onReachable?.(stop);
        return this.idlePingMs;
      }
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
