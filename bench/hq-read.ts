/**
 * Issue 14 "HQ's read API and page stay fast at 10 million settlements" (B-09): seeds an HQ database with N
 * settlements (default 10,000,000; 2 items each) spread over five years and 50 stores, then times the read API and the
 * page over real HTTP and prints value / goal / met, with the query plans that show the indexes at work.
 *
 * Seeding is done once and cached: SQLite in <tmpdir>/kaitori-hq-read-<N>.sqlite3 (one transaction from a recursive
 * CTE, indexes built after the rows), PostgreSQL in schema hq_read_<N> (generate_series). The seed keeps the payload
 * columns small: the read API lists from the indexed columns and never reads them.
 *
 * Run: npx tsx bench/hq-read.ts [--count 10000000] [--sqlite-only | --postgres-only] [--reseed]
 * PostgreSQL: HQ_BENCH_DATABASE_URL or HQ_TEST_DATABASE_URL.
 */
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { type HqDatabase, migrateHq, openPostgresHqDatabase, openSqliteHqDatabase } from '../hq/db.ts';
import { buildHqServer } from '../hq/server.ts';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '10000000' },
    'sqlite-only': { type: 'boolean', default: false },
    'postgres-only': { type: 'boolean', default: false },
    reseed: { type: 'boolean', default: false },
  },
});
const N = Number(args.count);
const STORES = 50;
const DAYS = 5 * 365 + 1;
const PER_DAY = Math.ceil(N / DAYS);
const GOAL_MS = 50;
const PG_URL = process.env.HQ_BENCH_DATABASE_URL ?? process.env.HQ_TEST_DATABASE_URL;
const ADMIN = 'bench-admin-token';

/** Settlement i: day i / PER_DAY from 2021-01-01, store i % 50, a time within the day, 2 items. */
const SQLITE_SEED = `
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${N - 1})
INSERT INTO settlements (id, reception_id, reception_number, store_code, terminal_code, staff_code, settled_at,
  business_date, member_number, items_total, adjustment_amount, adjustment_reason, total_amount, payment_method,
  print_method, points_granted, agreed_terms_version, seller, verification, payload, received_at, item_count)
SELECT printf('%08x-0000-4000-8000-%012x', i, i), printf('%08x-1111-4000-8000-%012x', i, i),
  printf('S%03d-01-%s-%04d', i % ${STORES} + 1, replace(d, '-', ''), (i % ${PER_DAY}) / ${STORES} + 1),
  printf('S%03d', i % ${STORES} + 1), 'T01', 'ST001',
  d || 'T' || time((i % ${PER_DAY}) * 86400 / ${PER_DAY} - 32400, 'unixepoch') || '.000Z',
  d, NULL, 6000 + i % 5000, 0, '', 6000 + i % 5000, 'cash', 'receipt', 0, 1, '{}', '{}', '{}', d || 'T12:00:00.000Z', 2
FROM (SELECT i, date('2021-01-01', '+' || (i / ${PER_DAY}) || ' days') AS d FROM n)`;

const SQLITE_ITEMS = `
INSERT INTO settlement_items (settlement_id, id, position, category_id, category_name, name, maker, model, serial,
  colour, features, grade, quantity, unit_price, amount, cancelled, ec_publish, stock_code)
SELECT s.id, printf('%08x-2222-4000-8000-%012x', s.rowid, p.position), p.position, 'brand-bags', 'ブランドバッグ',
  'ショルダーバッグ', 'メーカー', 'M-1', 'SN', '黒', '', 'B', 1, 3000, 3000, 0, 0, NULL
FROM settlements s CROSS JOIN (SELECT 1 AS position UNION ALL SELECT 2) p`;

async function seedSqlite(file: string): Promise<void> {
  const setup = openSqliteHqDatabase(file);
  await migrateHq(setup);
  await setup.close();
  const db = new Database(file);
  // A seed, not data anyone keeps: a rollback journal (it holds only the few pages the seed changes; a WAL would
  // hold the whole seed a second time), no fsync.
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const started = performance.now();
  try {
    // The read indexes exactly as the migrations made them, built once after the rows rather than row by row.
    const indexes = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'settlements' AND sql IS NOT NULL")
      .all() as { name: string; sql: string }[];
    for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
    db.exec('BEGIN');
    db.exec(SQLITE_SEED);
    db.exec(SQLITE_ITEMS);
    db.exec('COMMIT');
    for (const index of indexes) db.exec(index.sql);
    db.exec('ANALYZE');
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    throw error;
  }
  db.close();
  console.log(`  seeded SQLite with ${N.toLocaleString()} settlements in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function seedPostgres(db: HqDatabase, schema: string): Promise<void> {
  const started = performance.now();
  await migrateHq(db);
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = ? AND tablename = 'settlements' AND indexname <> 'settlements_pkey'`,
    [schema],
  );
  for (const index of indexes) await db.execute(`DROP INDEX ${index.indexname}`);
  // Row-by-row foreign key checks would take longer than the rows themselves; the seed writes consistent ids.
  await db.execute('ALTER TABLE settlement_items DROP CONSTRAINT settlement_items_settlement_id_fkey');
  await db.execute(`
    INSERT INTO settlements (id, reception_id, reception_number, store_code, terminal_code, staff_code, settled_at,
      business_date, member_number, items_total, adjustment_amount, adjustment_reason, total_amount, payment_method,
      print_method, points_granted, agreed_terms_version, seller, verification, payload, received_at, item_count)
    SELECT lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'),
      lpad(to_hex(i), 8, '0') || '-1111-4000-8000-' || lpad(to_hex(i), 12, '0'),
      'S' || lpad((i % ${STORES} + 1)::text, 3, '0') || '-01-' || to_char(d, 'YYYYMMDD') || '-' ||
        lpad(((i % ${PER_DAY}) / ${STORES} + 1)::text, 4, '0'),
      'S' || lpad((i % ${STORES} + 1)::text, 3, '0'), 'T01', 'ST001',
      to_char(d::timestamp + ((i % ${PER_DAY}) * 86400 / ${PER_DAY} - 32400) * interval '1 second',
        'YYYY-MM-DD"T"HH24:MI:SS".000Z"'),
      to_char(d, 'YYYY-MM-DD'), NULL, 6000 + i % 5000, 0, '', 6000 + i % 5000, 'cash', 'receipt', 0, 1, '{}', '{}', '{}',
      to_char(d, 'YYYY-MM-DD') || 'T12:00:00.000Z', 2
    FROM (SELECT i, date '2021-01-01' + (i / ${PER_DAY})::int AS d FROM generate_series(0, ${N - 1}) AS i) AS g`);
  await db.execute(`
    INSERT INTO settlement_items (settlement_id, id, position, category_id, category_name, name, maker, model, serial,
      colour, features, grade, quantity, unit_price, amount, cancelled, ec_publish, stock_code)
    SELECT s.id, s.id || '-' || p, p, 'brand-bags', 'ブランドバッグ', 'ショルダーバッグ', 'メーカー', 'M-1', 'SN', '黒', '',
      'B', 1, 3000, 3000, 0, 0, NULL
    FROM settlements s CROSS JOIN generate_series(1, 2) AS p`);
  for (const index of indexes) await db.execute(index.indexdef);
  // Sets the visibility map, so the day page is an index-only scan, as autovacuum keeps it on a live HQ.
  await db.execute(`VACUUM ANALYZE ${schema}.settlements`);
  await db.execute(`ANALYZE ${schema}.settlement_items`);
  await db.execute('CREATE TABLE bench_seeded (n BIGINT NOT NULL)');
  await db.execute('INSERT INTO bench_seeded (n) VALUES (?)', [N]);
  console.log(`  seeded PostgreSQL with ${N.toLocaleString()} settlements in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Figure {
  name: string;
  /** Inside HQ, from the request's arrival to its answer sent: what the read API costs. */
  server: { p50: number; p95: number };
  /** The same seen from the client over loopback HTTP, for reference (it also carries the client's own work). */
  http: { p50: number; p95: number };
}

async function measure(db: HqDatabase, label: string): Promise<Figure[]> {
  const app = await buildHqServer({ db, adminToken: ADMIN });
  const arrivals = new WeakMap<object, number>();
  let serverMs = 0;
  app.addHook('onRequest', async (request) => {
    arrivals.set(request, performance.now());
  });
  app.addHook('onResponse', async (request) => {
    serverMs = performance.now() - (arrivals.get(request) ?? performance.now());
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const auth = { authorization: `Bearer ${ADMIN}` };
  // A fixed pseudo-random walk, so both databases answer the same questions.
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  const day = () => {
    const d = new Date(Date.UTC(2021, 0, 1) + (next() % Math.min(DAYS, Math.ceil(N / PER_DAY))) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const store = () => `S${String((next() % STORES) + 1).padStart(3, '0')}`;
  type Timing = { http: number; server: number };
  const timed = async (path: string): Promise<[Timing, unknown]> => {
    const started = performance.now();
    const response = await fetch(`${url}${path}`, { headers: auth });
    const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    const http = performance.now() - started;
    // onResponse has run by the time the body is read.
    await new Promise((resolve) => setImmediate(resolve));
    return [{ http, server: serverMs }, body];
  };
  const runs = 40;
  const cases: [string, () => Promise<Timing>][] = [
    ['store day, first page (API)', async () => (await timed(`/api/v1/settlements?store=${store()}&date=${day()}`))[0]],
    ['whole chain day, first page of 200 + day totals (API)', async () => (await timed(`/api/v1/settlements?date=${day()}`))[0]],
    [
      'whole chain day, last page by keyset cursor (API)',
      async () => {
        const date = day();
        let [last, body] = await timed(`/api/v1/settlements?date=${date}&limit=1000`);
        // Bounded: a day holds at most PER_DAY settlements.
        for (let page = 0; page < PER_DAY / 1000 + 2; page++) {
          const cursor = (body as { next: string | null }).next;
          if (!cursor) break;
          [last, body] = await timed(`/api/v1/settlements?date=${date}&limit=1000&after=${cursor}`);
        }
        return last;
      },
    ],
    [
      'one settlement whole (API)',
      async () => {
        const i = next() % N;
        const hex = i.toString(16);
        return (await timed(`/api/v1/settlements/${hex.padStart(8, '0')}-0000-4000-8000-${hex.padStart(12, '0')}`))[0];
      },
    ],
    ['store day as the HTML page', async () => (await timed(`/?store=${store()}&date=${day()}`))[0]],
  ];
  const figures: Figure[] = [];
  for (const [name, run] of cases) {
    await run();
    const timings: Timing[] = [];
    for (let r = 0; r < runs; r++) timings.push(await run());
    const of = (key: keyof Timing) => {
      const sorted = timings.map((t) => t[key]).sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
    };
    figures.push({ name: `${label}: ${name}`, server: of('server'), http: of('http') });
  }
  await app.close();
  return figures;
}

async function plans(db: HqDatabase): Promise<void> {
  const page = `SELECT s.id FROM settlements s WHERE store_code = 'S017' AND business_date = '2024-06-15'
    AND (s.settled_at, s.id) > ('2024-06-15T00:00:00.000Z', '') ORDER BY s.settled_at, s.id LIMIT 201`;
  const day = `SELECT COUNT(*), SUM(total_amount) FROM settlements WHERE business_date = '2024-06-15'`;
  for (const sql of [page, day]) {
    const rows =
      db.dialect === 'sqlite'
        ? await db.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        : await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
    const text = rows.map((r) => ('detail' in r ? r.detail : r['QUERY PLAN'])).join(' | ');
    console.log(`  plan (${db.dialect}): ${text}`);
  }
}

const all: Figure[] = [];
if (!args['postgres-only']) {
  const file = join(tmpdir(), `kaitori-hq-read-${N}.sqlite3`);
  if (args.reseed) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  if (!existsSync(file)) await seedSqlite(file);
  else console.log(`  SQLite seed cached at ${file}`);
  const db = openSqliteHqDatabase(file);
  // A seed made by an older build gets this build's migrations, as a live HQ would at start-up.
  await migrateHq(db);
  await plans(db);
  all.push(...(await measure(db, 'SQLite')));
  await db.close();
}
if (!args['sqlite-only']) {
  if (!PG_URL) {
    console.log('  PostgreSQL: no HQ_BENCH_DATABASE_URL / HQ_TEST_DATABASE_URL — not measured');
  } else {
    const schema = `hq_read_${N}`;
    const db = await openPostgresHqDatabase({ connectionString: PG_URL, schema });
    if (args.reseed) await db.execute(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).then(() => db.execute(`CREATE SCHEMA ${schema}`));
    const [seeded] = await db
      .query<{ n: string | number }>('SELECT n FROM bench_seeded')
      .catch(() => [] as { n: string | number }[]);
    if (Number(seeded?.n) !== N) await seedPostgres(db, schema);
    else {
      console.log(`  PostgreSQL seed cached in schema ${schema}`);
      await migrateHq(db);
    }
    await plans(db);
    all.push(...(await measure(db, 'PostgreSQL')));
    await db.close();
  }
}
console.log(`\nHQ read at ${N.toLocaleString()} settlements (${STORES} stores, ${PER_DAY.toLocaleString()} a day), over HTTP:`);
const ms = (n: number) => n.toFixed(1).padStart(6);
for (const f of all) {
  console.log(
    `${f.name.padEnd(72)} in HQ p50 ${ms(f.server.p50)} p95 ${ms(f.server.p95)} ms · HTTP p50 ${ms(f.http.p50)} p95 ${ms(f.http.p95)} ms` +
      `   goal in HQ p95 ≤ ${GOAL_MS} ms  ${f.server.p95 <= GOAL_MS ? 'met' : 'NOT met'}`,
  );
}
if (all.some((f) => f.server.p95 > GOAL_MS)) process.exitCode = 1;
