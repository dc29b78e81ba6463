/**
 * The sync worker's entry (D-06): runs the outbox pusher on its own thread with its own database connection, so the
 * counter never waits for the network. Messages in: {type:'wake'} (connectivity returned, a settlement was written)
 * and {type:'stop'}. Messages out: {type:'status', status} after each cycle and {type:'stopped'} at the end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { SyncLoop } from './loop.ts';
import { openWorkerDatabase } from './outbox-queue.ts';
import { OutboxPusher } from './pusher.ts';
import type { SyncWorkerData, SyncWorkerRequest, SyncWorkerResponse } from './sync-client.ts';

const port = parentPort;
if (!port) throw new Error('main/sync/worker.ts must run as a worker thread');
const data = workerData as SyncWorkerData;
const post = (message: SyncWorkerResponse) => port.postMessage(message);

const db = openWorkerDatabase(data.dbFile);
if (data.migrationsDir) migrate(db, loadMigrations(data.migrationsDir));
const pusher = new OutboxPusher(
  db,
  { hqUrl: data.config.hqUrl, token: data.config.token },
  {
    ...(data.tuning.batchSize ? { batchSize: data.tuning.batchSize } : {}),
    ...(data.tuning.requestTimeoutMs ? { requestTimeoutMs: data.tuning.requestTimeoutMs } : {}),
    ...(data.tuning.backoff ? { backoff: data.tuning.backoff } : {}),
    ...(data.tuning.setAsideAfter ? { setAsideAfter: data.tuning.setAsideAfter } : {}),
  },
);
const loop = new SyncLoop({
  db,
  pusher,
  onStatus: (status) => post({ type: 'status', status }),
  ...(data.tuning.idlePingMs ? { idlePingMs: data.tuning.idlePingMs } : {}),
  ...(data.tuning.probeMs ? { probeMs: data.tuning.probeMs } : {}),
});

port.on('message', (message: SyncWorkerRequest) => {
  if (message.type === 'wake') loop.wake();
  if (message.type === 'stop') {
    void loop.stop().then(() => {
      db.close();
      post({ type: 'stopped' });
      port.close();
    });
  }
});

void loop.start();
