import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../main/core.ts';
import { KioskSync } from '../../../main/sync/kiosk-sync.ts';
import { saveSyncConnection } from '../../../main/sync/provisioning.ts';
import type { SyncStatus } from '../../../main/sync/status.ts';
import { startTestCore, type TestCore } from '../../support/core.ts';

let t: TestCore;
let sync: KioskSync | undefined;
beforeEach(async () => {
  t = await startTestCore({ signIn: false });
});
afterEach(async () => {
  await sync?.stop();
  sync = undefined;
  await t.close();
});

function kioskSync(worker: string, restartDelayMs: number, statuses: SyncStatus[]): KioskSync {
  const keys = { keyId: 'k', getKey: (() => { const key = randomBytes(32); return () => key; })() };
  saveSyncConnection(t.core.db, keys, { hqUrl: 'http://127.0.0.1:9', storeCode: 'S001', terminalCode: 'T01', token: 'x'.repeat(32) });
  // A sync succeeded long ago: the persisted lastSyncAt must not count as this worker proving itself.
  t.core.db
    .prepare("INSERT INTO sync_state (key, value) VALUES ('last_sync_at', '2026-11-26T00:00:00.000Z') ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .run();
  return new KioskSync({
    db: t.core.db,
    dbFile: join(t.dataDir, DATABASE_FILE),
    keyProvider: keys,
    clock: () => new Date(),
    onStatus: (status) => statuses.push(status),
    workerUrl: new URL(`../../support/${worker}`, import.meta.url),
    tuning: { restartDelayMs },
  });
}

/** The pause planned after each crash, in order, until `count` crashes were seen (bounded). */
async function plannedPauses(s: KioskSync, count: number): Promise<number[]> {
  const pauses: number[] = [];
  const deadline = Date.now() + 20_000;
  while (pauses.length < count && Date.now() < deadline) {
    const pause = s.restartPauseMs;
    if (pause !== null && s.crashCount === pauses.length + 1) pauses.push(pause);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return pauses;
}

describe('D-08 a sync worker that dies is started again after a growing pause', () => {
  it('D-08 the pause doubles with each crash even though a sync once succeeded (persisted lastSyncAt)', async () => {
    const statuses: SyncStatus[] = [];
    sync = kioskSync('synced-then-crashing-worker.mjs', 40, statuses);
    sync.start();
    expect(await plannedPauses(sync, 4)).toEqual([40, 80, 160, 320]);
    expect(statuses.some((s) => s.lastSyncAt === '2026-11-26T00:00:00.000Z')).toBe(true);
    expect(statuses.some((s) => s.lastError?.startsWith('WORKER_CRASHED: worker bug after a status'))).toBe(true);
    await sync.stop();
    const after = sync.crashCount;
    await new Promise((r) => setTimeout(r, 400));
    expect(sync.crashCount).toBe(after);
    expect(sync.running).toBe(false);
  });

  it('D-08 a worker that exits without an error event is restarted too, and the badge says it exited', async () => {
    const statuses: SyncStatus[] = [];
    sync = kioskSync('exiting-worker.mjs', 20, statuses);
    sync.start();
    expect(await plannedPauses(sync, 3)).toEqual([20, 40, 80]);
    expect(statuses.some((s) => s.lastError === 'WORKER_EXITED: 3')).toBe(true);
  });
});
