/**
 * D-06 / B-09 figures: drains 10,000 queued settlements from a kiosk database into a local HQ (SQLite, both on
 * 127.0.0.1), and beside it posts the very same batch bodies to a no-op route of the same server, so the ratio shows
 * what idempotent, validated, durable storage costs over bare HTTP. Run: npx tsx bench/sync.ts [count] [batch]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { migrateHq, openSqliteHqDatabase } from '../hq/db.ts';
import { buildHqServer } from '../hq/server.ts';
import { provisionTerminal } from '../hq/terminals.ts';
import { OutboxPusher } from '../main/sync/pusher.ts';
import { makeSettlementPayload } from '../tests/hq/support/factory.ts';

const count = Number(process.argv[2] ?? 10_000);
const batchSize = Number(process.argv[3] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));

try {
  const kiosk = openDatabase(join(dir, 'kiosk.sqlite3'));
  migrate(kiosk, loadMigrations(fileURLToPath(new URL('../db/migrations/', import.meta.url))));
  const payloads = Array.from({ length: count }, (_, i) => makeSettlementPayload(i + 1, { run: 'bench' }));
  const insert = kiosk.prepare(
    "INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES (?, 'settlement', ?, ?, ?)",
  );
  kiosk.transaction(() => {
    for (const p of payloads) insert.run(randomUUID(), p.settlementId, JSON.stringify(p), p.settledAt);
  })();

  const hqDb = openSqliteHqDatabase(join(dir, 'hq.sqlite3'));
  await migrateHq(hqDb);
  const { token } = await provisionTerminal(hqDb, { storeCode: 'S001', terminalCode: 'T01' });
  const app = await buildHqServer({ db: hqDb });
  // The baseline: same server, same JSON parsing of the body, nothing validated or stored.
  app.post('/bench/noop', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const bodies: string[] = [];
  for (let i = 0; i < count; i += batchSize) {
    const items = payloads.slice(i, i + batchSize).map((p) => ({ kind: 'settlement', id: p.settlementId, payload: p }));
    bodies.push(JSON.stringify({ items }));
  }
  const rawStart = performance.now();
  for (const body of bodies) {
    const response = await fetch(`${url}/bench/noop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`noop answered ${response.status}`);
  }
  const rawSeconds = (performance.now() - rawStart) / 1000;

  const pusher = new OutboxPusher(kiosk, { hqUrl: url, token }, { batchSize });
  const syncStart = performance.now();
  // Bounded: twice the batches needed, and no failure tolerated.
  for (let round = 0; round < (2 * count) / batchSize + 2; round++) {
    const outcome = await pusher.pushOnce({ force: true });
    if (outcome.kind === 'idle') break;
    if (outcome.kind === 'failed') throw new Error(`push failed: ${outcome.error}`);
  }
  const syncSeconds = (performance.now() - syncStart) / 1000;

  const [stored] = await hqDb.query<{ n: number }>('SELECT COUNT(*) AS n FROM settlements');
  const left = (kiosk.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  const syncRate = count / syncSeconds;
  const rawRate = count / rawSeconds;
  console.log(`settlements: ${count}, batch: ${batchSize}, HQ on SQLite (WAL, synchronous=FULL), 127.0.0.1`);
  console.log(`sync drain (validate, store once, ack, delete): ${syncSeconds.toFixed(2)} s  ${syncRate.toFixed(0)} settlements/s`);
  console.log(`bare HTTP POST of the same bodies to a no-op:   ${rawSeconds.toFixed(2)} s  ${rawRate.toFixed(0)} settlements/s`);
  console.log(`ratio sync/raw: ${(syncRate / rawRate).toFixed(3)}`);
  console.log(`HQ holds ${stored?.n} settlements; outbox rows left: ${left}`);
  if (stored?.n !== count || left !== 0) process.exitCode = 1;
  await app.close();
  await hqDb.close();
  kiosk.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
