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
import { ReceptionClaimClient } from './reception-claims.ts';
import type { ClaimCall } from './claim-messages.ts';
import { bindWorkerAuditKey, readStoreFeedState, StoreFeedPuller, shareExistingMembers } from './store-feed.ts';
import { DEFAULT_CLAIM_TIMEOUT_MS, type SyncWorkerData, type SyncWorkerRequest, type SyncWorkerResponse } from './sync-client.ts';

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
  let closed = false;
  // A claim's answer can come back after the port was closed at stop: nobody waits for it any more.
  const post = (message: SyncWorkerResponse) => {
    if (!closed) port.post(message);
  };
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
  // N-03 other PCs' receptions, A-04 HQ's master data: each audited in its own transaction, sealed with the key the
  // main process handed over. Without the key neither runs (an unaudited change is worth less than a late one).
  if (data.auditKey) bindWorkerAuditKey(db, data.auditKey);
  const masterData = data.auditKey
    ? new MasterDataPuller(db, { hqUrl: data.config.hqUrl, token: data.config.token }, {
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(data.tuning.requestTimeoutMs ? { requestTimeoutMs: data.tuning.requestTimeoutMs } : {}),
      })
    : null;
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
      await masterData?.pullQuietly(signal);
      await storeFeed?.pullQuietly(signal);
    },
    onStatus: (status) => post({ type: 'status', status: withStoreFeed(status) }),
    ...(data.tuning.idlePingMs ? { idlePingMs: data.tuning.idlePingMs } : {}),
    ...(data.tuning.probeMs ? { probeMs: data.tuning.probeMs } : {}),
  });

  // N-03: members registered here before this PC joined its store's HQ go out with the first push (once).
  try {
    shareExistingMembers(db, data.config, new Date().toISOString());
  } catch {
    // The database busy at start: the next start tries again (the flag is only set when it is done).
  }

  const stopFeed = new AbortController();
  const feedPeriod = storeFeed?.runWhileOnline(stopFeed.signal, data.tuning.storeFeedMs ?? DEFAULT_STORE_FEED_MS, () => pusher.online);

  // N-02: claims run here, beside the pusher, so the counter's main process never waits on HQ's network itself.
  const claims = new ReceptionClaimClient({
    connection: data.config,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    requestTimeoutMs: data.tuning.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS,
  });
  const send = async (call: ClaimCall) => {
    if (call.action === 'claim') return claims.claim(call.receptionId, call.receptionNumber);
    await claims.release(call.receptionId);
    return null;
  };
  // One reception's calls reach HQ in the order they were sent: leaving the appraisal for the settlement screen
  // releases and claims again at once, and a release overtaking that claim would leave the screen without its claim.
  const inOrder = new Map<string, Promise<unknown>>();
  const runClaim = (call: ClaimCall) => {
    const previous = inOrder.get(call.receptionId) ?? Promise.resolve();
    const done = previous.then(() => send(call));
    const settled = done.catch(() => {});
    inOrder.set(call.receptionId, settled);
    void settled.then(() => {
      if (inOrder.get(call.receptionId) === settled) inOrder.delete(call.receptionId);
    });
    return done;
  };

  port.onMessage((message) => {
    if (message.type === 'wake') loop.wake();
    if (message.type === 'claim') {
      void runClaim(message.call).then(
        (result) => post({ type: 'claimed', id: message.id, result }),
        () => post({ type: 'claimed', id: message.id, result: null }),
      );
    }
    if (message.type === 'stop') {
      stopFeed.abort();
      void Promise.all([loop.stop(), feedPeriod]).then(() => {
        db.close();
        post({ type: 'stopped' });
        closed = true;
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
