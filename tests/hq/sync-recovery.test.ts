/**
 * D-08 issue 13 §3: after an outage the queue drains within seconds of HQ coming back, without anyone waking the
 * worker and whatever backoff the failing batches built up: while HQ is unreachable the worker probes it on a short,
 * jittered period and touches no row. (How many seconds, for 100 rows after 5 minutes, is bench/sync.ts's figure.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSyncWorker, type SyncWorkerHandle } from '../../main/sync/sync-client.ts';
import type { SyncStatus } from '../../preload/types.ts';
import { backends, freePort, type RunningHq, settlementIdsAtHq, startHq } from './support/hq.ts';
import { createKioskDb, enqueueMany, type KioskDb, outboxRows } from './support/kiosk.ts';

describe.each(backends().slice(0, 1))('recovery after an outage, HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  let kiosk: KioskDb | undefined;
  let worker: SyncWorkerHandle | undefined;
  afterEach(async () => {
    await worker?.stop();
    await hq?.close();
    kiosk?.dispose();
  });

  it('D-08 HQ down with 100 queued, then up: the worker finds it by itself and drains; nothing was written meanwhile', async () => {
    kiosk = createKioskDb();
    const ids = enqueueMany(kiosk.db, 100, 'recovery');
    const port = await freePort();
    const token = 'recovery-test-token-0123456789';
    const statuses: SyncStatus[] = [];
    worker = startSyncWorker({
      dbFile: kiosk.file,
      config: { hqUrl: `http://127.0.0.1:${port}`, storeCode: 'S001', terminalCode: 'T01', token },
      onStatus: (status) => statuses.push(status),
      // Backoff of 10 minutes and an idle ping of 10 minutes: only the probe can explain a drain within the test.
      tuning: { backoff: { baseMs: 600_000, capMs: 600_000 }, idlePingMs: 600_000, probeMs: 150, requestTimeoutMs: 2_000 },
    });
    await expect.poll(() => statuses.filter((s) => s.lastError?.startsWith('NETWORK')).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    expect(statuses.at(-1)).toMatchObject({ configured: true, online: false, backlog: 100 });
    expect(outboxRows(kiosk.db).every((row) => row.attempts === 0 && row.next_attempt_at === null)).toBe(true);

    hq = await startHq(backend, { port, token });
    await expect.poll(() => statuses.some((s) => s.online && s.backlog === 0), { timeout: 15_000 }).toBe(true);
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);
    expect(outboxRows(kiosk.db)).toEqual([]);
  });
});
