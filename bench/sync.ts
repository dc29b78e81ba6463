/**
 * HQ sync figures (issue 14 "HQ ingest", issue 13 §3), printed as value / goal / met:
 *  1. Ingest: 10,000 queued settlements drained from a kiosk database into a local HQ, on SQLite and on PostgreSQL,
 *     against bare HTTP POSTs of the very same batch bodies to a no-op route of the same server (goal ≥ 0.5); then the
 *     same with several kiosks draining at once (a chain's HQ), against as many bare posters at once.
 *  2. Recovery: HQ down for an outage (default 20 s; `--outage-seconds 300` for the 5 minutes) with 100
 *     settlements queued, the real sync worker running; then HQ comes up: seconds until the outbox is empty (goal ≤ 5).
 *
 * Run: npx tsx bench/sync.ts [--count 10000] [--batch 100] [--kiosks 4] [--outage-seconds 20] [--skip-ingest]
 *      [--skip-outage]
 * PostgreSQL: HQ_BENCH_DATABASE_URL or HQ_TEST_DATABASE_URL (`eval "$(bash scripts/ci-postgres.sh)"`); without one the
 * PostgreSQL figure is reported as not measured.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import { type HqDatabase, migrateHq, openPostgresHqDatabase, openSqliteHqDatabase } from '../hq/db.ts';
import { buildHqServer } from '../hq/server.ts';
import { provisionTerminal } from '../hq/terminals.ts';
import { openWorkerDatabase } from '../main/sync/outbox-queue.ts';
import { OutboxPusher } from '../main/sync/pusher.ts';
import { startSyncWorker } from '../main/sync/sync-client.ts';
import { makeSettlementPayload } from '../tests/hq/support/factory.ts';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '100' },
    kiosks: { type: 'string', default: '4' },
    'outage-seconds': { type: 'string', default: '20' },
    'skip-ingest': { type: 'boolean', default: false },
    'skip-outage': { type: 'boolean', default: false },
  },
});
const count = Number(args.count);
const batchSize = Number(args.batch);
const kioskCount = Number(args.kiosks);
const outageSeconds = Number(args['outage-seconds']);
const PG_URL = process.env.HQ_BENCH_DATABASE_URL ?? process.env.HQ_TEST_DATABASE_URL;
const MIGRATIONS = fileURLToPath(new URL('../db/migrations/', import.meta.url));

function line(name: string, value: string, goal: string, met: boolean | null): void {
  console.log(`${name.padEnd(58)} ${value.padStart(16)}   goal ${goal.padEnd(10)} ${met === null ? 'not measured' : met ? 'met' : 'NOT met'}`);
}

/** A kiosk database with n settlements queued; `terminal` is its number within the store (in its reception numbers). */
function kioskWithQueue(dir: string, n: number, run: string, terminal = 1): Db {
  const kiosk = openDatabase(join(dir, `kiosk-${run}.sqlite3`));
  migrate(kiosk, loadMigrations(MIGRATIONS));
  const insert = kiosk.prepare(
    "INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES (?, 'settlement', ?, ?, ?)",
  );
  kiosk.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const p = makeSettlementPayload(i, { run });
      p.receptionNumber = `S001-${String(terminal).padStart(2, '0')}-20260520-${String(i).padStart(4, '0')}`;
      insert.run(randomUUID(), p.settlementId, JSON.stringify(p), p.settledAt);
    }
  })();
  return kiosk;
}

async function openBackend(name: 'sqlite' | 'postgres', dir: string): Promise<{ db: HqDatabase; dispose(): Promise<void> }> {
  if (name === 'sqlite') {
    const db = openSqliteHqDatabase(join(dir, `hq-${randomBytes(4).toString('hex')}.sqlite3`));
    return { db, dispose: () => db.close() };
  }
  const schema = `hq_bench_${randomBytes(4).toString('hex')}`;
  const db = await openPostgresHqDatabase({ connectionString: PG_URL!, schema });
  return {
    db,
    dispose: async () => {
      await db.execute(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

/**
 * Drains `count` settlements into HQ on one database from `kiosks` kiosks at once (each its own database and pusher);
 * returns sync rate / bare POST rate, the bare POSTs sent by as many posters at once.
 */
async function ingest(name: 'sqlite' | 'postgres', dir: string, kiosks: number): Promise<number> {
  const per = Math.ceil(count / kiosks);
  const queues = Array.from({ length: kiosks }, (_, k) => kioskWithQueue(dir, per, `ingest-${name}-${kiosks}-${k}`, k + 1));
  const hq = await openBackend(name, dir);
  try {
    await migrateHq(hq.db);
    const { token } = await provisionTerminal(hq.db, { storeCode: 'S001', terminalCode: 'T01' });
    const app = await buildHqServer({ db: hq.db });
    // The baseline: same server, same JSON parsing of the body, nothing validated or stored.
    app.post('/bench/noop', async () => ({ ok: true }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const bodiesOf = (kiosk: Db): string[] => {
      const rows = kiosk.prepare('SELECT kind, aggregate_id, payload FROM outbox ORDER BY seq').all() as {
        kind: string;
        aggregate_id: string;
        payload: string;
      }[];
      const bodies: string[] = [];
      for (let i = 0; i < rows.length; i += batchSize) {
        const items = rows
          .slice(i, i + batchSize)
          .map((r) => `{"kind":"${r.kind}","id":"${r.aggregate_id}","payload":${r.payload}}`);
        bodies.push(`{"protocol":2,"items":[${items.join(',')}]}`);
      }
      return bodies;
    };
    const bodies = queues.map(bodiesOf);
    // Each pusher on its own connection, as the sync worker has it.
    const workerDbs = queues.map((kiosk) => openWorkerDatabase(kiosk.name));
    const pushers = workerDbs.map((workerDb) => new OutboxPusher(workerDb, { hqUrl: url, token }, { batchSize }));
    // Bare POSTs and drain alternate in slices, so a machine whose load drifts during the run weighs on both alike.
    const SLICES = 4;
    const perSlice = Math.ceil(Math.max(...bodies.map((list) => list.length)) / SLICES);
    let rawMs = 0;
    let syncMs = 0;
    for (let slice = 0; slice < SLICES; slice++) {
      let started = performance.now();
      await Promise.all(
        bodies.map(async (list) => {
          for (const body of list.slice(slice * perSlice, (slice + 1) * perSlice)) {
            const response = await fetch(`${url}/bench/noop`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body,
            });
            await response.arrayBuffer();
            if (!response.ok) throw new Error(`noop answered ${response.status}`);
          }
        }),
      );
      rawMs += performance.now() - started;
      started = performance.now();
      await Promise.all(
        pushers.map(async (pusher, k) => {
          // Bounded: the slice's batches, and no failure tolerated.
          for (let batch = 0; batch < perSlice; batch++) {
            const outcome = await pusher.pushOnce({ force: true });
            if (outcome.kind === 'idle') break;
            if (outcome.kind !== 'sent' || outcome.setAside > 0 || outcome.retrying > 0) {
              const reasons = workerDbs[k]!.prepare('SELECT DISTINCT last_error FROM outbox WHERE dead_at IS NOT NULL LIMIT 3').all();
              throw new Error(`push did not store everything: ${JSON.stringify(outcome)} ${JSON.stringify(reasons)}`);
            }
          }
        }),
      );
      syncMs += performance.now() - started;
    }
    const rawSeconds = rawMs / 1000;
    const syncSeconds = syncMs / 1000;
    for (const workerDb of workerDbs) workerDb.close();
    const [stored] = await hq.db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM settlements');
    const left = queues.reduce((n, kiosk) => n + (kiosk.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n, 0);
    if (Number(stored?.n) !== per * kiosks || left !== 0) throw new Error(`HQ holds ${stored?.n}, outbox left ${left}`);
    await app.close();
    const total = per * kiosks;
    const syncRate = total / syncSeconds;
    const rawRate = total / rawSeconds;
    console.log(
      `  ${name}, ${kiosks} kiosk${kiosks > 1 ? 's at once' : ''}: drain ${syncSeconds.toFixed(2)} s (${syncRate.toFixed(0)} settlements/s, ` +
        `validated, stored once, per-item results, acknowledged); bare POST ${rawSeconds.toFixed(2)} s (${rawRate.toFixed(0)}/s)`,
    );
    return syncRate / rawRate;
  } finally {
    for (const kiosk of queues) kiosk.close();
    await hq.dispose();
  }
}

/** HQ down with 100 queued and the real worker running; then up: seconds until the outbox is empty. */
async function recovery(dir: string): Promise<number> {
  const kiosk = kioskWithQueue(dir, 100, 'outage');
  const file = kiosk.name;
  const hqDb = openSqliteHqDatabase(join(dir, 'hq-outage.sqlite3'));
  await migrateHq(hqDb);
  const token = randomBytes(24).toString('base64url');
  await provisionTerminal(hqDb, { storeCode: 'S001', terminalCode: 'T01' }, { randomToken: () => token });
  const app = await buildHqServer({ db: hqDb });
  // Take a port, free it: nothing listens there during the outage.
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await app.close();

  // Default tuning, as shipped: 1 s..5 min backoff, 2 s probe.
  const worker = startSyncWorker({ dbFile: file, config: { hqUrl: `http://127.0.0.1:${port}`, storeCode: 'S001', terminalCode: 'T01', token } });
  try {
    console.log(`  HQ down for ${outageSeconds} s with 100 settlements queued…`);
    await new Promise((resolve) => setTimeout(resolve, outageSeconds * 1000));
    const upApp = await buildHqServer({ db: hqDb });
    await upApp.listen({ host: '127.0.0.1', port });
    const upAt = performance.now();
    const live = kiosk.prepare('SELECT COUNT(*) AS n FROM outbox');
    // Bounded: five minutes at most (the old worker's backoff cap), polled every 20 ms.
    let drained: number | null = null;
    while (performance.now() - upAt < 300_000) {
      if ((live.get() as { n: number }).n === 0) {
        drained = (performance.now() - upAt) / 1000;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await upApp.close();
    if (drained === null) throw new Error('outbox not empty 5 minutes after HQ came back');
    return drained;
  } finally {
    await worker.stop();
    kiosk.close();
    await hqDb.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
try {
  console.log(`HQ sync bench — ${count} settlements in batches of ${batchSize}, kiosk and HQ on 127.0.0.1`);
  const results: [string, string, string, boolean | null][] = [];
  if (!args['skip-ingest']) {
    const backends: ('sqlite' | 'postgres')[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
    for (const kiosks of [1, kioskCount]) {
      for (const name of backends) {
        const ratio = await ingest(name, dir, kiosks);
        const label = `HQ ingest on ${name === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${kiosks} kiosk${kiosks > 1 ? 's at once' : ''} / bare POST`;
        results.push([label, ratio.toFixed(3), '≥ 0.5', ratio >= 0.5]);
      }
      if (!PG_URL) results.push([`HQ ingest on PostgreSQL, ${kiosks} kiosk(s) (no database URL)`, '—', '≥ 0.5', null]);
    }
  }
  if (!args['skip-outage']) {
    const seconds = await recovery(dir);
    results.push([`outbox empty after a ${outageSeconds} s outage, 100 queued (s)`, seconds.toFixed(2), '≤ 5', seconds <= 5]);
  }
  console.log('');
  for (const [name, value, goal, met] of results) line(name, value, goal, met);
  if (results.some(([, , , met]) => met === false)) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
