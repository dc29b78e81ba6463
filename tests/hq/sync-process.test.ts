/**
 * Issue 11 §5: in Electron the sync worker runs in a utility process (utilityProcess.fork) behind KioskSync's
 * injected spawn, and uses the fetch it is given (net.fetch there). Electron cannot run here, so a Node child process
 * stands in for the utility process: the same adapter (syncWorkerOverProcess) and child side (serveSyncWorker) the
 * app uses, a real HQ on 127.0.0.1, a real kiosk database file opened by the child on its own connection.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChildLike, syncWorkerOverProcess } from '../../main/shell/process-worker.ts';
import { KioskSync } from '../../main/sync/kiosk-sync.ts';
import { saveSyncConnection } from '../../main/sync/provisioning.ts';
import type { SpawnSyncWorker } from '../../main/sync/sync-client.ts';
import type { SyncStatus } from '../../main/sync/status.ts';
import { backends, type RunningHq, settlementIdsAtHq, startHq } from './support/hq.ts';
import { createKioskDb, enqueueMany, type KioskDb, outboxRows } from './support/kiosk.ts';

const CHILD = fileURLToPath(new URL('./support/sync-process-child.ts', import.meta.url));

/** The utility-process spawner of main/shell/electron-sync-process.ts, with child_process.fork in place of Electron. */
function forkSpawner(children: ChildProcess[], fetchLog: string): SpawnSyncWorker {
  return (data) => {
    const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, KIOSK_FETCH_LOG: fetchLog }, stdio: 'inherit' });
    children.push(child);
    const like: ChildLike = {
      postMessage: (message) => child.send(message as object),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code ?? 1)),
      kill: () => {
        child.kill();
      },
    };
    return syncWorkerOverProcess(like, { type: 'init', data, sqliteAddon: null });
  };
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(backends().slice(0, 1))('D-06 the sync worker in a process of its own (utility process stand-in), HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  let kiosk: KioskDb | undefined;
  let sync: KioskSync | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    await sync?.stop();
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await hq?.close();
    kiosk?.dispose();
  });

  function startSync(statuses: SyncStatus[], fetchLog: string): KioskSync {
    const key = randomBytes(32);
    const keys = { keyId: 'k', getKey: () => key };
    saveSyncConnection(kiosk!.db, keys, { hqUrl: hq!.url, storeCode: 'S001', terminalCode: 'T01', token: hq!.token }, new Date());
    const started = new KioskSync({
      db: kiosk!.db,
      dbFile: kiosk!.file,
      keyProvider: keys,
      clock: () => new Date(),
      onStatus: (status) => statuses.push(status),
      spawnWorker: forkSpawner(children, fetchLog),
      tuning: { restartDelayMs: 50, requestTimeoutMs: 5_000, backoff: { baseMs: 10, capMs: 50 } },
    });
    started.start();
    return started;
  }

  it('drains the outbox to HQ through the injected fetch, and stop() ends the process', async () => {
    kiosk = createKioskDb();
    hq = await startHq(backend);
    const ids = enqueueMany(kiosk.db, 30, 'utility');
    const statuses: SyncStatus[] = [];
    const fetchLog = join(kiosk.dir, 'fetch.log');
    sync = startSync(statuses, fetchLog);
    await until(() => statuses.some((s) => s.backlog === 0 && s.online), 'the outbox to drain');
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);
    expect(outboxRows(kiosk.db)).toEqual([]);
    // Every HQ request went through the fetch the process was given (Electron: net.fetch).
    const requests = readFileSync(fetchLog, 'utf8').trim().split('\n');
    expect(requests.some((line) => line.startsWith(`POST ${hq!.url}/api/v1/settlements`))).toBe(true);
    // The HQ token reached the child in the init message, never on its command line.
    expect(children[0]!.spawnargs.join(' ')).not.toContain(hq.token);
    await sync.stop();
    await until(() => children[0]!.exitCode !== null || children[0]!.signalCode !== null, 'the process to end');
    expect(sync.crashCount).toBe(0);
    sync = undefined;
  });

  it('D-08 a process that dies is started again after the pause, and the rest is sent', async () => {
    kiosk = createKioskDb();
    hq = await startHq(backend);
    const statuses: SyncStatus[] = [];
    sync = startSync(statuses, join(kiosk.dir, 'fetch.log'));
    await until(() => statuses.some((s) => s.online), 'the first process to reach HQ');
    children[0]!.kill('SIGKILL');
    await until(() => statuses.some((s) => s.lastError?.startsWith('WORKER_CRASHED') ?? false), 'the crash on the badge');
    await until(() => children.length === 2, 'a second process');
    const ids = enqueueMany(kiosk.db, 5, 'after-crash');
    sync.wake();
    await until(() => outboxRows(kiosk!.db).length === 0, 'the rows written after the crash to reach HQ');
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);
  });

  it('N-02 a reception claim and its release go over the process channel and out through the injected fetch', async () => {
    kiosk = createKioskDb();
    hq = await startHq(backend);
    const fetchLog = join(kiosk.dir, 'fetch.log');
    sync = startSync([], fetchLog);
    const receptionId = randomUUID();
    const receptionNumber = 'S001-01-20261127-0007';
    const claimed = await sync.claim({ action: 'claim', receptionId, receptionNumber });
    expect(claimed).toMatchObject({ ok: true, receptionId, renewSeconds: expect.any(Number) });
    // Renewed by the same terminal: still ours.
    expect(await sync.claim({ action: 'claim', receptionId, receptionNumber })).toMatchObject({ ok: true });
    expect(await sync.claim({ action: 'release', receptionId })).toBeNull();
    const requests = readFileSync(fetchLog, 'utf8').trim().split('\n');
    expect(requests).toContain(`POST ${hq.url}/api/v1/receptions/${receptionId}/claim`);
    expect(requests).toContain(`DELETE ${hq.url}/api/v1/receptions/${receptionId}/claim`);
    // Released at HQ: nobody holds it any more.
    const left = await hq.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM reception_claims WHERE reception_id = ?', [receptionId]);
    expect(Number(left[0]!.n)).toBe(0);
  });
});

describe.each(backends().slice(0, 1))('S-02 the terminal lease uses the fetch the shell gives the core, HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  afterEach(async () => {
    await hq?.close();
  });

  it('Electron passes net.fetch as CoreConfig.fetch: the lease taken at provisioning goes through it', async () => {
    hq = await startHq(backend);
    const seen: string[] = [];
    const injected: typeof fetch = (input, init) => {
      seen.push(`${init?.method ?? 'GET'} ${String(input)}`);
      return fetch(input, init);
    };
    const { startTestCore } = await import('../support/core.ts');
    const test = await startTestCore({ fetch: injected, signIn: 'manager' });
    try {
      await test.ok('sync:provision', { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token });
      await until(() => seen.some((line) => line.startsWith('POST') && line.includes('/lease')), 'the lease request');
    } finally {
      await test.close();
    }
  });
});
