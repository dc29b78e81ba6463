/**
 * Main-thread side of the sync worker (D-06, D-08). The main process starts it once the kiosk is provisioned, calls
 * wake() after each settlement or cancellation commits and whenever connectivity returns, forwards onStatus to the
 * renderer's sync badge, and awaits stop() before closing the database at quit.
 *
 * What runs the worker is injected (`spawn`): a worker_thread by default (browser host, tests), Electron's
 * utilityProcess in the app (main/shell/electron-sync-process.ts), both speaking the same messages.
 */
import { Worker } from 'node:worker_threads';
import type { BackoffPolicy } from './pusher.ts';
import type { ClaimCall, ClaimResult } from './claim-messages.ts';
import type { SyncStatus } from './status.ts';

export interface SyncConnection {
  hqUrl: string;
  storeCode: string;
  terminalCode: string;
  token: string;
}

export interface SyncTuning {
  batchSize?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffPolicy;
  idlePingMs?: number;
  /** Mean period of the "is HQ back" probe while HQ is unreachable (default 2 s, jittered ±50 %). */
  probeMs?: number;
  /** Strikes after which a row that keeps failing is set aside (default 5). */
  setAsideAfter?: number;
  /** First wait before a crashed worker is started again; doubles up to 5 minutes. */
  restartDelayMs?: number;
  /**
   * N-02: how long the worker's claim request to HQ may take (default 1.5 s). The main process waits this plus a
   * little for the answer (claimBoundMs), so a hanging HQ never holds up execute longer than that.
   */
  claimTimeoutMs?: number;
  /** N-03: the store feed's pull period while HQ answers (default 1 s). */
  storeFeedMs?: number;
}

/** N-02: what the main process waits at most for a claim or a release from the worker (then: as if offline). */
export function claimBoundMs(tuning: SyncTuning | undefined): number {
  return (tuning?.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS) + CLAIM_ANSWER_MARGIN_MS;
}
export const DEFAULT_CLAIM_TIMEOUT_MS = 1_500;
/** The message hop and a busy worker's turn (it may be writing a page of master data). */
const CLAIM_ANSWER_MARGIN_MS = 500;

export interface StartSyncWorkerOptions {
  dbFile: string;
  /** Only when the worker may be first to open the database; normally the main process has migrated it already. */
  migrationsDir?: string;
  config: SyncConnection;
  onStatus?: (status: SyncStatus) => void;
  /** Called once when the worker ended on its own (an uncaught error, or an exit nobody asked for), not after stop(). */
  onCrash?: () => void;
  /** The worker entry: the bundled worker.js in the app; defaults to worker.ts/.js beside this file. */
  workerUrl?: URL;
  tuning?: SyncTuning;
  /** What runs the worker; by default a worker_thread on workerUrl. */
  spawn?: SpawnSyncWorker;
  auditKey?: WorkerAuditKey;
}

/**
 * A running sync worker as startSyncWorker drives it. A node:worker_threads Worker is one as it is; Electron's
 * utility process is adapted to it. 'error' means it died on its own (it is then restarted), 'exit' that it is gone.
 */
export interface SyncWorkerProcess {
  postMessage(message: SyncWorkerRequest): void;
  on(event: 'message', listener: (message: SyncWorkerResponse) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
}

export type SpawnSyncWorker = (data: SyncWorkerData) => SyncWorkerProcess;

export interface SyncWorkerHandle {
  /** Try to send now, skipping any backoff wait. Cheap; call it freely. */
  wake(): void;
  /** Finishes the current exchange (aborting its request) and ends the worker. */
  stop(): Promise<void>;
  /** The last status the worker reported, or null before its first cycle. */
  status(): SyncStatus | null;
  /**
   * N-02: a reception's claim (take or renew) or its release, done by the worker at HQ. Answers null when no answer
   * came within `boundMs` or the worker is gone: the caller treats that as HQ unreachable.
   */
  claim(request: ClaimCall, boundMs: number): Promise<ClaimResult | null>;
}

export interface SyncWorkerData {
  dbFile: string;
  migrationsDir: string | null;
  config: SyncConnection;
  tuning: SyncTuning;
  tsEntry?: string;
  /** N-03, A-04: the audit chain's current key (hex), so the store feed's and master data's rows join this PC's chain; no key, neither runs. */
  auditKey?: WorkerAuditKey;
}

export interface WorkerAuditKey {
  keyId: string;
  keyHex: string;
}

export type SyncWorkerRequest = { type: 'wake' } | { type: 'stop' } | { type: 'claim'; id: number; call: ClaimCall };
export type SyncWorkerResponse =
  | { type: 'status'; status: SyncStatus }
  | { type: 'stopped' }
  /** The answer to {type:'claim'} of the same id. A release is best effort and always answers null. */
  | { type: 'claimed'; id: number; result: ClaimResult | null };

function defaultWorkerUrl(): URL {
  // Running from source (tsx, vitest) this module is .ts; bundled it is .js and so is its worker.
  return new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
}

export function startSyncWorker(options: StartSyncWorkerOptions): SyncWorkerHandle {
  const entry = options.workerUrl ?? defaultWorkerUrl();
  const data: SyncWorkerData = {
    dbFile: options.dbFile,
    migrationsDir: options.migrationsDir ?? null,
    config: options.config,
    tuning: options.tuning ?? {},
    ...(options.auditKey ? { auditKey: options.auditKey } : {}),
  };
  // A TypeScript entry (development, tests) starts through a bootstrap that registers tsx inside the worker.
  const worker: SyncWorkerProcess = options.spawn
    ? options.spawn(data)
    : entry.pathname.endsWith('.ts')
      ? new Worker(new URL('./ts-worker-bootstrap.mjs', import.meta.url), {
          workerData: { ...data, tsEntry: entry.href },
        })
      : new Worker(entry, { workerData: data });

  let last: SyncStatus | null = null;
  let exited = false;
  let nextClaimId = 1;
  const waitingClaims = new Map<number, (result: ClaimResult | null) => void>();
  let stopping = false;
  let crashReported = false;
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      exited = true;
      for (const answer of waitingClaims.values()) answer(null);
      waitingClaims.clear();
      resolve();
    });
  });
  worker.on('message', (message: SyncWorkerResponse) => {
    if (message.type === 'status') {
      last = message.status;
      options.onStatus?.(message.status);
    }
    if (message.type === 'claimed') waitingClaims.get(message.id)?.(message.result);
  });
  // The counter keeps working; the badge shows the sync stopped. Error text only: it never holds personal data.
  const crashed = (reason: string) => {
    if (crashReported) return;
    crashReported = true;
    const failed: SyncStatus = {
      ...(last ?? {
        configured: true,
        backlog: 0,
        dead: 0,
        oldestUnsentAt: null,
        oldestAgeMinutes: null,
        warning: false,
        lastSyncAt: null,
        chainDivergence: null,
      }),
      online: false,
      lastError: reason,
    };
    last = failed;
    options.onStatus?.(failed);
    void exit.then(() => options.onCrash?.());
  };
  worker.on('error', (error) => crashed(`WORKER_CRASHED: ${error.message.slice(0, 200)}`));
  // A worker can also end without an 'error' (process.exit in it, a closed port, an out-of-memory kill of the thread).
  worker.once('exit', (code) => {
    if (!stopping) crashed(`WORKER_EXITED: ${code}`);
  });

  return {
    wake: () => {
      if (!exited) worker.postMessage({ type: 'wake' } satisfies SyncWorkerRequest);
    },
    stop: async () => {
      stopping = true;
      if (exited) return;
      worker.postMessage({ type: 'stop' } satisfies SyncWorkerRequest);
      // Bounded: a worker stuck in a native call is terminated rather than holding up quit.
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await exit;
      clearTimeout(timer);
    },
    status: () => last,
    claim: (call, boundMs) => {
      if (exited || stopping) return Promise.resolve(null);
      const id = nextClaimId++;
      return new Promise<ClaimResult | null>((resolve) => {
        const timer = setTimeout(() => answer(null), boundMs);
        const answer = (result: ClaimResult | null) => {
          clearTimeout(timer);
          waitingClaims.delete(id);
          resolve(result);
        };
        waitingClaims.set(id, answer);
        worker.postMessage({ type: 'claim', id, call } satisfies SyncWorkerRequest);
      });
    },
  };
}
