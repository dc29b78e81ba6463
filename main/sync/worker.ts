/**
 * The sync worker's entry (D-06): runs the outbox pusher on its own thread with its own database connection, so the
 * counter never waits for the network. Messages in: {type:'wake'} (connectivity returned, a settlement was written)
 * and {type:'stop'}. Messages out: {type:'status', status} after each cycle and {type:'stopped'} at the end.
 *
 * runSyncWorker is the worker itself, whatever runs it: here a worker_thread (the browser host, tests); in Electron a
 * utility process (main/shell/electron-sync-worker.ts), which passes Electron's net.fetch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { SyncLoop } from './loop.ts';
import { MasterDataPuller } from './master-data.ts';
import { openWorkerDatabase } from './outbox-queue.ts';
import { OutboxPusher } from './pusher.ts';
import { bindWorkerAuditKey, readStoreFeedState, StoreFeedPuller } from './store-feed.ts';
import type { SyncWorkerData, SyncWorkerRequest, SyncWorkerResponse } from './sync-client.ts';

/** The worker's side of the messages, over whatever carries them. */
export interface SyncWorkerPort {
  post(message: SyncWorkerResponse): void;
  onMessage(listener: (message: SyncWorkerRequest) => void): void;
  /** After {type:'stopped'} was posted: nothing more will be sent. */
  close(): void;
}

/** N-03: how often a worker that reaches HQ asks for other PCs' reception changes (the store expects 2 s). */
export const DEFAULT_STORE_FEED_MS = 1_000;

export function runSyncWorker(port: SyncWorkerPort, data: SyncWorkerData, deps: { fetch?: typeof fetch } = {}): void {
  const post = (message: SyncWorkerResponse) => port.post(message);
  const db = openWorkerDatabase(data.dbFile);
  if (data.migrationsDir) migrate(db, loadMigrations(data.migrationsDir));
  const pusher = new OutboxPusher(
    db,
    { hqUrl: data.config.hqUrl, token: data.config.token },
    {
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(data.tuning.batchSize ? { batchSize: data.tuning.batchSize } : {}),
      ...(data.tuning.requestTimeoutMs ? { requestTimeoutMs: data.tuning.requestTimeoutMs } : {}),
      ...(data.tuning.backoff ? { backoff: data.tuning.backoff } : {}),
      ...(data.tuning.setAsideAfter ? { setAsideAfter: data.tuning.setAsideAfter } : {}),
    },
  );
  const masterData = new MasterDataPuller(db, { hqUrl: data.config.hqUrl, token: data.config.token }, {
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(data.tuning.requestTimeoutMs ? { requestTimeoutMs: data.tuning.requestTimeoutMs } : {}),
  });
  // N-03: other PCs' receptions. Their audit rows are sealed with the key the main process handed over.
  if (data.auditKey) bindWorkerAuditKey(db, data.auditKey);
  const storeFeed = data.auditKey
    ? new StoreFeedPuller(db, data.config, {
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(data.tuning.requestTimeoutMs ? { requestTimeoutMs: data.tuning.requestTimeoutMs } : {}),
        onApplied: () => post({ type: 'status', status: withStoreFeed(loop.status()) }),
      })
    : null;
  const withStoreFeed = (status: ReturnType<SyncLoop['status']>) =>
    storeFeed ? { ...status, storeFeedAt: readStoreFeedState(db).appliedAt } : status;
  const loop = new SyncLoop({
    db,
    pusher,
    onReachable: async (signal) => {
      await masterData.pullQuietly(signal);
      await storeFeed?.pullQuietly(signal);
    },
    onStatus: (status) => post({ type: 'status', status: withStoreFeed(status) }),
    ...(data.tuning.idlePingMs ? { idlePingMs: data.tuning.idlePingMs } : {}),
    ...(data.tuning.probeMs ? { probeMs: data.tuning.probeMs } : {}),
  });

  const stopFeed = new AbortController();
  const feedPeriod = storeFeed?.runWhileOnline(stopFeed.signal, data.tuning.storeFeedMs ?? DEFAULT_STORE_FEED_MS, () => pusher.online);

  port.onMessage((message) => {
    if (message.type === 'wake') loop.wake();
    if (message.type === 'stop') {
      stopFeed.abort();
      void Promise.all([loop.stop(), feedPeriod]).then(() => {
        db.close();
        post({ type: 'stopped' });
        port.close();
      });
    }
  });

  void loop.start();
}

// Started as a worker_thread: run at once. Imported by the utility-process entry: parentPort is null, nothing runs.
const thread = parentPort;
if (thread) {
  runSyncWorker(
    {
      post: (message) => thread.postMessage(message),
      onMessage: (listener) => thread.on('message', listener),
      close: () => thread.close(),
    },
    workerData as SyncWorkerData,
  );
}
