/** D-06 / D-08: the sync worker thread drains the outbox off the main thread and wakes at once when told to. */
import { afterEach, describe, expect, it } from 'vitest';
import { startSyncWorker, type SyncWorkerHandle } from '../../main/sync/sync-client.ts';
import type { SyncStatus } from '../../main/sync/status.ts';
import { makeSettlementPayload } from './support/factory.ts';
import { backends, freePort, type RunningHq, settlementIdsAtHq, startHq } from './support/hq.ts';
import { createKioskDb, enqueueMany, enqueueSettlement, type KioskDb, outboxRows } from './support/kiosk.ts';

/** Waits (bounded) for a status that satisfies the predicate. */
async function until(statuses: SyncStatus[], predicate: (s: SyncStatus) => boolean, ms = 10_000): Promise<SyncStatus> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const hit = statuses.find(predicate);
    if (hit) return hit;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no matching status within ${ms} ms; last: ${JSON.stringify(statuses.at(-1))}`);
}

describe.each(backends().slice(0, 1))('sync worker (worker_threads), HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  let kiosk: KioskDb | undefined;
  let worker: SyncWorkerHandle | undefined;
  afterEach(async () => {
    await worker?.stop();
    await hq?.close();
    kiosk?.dispose();
  });

  it('D-06 D-08 reports offline with a backlog, then drains everything once woken after HQ comes up', async () => {
    kiosk = createKioskDb();
    const ids = enqueueMany(kiosk.db, 40, 'worker');
    const port = await freePort();
    const token = 'worker-test-token-0123456789';
    const statuses: SyncStatus[] = [];
    worker = startSyncWorker({
      dbFile: kiosk.file,
      config: { hqUrl: `http://127.0.0.1:${port}`, storeCode: 'S001', terminalCode: 'T01', token },
      onStatus: (s) => statuses.push(s),
      // A long backoff: only wake() can make the worker try again within the test's deadline.
      tuning: { backoff: { baseMs: 120_000, capMs: 120_000 }, requestTimeoutMs: 2_000, idlePingMs: 60_000 },
    });
    const offline = await until(statuses, (s) => s.lastError !== null);
    expect(offline).toMatchObject({ configured: true, online: false, backlog: 40, dead: 0 });
    expect(offline.lastError).toMatch(/^NETWORK/);

    hq = await startHq(backend, { port, token });
    statuses.length = 0;
    worker.wake();
    await until(statuses, (s) => s.backlog === 0 && s.online);
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);

    // A settlement written later goes out as soon as the kiosk wakes the worker.
    const later = makeSettlementPayload(99, { run: 'worker' });
    enqueueSettlement(kiosk.db, later);
    statuses.length = 0;
    worker.wake();
    const done = await until(statuses, (s) => s.backlog === 0 && s.lastSyncAt !== null);
    expect(done.lastError).toBeNull();
    expect(await settlementIdsAtHq(hq.db)).toEqual([...ids, later.settlementId].sort());
    await worker.stop();
    worker = undefined;
    expect(outboxRows(kiosk.db)).toEqual([]);
  });
});
