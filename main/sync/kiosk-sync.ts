/**
 * The kiosk's side of HQ sync as the main process sees it (D-06, D-08): starts the sync worker when the kiosk is
 * provisioned, restarts it when IT changes the connection, wakes it after every commit, and reports the badge's
 * status. Nothing here waits for the network: the worker does the sending on its own thread.
 */
import type { Db } from '../../db/open.ts';
import type { SyncConnectionInfo, SyncSetAsideRow, SyncStatus } from '../../preload/types.ts';
import type { KeyProvider } from '../crypto/keys.ts';
import { KioskError } from '../errors.ts';
import { clearSyncConnection, describeSyncConnection, loadSyncConnection, saveSyncConnection } from './provisioning.ts';
import { listSetAside, requeueSetAside } from './outbox-queue.ts';
import { readSyncStatus } from './status.ts';
import type { ClaimCall, ClaimResult } from './claim-messages.ts';
import {
  claimBoundMs,
  type SpawnSyncWorker,
  type SyncConnection,
  type SyncTuning,
  type SyncWorkerHandle,
  startSyncWorker,
  type WorkerAuditKey,
} from './sync-client.ts';

export interface KioskSyncOptions {
  db: Db;
  /** The kiosk database file; the worker opens its own connection to it. */
  dbFile: string;
  keyProvider: KeyProvider;
  clock: () => Date;
  onStatus: (status: SyncStatus) => void;
  /** The worker entry: the bundled sync-worker.js in the app; by default worker.ts (through tsx) or worker.js. */
  workerUrl?: URL;
  tuning?: SyncTuning;
  /** What runs the worker (Electron: a utility process); by default a worker_thread. */
  spawnWorker?: SpawnSyncWorker;
  /** N-03, A-04: the audit chain's key the worker seals the store feed's and HQ master data's rows with. */
  auditKey?: WorkerAuditKey;
}

export class KioskSync {
  private worker: SyncWorkerHandle | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private crashes = 0;
  private lastPauseMs = 0;
  /** Set by stop(): a crash report arriving afterwards must not bring the worker back. */
  private stopped = false;
  /** Why a provisioned kiosk could not start its worker (e.g. the key provider changed); shown on the badge. */
  private startError: string | null = null;

  constructor(private readonly options: KioskSyncOptions) {}

  /** Whether a worker is running (and so must be stopped before the database closes). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** The connection with its token, or null when not provisioned or unreadable. For the lease client. */
  connection(): SyncConnection | null {
    try {
      return loadSyncConnection(this.options.db, this.options.keyProvider);
    } catch {
      return null;
    }
  }

  /** Starts the worker if the kiosk is provisioned; reports the status either way. */
  start(): void {
    this.stopped = false;
    if (!this.worker) {
      let connection: SyncConnection | null = null;
      try {
        connection = loadSyncConnection(this.options.db, this.options.keyProvider);
        this.startError = null;
      } catch (error) {
        this.startError = error instanceof KioskError ? error.code : 'SYNC_START_FAILED';
      }
      if (connection) {
        const startedAt = this.options.clock().getTime();
        this.worker = startSyncWorker({
          dbFile: this.options.dbFile,
          config: connection,
          onStatus: (status) => {
            // Only a sync this very worker made proves it healthy (the persisted lastSyncAt of an earlier one does
            // not): then the next crash starts the pause afresh.
            if (status.lastSyncAt && Date.parse(status.lastSyncAt) >= startedAt) this.crashes = 0;
            this.options.onStatus(status);
          },
          onCrash: () => this.restartLater(),
          ...(this.options.workerUrl ? { workerUrl: this.options.workerUrl } : {}),
          ...(this.options.tuning ? { tuning: this.options.tuning } : {}),
          ...(this.options.spawnWorker ? { spawn: this.options.spawnWorker } : {}),
          ...(this.options.auditKey ? { auditKey: this.options.auditKey } : {}),
        });
      }
    }
    this.report();
  }

  status(): SyncStatus {
    return (
      this.worker?.status() ??
      readSyncStatus(this.options.db, {
        configured: describeSyncConnection(this.options.db) !== null,
        online: false,
        now: this.options.clock(),
        transportError: this.startError,
      })
    );
  }

  describe(): SyncConnectionInfo | null {
    return describeSyncConnection(this.options.db);
  }

  /** Stores the connection (token encrypted) and restarts the worker on it. */
  async provision(input: SyncConnection): Promise<SyncConnectionInfo> {
    saveSyncConnection(this.options.db, this.options.keyProvider, input, this.options.clock());
    await this.stop();
    this.start();
    const described = this.describe();
    if (!described) throw new KioskError('SYNC_CONFIG_INVALID');
    return described;
  }

  /** Forgets the connection. The outbox stays: its rows go out once the kiosk is provisioned again. */
  async clear(): Promise<void> {
    await this.stop();
    clearSyncConnection(this.options.db);
    this.startError = null;
    this.report();
  }

  /** The rows set aside (HQ refused them, or they kept failing while others went through), with the reason. */
  setAside(): SyncSetAsideRow[] {
    return listSetAside(this.options.db);
  }

  /** Puts set-aside rows (one, or all) back in the queue after the cause was fixed, and tries at once. */
  retrySetAside(seq?: number): number {
    const requeued = requeueSetAside(this.options.db, seq);
    this.wake();
    return requeued;
  }

  /**
   * Try to send now. Called after each commit; cheap when nothing is provisioned, where it only refreshes the badge
   * (no worker reports it, and the backlog just grew).
   */
  wake(): void {
    if (this.worker) this.worker.wake();
    else this.report();
  }

  /**
   * N-02: a reception's claim or release, done by the worker at HQ. Never waits longer than claimBoundMs (2 s by
   * default) whatever HQ does; no worker (not provisioned, or restarting after a crash) or no answer in time is
   * null, as HQ unreachable.
   */
  async claim(call: ClaimCall): Promise<ClaimResult | null> {
    return this.worker ? this.worker.claim(call, claimBoundMs(this.options.tuning)) : null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const worker = this.worker;
    this.worker = null;
    await worker?.stop();
  }

  /**
   * D-08: a worker that died (a bug, a corrupt row it could not handle) is started again after a growing pause, so
   * the outbox keeps draining without anyone restarting the app. The badge shows the crash meanwhile.
   */
  private restartLater(): void {
    this.worker = null;
    if (this.stopped) return;
    const base = this.options.tuning?.restartDelayMs ?? 5_000;
    const delay = Math.min(base * 2 ** this.crashes, 5 * 60_000);
    this.crashes++;
    this.lastPauseMs = delay;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
    this.restartTimer.unref();
  }

  /** How many times in a row the worker ended on its own since one last synced (for the badge and tests). */
  get crashCount(): number {
    return this.crashes;
  }

  /** The pause before the next restart of a crashed worker, null while none is planned (for tests and support). */
  get restartPauseMs(): number | null {
    return this.restartTimer ? this.lastPauseMs : null;
  }

  private report(): void {
    this.options.onStatus(this.status());
  }
}
