/** D-06 / D-08: a kiosk killed (SIGKILL) in the middle of a batch, after HQ committed it, and started again. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { backends, countAtHq, type RunningHq, settlementIdsAtHq, startHq } from './support/hq.ts';
import { createKioskDb, enqueueMany, type KioskDb, outboxRows } from './support/kiosk.ts';

const CHILD = fileURLToPath(new URL('./support/pusher-child.ts', import.meta.url));

function startChild(kiosk: KioskDb, hq: RunningHq): { child: ChildProcess; exit: Promise<number | string | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, kiosk.file, hq.url, hq.token, '50'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exit = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exit };
}

describe.each(backends())('kiosk killed mid-batch, HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  let kiosk: KioskDb | undefined;
  afterEach(async () => {
    await hq?.close();
    kiosk?.dispose();
  });

  it('D-06 D-08 a restarted kiosk resends the unacknowledged batch; HQ keeps one copy of each', async () => {
    kiosk = createKioskDb();
    const ids = enqueueMany(kiosk.db, 300, 'killed');
    kiosk.db.close();
    let batches = 0;
    let first: { child: ChildProcess; exit: Promise<number | string | null> } | undefined;
    hq = await startHq(backend, {
      configure(app) {
        // At the third batch HQ has committed, the kiosk has not heard back: kill the kiosk right there.
        app.addHook('onSend', async (request, _reply, payload) => {
          if (request.url === '/api/v1/settlements' && ++batches === 3 && first) {
            first.child.kill('SIGKILL');
            await first.exit;
          }
          return payload;
        });
      },
    });
    first = startChild(kiosk, hq);
    expect(await first.exit).toBe('SIGKILL');
    expect((await countAtHq(hq.db)).settlements).toBe(150);
    const afterKill = openDatabase(kiosk.file);
    // The third batch is committed at HQ yet still queued here: the kiosk never heard the acknowledgement.
    expect(outboxRows(afterKill)).toHaveLength(200);
    afterKill.close();

    const second = startChild(kiosk, hq);
    expect(await second.exit).toBe(0);
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);
    expect((await countAtHq(hq.db)).received).toBe(300);
    kiosk = { ...kiosk, db: openDatabase(kiosk.file) };
    expect(outboxRows(kiosk.db)).toEqual([]);
  }, 30_000);
});
