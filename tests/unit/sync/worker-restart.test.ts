import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../main/core.ts';
import { KioskSync } from '../../../main/sync/kiosk-sync.ts';
import { saveSyncConnection } from '../../../main/sync/provisioning.ts';
import type { SyncStatus } from '../../../main/sync/status.ts';
import { startTestCore, type TestCore } from '../../support/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore({ signIn: false });
});
afterEach(() => t.close());

describe('D-08 a crashed sync worker is started again', () => {
  it('restarts after a growing pause, shows the crash on the badge, and stays stopped after stop()', async () => {
    const keys = { keyId: 'k', getKey: (() => { const key = randomBytes(32); return () => key; })() };
    saveSyncConnection(t.core.db, keys, { hqUrl: 'http://127.0.0.1:9', storeCode: 'S001', terminalCode: 'T01', token: 'x'.repeat(32) });
    const statuses: SyncStatus[] = [];
    const sync = new KioskSync({
      db: t.core.db,
      dbFile: join(t.dataDir, DATABASE_FILE),
      keyProvider: keys,
      clock: () => new Date(),
      onStatus: (status) => statuses.push(status),
      workerUrl: new URL('../../support/crashing-worker.mjs', import.meta.url),
      tuning: { restartDelayMs: 20 },
    });
    sync.start();
    const deadline = Date.now() + 10_000;
    while (sync.crashCount < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sync.crashCount).toBeGreaterThanOrEqual(3);
    expect(statuses.some((s) => s.lastError?.startsWith('WORKER_CRASHED'))).toBe(true);
    await sync.stop();
    const after = sync.crashCount;
    await new Promise((r) => setTimeout(r, 300));
    expect(sync.crashCount).toBe(after);
  });
});
