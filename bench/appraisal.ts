// `npx tsx bench/appraisal.ts`: issue 17's appraisal figures — the price hint (A-02) and the catalog lookup and search
// at two million settled stock rows. Prints one FIGURE line per figure (bench/report.ts).
//
// The hint reads only price_points (migration 061: one row per settled stock item), so the database here holds
// 2,000,000 of those — five years of a busy store, dated over those years — and 100,000 catalog entries, generated in
// SQLite on a fresh kiosk database (its real migrations and categories). The stock and reception tables the five-year
// bench seeds (bench/seed.ts) are never read by these queries, so they are not rebuilt here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore } from '../main/core.ts';
import { lookupScannedCode, searchCatalog } from '../main/services/catalog.ts';
import { priceHint } from '../main/services/price-hints.ts';
import { gs1CheckDigit } from '../common/product-code.ts';
import { percentiles, reportFigure, time } from './report.ts';

const STOCK_ROWS = 2_000_000;
const CATALOG = 100_000;
const dataDir = mkdtempSync(join(tmpdir(), 'kaitori-bench-appraisal-'));
const core = await createCore({
  dataDir,
  migrationsDir: resolve(import.meta.dirname, '../db/migrations'),
  host: 'browser',
  version: 'bench',
  keyProvider: { keyId: 'bench', getKey: () => Buffer.alloc(32, 7) },
  seedDemo: false,
});
const { db } = core;
const now = new Date('2026-11-30T03:00:00.000Z');
const code = (n: number) => {
  const body = `49${String(n).padStart(10, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
};
db.function('bench_jan', { deterministic: true }, (n: unknown) => code(Number(n)));
const categories = (db.prepare('SELECT id FROM categories WHERE parent_id IS NOT NULL ORDER BY sort_order').pluck().all() as string[]).filter(Boolean);
db.exec('CREATE TEMP TABLE cats (k INTEGER PRIMARY KEY, id TEXT)');
for (const [k, id] of categories.entries()) db.prepare('INSERT INTO cats VALUES (?, ?)').run(k, id);

const started = performance.now();
// Every fourth item in one category (the busiest counter's clothes), grade B most often; a third with a product code,
// one product (code 1) bought 40,000 times; prices 100 … 100,000 yen; dates spread over five years, oldest first.
db.transaction(() => {
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @rows)
     INSERT INTO price_points (product_code, category_id, grade, unit_price, settled_at)
     SELECT CASE WHEN i % 50 = 0 THEN bench_jan(1) WHEN i % 3 = 0 THEN bench_jan(2 + (i * 7919) % 20000) ELSE '' END,
            CASE WHEN i % 4 = 0 THEN (SELECT id FROM cats WHERE k = 0) ELSE (SELECT id FROM cats WHERE k = 1 + (i * 31) % (@cats - 1)) END,
            substr('BBBAACSDJB', 1 + (i * 13) % 10, 1),
            100 + (i * 7727) % 99901,
            strftime('%Y-%m-%dT%H:%M:%fZ', @start + (i * 5.0 * 365 * 86400 / @rows), 'unixepoch')
       FROM n`,
  ).run({ rows: STOCK_ROWS, cats: categories.length, start: Math.floor(now.getTime() / 1000) - 5 * 365 * 86400 });
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
     INSERT INTO catalog_items (code, name, maker, model, category_id, created_at, updated_at)
     SELECT bench_jan(i),
            substr('ニンテンドースイッチ プレイステーション ロレックス デイトジャスト マキタ インパクトドライバ キヤノン', 1 + (i * 7) % 40, 8) || ' ' || i,
            substr('任天堂ソニーROLEXマキタキヤノンAppleNIKE', 1 + (i * 3) % 20, 4),
            'MDL-' || (i * 37) % 100000,
            (SELECT id FROM cats WHERE k = i % @cats), @at, @at
       FROM n`,
  ).run({ count: CATALOG, cats: categories.length, at: now.toISOString() });
})();
db.exec('ANALYZE');
console.log(`seeded ${STOCK_ROWS.toLocaleString()} price points and ${CATALOG.toLocaleString()} catalog entries in ${((performance.now() - started) / 1000).toFixed(1)} s`);
// The first search folds the new catalog entries into its index (once, like the first start after an upgrade).
searchCatalog(db, 'すいっち', 20);

const busiest = categories[0]!;
const figure = (name: string, samples: number[], goal: number) =>
  reportFigure({ name, value: percentiles(samples).p95, unit: 'ms', goal: { max: goal } });
const hintOk = priceHint(db, now, { productCode: code(1), categoryId: busiest, grade: 'B' });
console.log(`hint for the most bought product: ${JSON.stringify(hintOk && { basis: hintOk.basis, count: hintOk.count, median: hintOk.median })}`);
figure(
  'A-02 price hint p95, product + grade (most bought product), 2 M stock rows',
  time(300, (run) => priceHint(db, now, { productCode: code(1), categoryId: busiest, grade: 'BACSDJ'[Math.max(0, run) % 6] as 'B' })),
  10,
);
figure(
  'A-02 price hint p95, falling back to the busiest category + grade, 2 M stock rows',
  time(300, (run) => priceHint(db, now, { productCode: code(900_000 + run + 1), categoryId: busiest, grade: 'B' })),
  10,
);
figure('A-01 catalog lookup of a scanned JAN p95, 100,000 entries', time(300, (run) => lookupScannedCode(db, code(2 + ((run + 1) * 97) % CATALOG))), 10);
figure('A-01 catalog search by name (trigram) p95, 100,000 entries', time(100, () => searchCatalog(db, 'インパクト', 20)), 50);

await core.close();
rmSync(dataDir, { recursive: true, force: true });
