/** The real sync worker thread on a kiosk database, with every status it reports collected for the test to read. */
import { type SyncTuning, type SyncWorkerHandle, startSyncWorker, type WorkerAuditKey } from '../../../main/sync/sync-client.ts';
import type { SyncStatus } from '../../../preload/types.ts';
import type { KioskDb } from './kiosk.ts';

export function startWorker(
  kiosk: KioskDb,
  hq: { url: string; token: string },
  options: { tuning?: SyncTuning; workerUrl?: URL; auditKey?: WorkerAuditKey } = {},
): { worker: SyncWorkerHandle; statuses: SyncStatus[] } {
  const statuses: SyncStatus[] = [];
  const worker = startSyncWorker({
    dbFile: kiosk.file,
    config: { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token },
    onStatus: (status) => statuses.push(status),
    ...options,
  });
  return { worker, statuses };
}
