/**
 * D-06 / D-08: the sync worker thread drains the outbox off the main thread and wakes at once when told to; after an
 * outage it finds HQ back by itself (issue 13 §3): while HQ is unreachable it probes on a short, jittered period and
 * touches no row. (How many seconds, for 100 rows after 5 minutes, is bench/sync.ts's figure.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncWorkerHandle } from '../../main/sync/sync-client.ts';
import type { SyncStatus } from '../../main/sync/status.ts';
import { makeSettlementPayload } from './support/factory.ts';
import { backends, freePort, type RunningHq, settlementIdsAtHq, startHq } from './support/hq.ts';
import { createKioskDb, enqueueMany, enqueueSettlement, type KioskDb, outboxRows } from './support/kiosk.ts';
import { startWorker } from './support/worker.ts';

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
    let statuses: SyncStatus[];
    ({ worker, statuses } = startWorker(kiosk, { url: `http://127.0.0.1:${port}`, token }, {
      // A long backoff: only wake() can make the worker try again within the test's deadline.
      tuning: { backoff: { baseMs: 120_000, capMs: 120_000 }, requestTimeoutMs: 2_000, idlePingMs: 60_000, probeMs: 60_000 },
    }));
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

  it('D-08 HQ down with 100 queued, then up: the worker finds it by itself and drains; nothing was written meanwhile', async () => {
    kiosk = createKioskDb();
    const ids = enqueueMany(kiosk.db, 100, 'recovery');
    const port = await freePort();
    const token = 'recovery-test-token-0123456789';
    let statuses: SyncStatus[];
    ({ worker, statuses } = startWorker(kiosk, { url: `http://127.0.0.1:${port}`, token }, {
      // Backoff of 10 minutes and an idle ping of 10 minutes: only the probe can explain a drain within the test.
      tuning: { backoff: { baseMs: 600_000, capMs: 600_000 }, idlePingMs: 600_000, probeMs: 150, requestTimeoutMs: 2_000 },
    }));
    await expect.poll(() => statuses.filter((s) => s.lastError?.startsWith('NETWORK')).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    expect(statuses.at(-1)).toMatchObject({ configured: true, online: false, backlog: 100 });
    expect(outboxRows(kiosk.db).every((row) => row.attempts === 0 && row.next_attempt_at === null)).toBe(true);

    hq = await startHq(backend, { port, token });
    await expect.poll(() => statuses.some((s) => s.online && s.backlog === 0), { timeout: 15_000 }).toBe(true);
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);
    expect(outboxRows(kiosk.db)).toEqual([]);
  });
});
