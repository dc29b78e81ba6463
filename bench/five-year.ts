// `npx tsx bench/five-year.ts`: issue 14's kiosk figures on the five-year database (bench/seed.ts): search and lists at
// 2 M receptions, stock list and 古物台帳 at 2 M stock rows, opening a settled reception, the Tokyo-date helper, and a
// warm createCore start. Prints one FIGURE line per figure (bench/report.ts).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { tokyoDate } from '../common/compliance.ts';
import { createCore } from '../main/core.ts';
import { encodeCursor, type ListQuery } from '../main/services/reception-list.ts';
import { listStock } from '../main/services/stock.ts';
import { percentiles, reportFigure, time } from './report.ts';
import { BENCH_KEY, ensureSeeded } from './seed.ts';

const dataDir = await ensureSeeded();
const open = () =>
  createCore({
    dataDir,
    migrationsDir: resolve(import.meta.dirname, '../db/migrations'),
    host: 'browser',
    version: 'bench',
    keyProvider: { keyId: 'bench', getKey: () => BENCH_KEY },
    seedDemo: false,
  });

// Start-up: the first open after seeding may still settle derived data; the later ones are the warm starts measured —
// in this process (createCore alone), and as a fresh process running bundled JavaScript, from its start to ready.
await (await open()).close();
const startups: number[] = [];
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  const core = await open();
  startups.push(performance.now() - started);
  await core.close();
}
reportFigure({ name: 'start-up: createCore services ready, warm, 2 M receptions', value: percentiles(startups).median, unit: 'ms', goal: { max: 500 } });
// Inside the checkout, so the bundle's imports of installed packages resolve as the shipped app's do.
const bundle = resolve(import.meta.dirname, '../node_modules/.cache/kaitori-bench/startup.mjs');
const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
const installedPackages = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
await build({
  entryPoints: [resolve(import.meta.dirname, 'startup-entry.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: bundle,
  // Installed packages stay imports, except the workspace's own, which ships TypeScript source: it is bundled.
  external: installedPackages.filter((name) => name !== 'kaitori-sync-protocol'),
  // Aliased: a bundled module may import createRequire itself, and a second top-level binding is a SyntaxError.
  banner: { js: "import { createRequire as createBannerRequire } from 'node:module'; const require = createBannerRequire(import.meta.url);" },
  logLevel: 'error',
});
const processStarts: number[] = [];
for (let run = 0; run < 3; run++) {
  const out = execFileSync(process.execPath, [bundle, dataDir, resolve(import.meta.dirname, '../db/migrations'), BENCH_KEY.toString('hex')], {
    cwd: resolve(import.meta.dirname, '..'),
    encoding: 'utf8',
  });
  processStarts.push(Number(/ready ([\d.]+)/.exec(out)![1]));
}
reportFigure({ name: 'start-up: fresh process (bundled JS) to services ready, warm, 2 M receptions', value: percentiles(processStarts).median, unit: 'ms', goal: { max: 500 } });

const core = await open();
const { db } = core;
const { receptions } = core.services;
const RUNS = 20;
const base: ListQuery = { keyword: '', number: '', customer: '', staffId: '', status: [], dateFrom: '', dateTo: '', sort: 'createdAt', direction: 'desc', cursor: '', pageSize: 50 };
const list = (query: Partial<ListQuery>) => receptions.list({ ...base, ...query });

// Terms a clerk types, each from the seeded data, varied per run so no single cached answer is timed.
const sample = db
  .prepare(
    `SELECT r.number, r.seller_phone AS phone, ri.name, ri.maker, ri.model, ri.serial
       FROM receptions r JOIN reception_items ri ON ri.reception_id = r.id AND ri.position = 1
      WHERE r.rowid % 99991 = 7 AND ri.serial != '' LIMIT ${RUNS}`,
  )
  .all() as { number: string; phone: string; name: string; maker: string; model: string; serial: string }[];
const pick = <T>(values: T[], run: number) => values[Math.max(0, run) % values.length]!;
const searches: [string, (run: number) => Partial<ListQuery>][] = [
  ['search: name in hiragana (たなか, 3 chars)', () => ({ customer: 'たなか' })],
  ['search: name in katakana (ヨシダ)', () => ({ customer: 'ヨシダ' })],
  ['search: name in kanji, 2 chars (田中)', () => ({ customer: '田中' })],
  ['search: full name in kanji (𠮷田 翼)', () => ({ customer: '𠮷田 翼' })],
  ['search: rare name in hiragana (てしがわら)', () => ({ customer: 'てしがわら' })],
  ['search: reception number (scanned)', (run) => ({ number: pick(sample, run).number })],
  ['search: phone digits (full)', (run) => ({ customer: pick(sample, run).phone.replace(/-/g, '') })],
  ['search: phone, last 4 digits', (run) => ({ customer: pick(sample, run).phone.replace(/-/g, '').slice(-4) })],
  ['search: item name (デイトジャスト)', () => ({ customer: 'デイトジャスト' })],
  ['search: maker (ROLEX)', () => ({ customer: 'ROLEX' })],
  ['search: model (HAC-001)', () => ({ customer: 'HAC-001' })],
  ['search: serial (full)', (run) => ({ customer: pick(sample, run).serial })],
  ['search: none match (ゼンゼンナイ)', () => ({ customer: 'ゼンゼンナイ' })],
  ['search: name + status settled (たなか)', () => ({ customer: 'たなか', status: ['settled'] })],
  ['search: name sorted by total (てしがわら)', () => ({ customer: 'てしがわら', sort: 'total' })],
];
const searchP95: number[] = [];
for (const [name, query] of searches) {
  const { p95 } = percentiles(time(RUNS, (run) => list(query(run))));
  searchP95.push(p95);
  reportFigure({ name: `${name}, p95`, value: p95, unit: 'ms', goal: { max: 5 } });
}
reportFigure({ name: 'search: worst p95 over all kinds', value: Math.max(...searchP95), unit: 'ms', goal: { max: 5 } });

const lists: [string, Partial<ListQuery>][] = [
  ['list: first page, newest first', {}],
  ['list: sorted by total (desc), first page', { sort: 'total', direction: 'desc' }],
  ['list: status settled', { status: ['settled'] }],
  ['list: one Tokyo day', { dateFrom: '2025-06-02', dateTo: '2025-06-02' }],
  // Page 1,000 is read from the cursor the 999th page hands back (keyset paging), taken here straight from row 49,950.
  ['list: page 1,000 (newest first)', { cursor: cursorAt('r.created_at'), sort: 'createdAt' }],
  ['list: page 1,000 sorted by total', { cursor: cursorAt('r.items_total + r.adjustment_amount'), sort: 'total', direction: 'desc' }],
];
function cursorAt(key: string): string {
  const row = db.prepare(`SELECT ${key} AS k, r.rowid AS id FROM receptions r ORDER BY ${key} DESC, r.rowid DESC LIMIT 1 OFFSET 49949`).get() as { k: string | number; id: number };
  return encodeCursor(['key', [row.k], row.id]);
}
for (const [name, query] of lists) {
  reportFigure({ name: `${name}, p95`, value: percentiles(time(RUNS, () => list(query))).p95, unit: 'ms', goal: { max: 5 } });
}

// Stock list (P-07) and the 古物台帳 (B-02) at 2 M stock rows.
const codes = db
  .prepare(`SELECT si.code, r.number FROM stock_items si JOIN reception_items ri ON ri.id = si.reception_item_id JOIN receptions r ON r.id = ri.reception_id
             WHERE si.rowid % 99991 = 3 LIMIT ${RUNS}`)
  .all() as { code: string; number: string }[];
const stockCases: [string, (run: number) => string][] = [
  ['stock: first page', () => ''],
  ['stock: scanned stock code', (run) => pick(codes, run).code],
  ['stock: name search (デイトジャスト)', () => 'デイトジャスト'],
  ['stock: name search in hiragana (すいっち)', () => 'すいっち'],
  // A seller's name matches 50,000 receptions and no goods: the path that read thousands of receptions before 032.
  ['stock: a seller\'s name finds no goods (たなか)', () => 'たなか'],
  ['stock: reception number, last 4 digits', (run) => pick(codes, run).number.slice(-4)],
];
for (const [name, query] of stockCases) {
  reportFigure({ name: `${name}, p95`, value: percentiles(time(RUNS, (run) => listStock(db, query(run), ''))).p95, unit: 'ms', goal: { max: 20 } });
}
// 古物台帳 (B-02): the screen reads a month a page at a time (keyset) — its first page, and a deep page read from the
// cursor the 10th page hands back; the CSV (and the print) hold the whole month, as the law wants.
const months = ['2024-01', '2025-03', '2026-10'].map((month) => ({ from: `${month}-01`, to: `${month}-28` }));
const LEDGER_PAGE = 100;
const afterTenPages = months.map((month) => {
  let cursor = '';
  for (let page = 0; page < 10; page++) cursor = core.services.ledger.page({ ...month, cursor, pageSize: LEDGER_PAGE }).next ?? '';
  return cursor;
});
const lines = core.services.ledger.list('2025-03-01', '2025-03-28').length;
const firstPages = time(RUNS, (run) => core.services.ledger.page({ ...pick(months, run), cursor: '', pageSize: LEDGER_PAGE }));
reportFigure({ name: `ledger: a month's first page (${LEDGER_PAGE} of ${lines.toLocaleString()} lines), p95`, value: percentiles(firstPages).p95, unit: 'ms', goal: { max: 20 } });
const deepPages = time(RUNS, (run) => core.services.ledger.page({ ...pick(months, run), cursor: pick(afterTenPages, run), pageSize: LEDGER_PAGE }));
reportFigure({ name: "ledger: a month's 11th page (cursor after 10 pages), p95", value: percentiles(deepPages).p95, unit: 'ms', goal: { max: 20 } });
// A download a manager waits for once a month; one second keeps it within a click's attention.
const csvs = time(3, (run) => core.services.ledger.csv(pick(months, run).from, pick(months, run).to));
reportFigure({ name: `ledger: the whole month as CSV (${lines.toLocaleString()} lines), median`, value: percentiles(csvs).median, unit: 'ms', goal: { max: 1_000 } });

// Opening a settled reception (P-03 detail): its images are looked up by settlement.
const settled = db.prepare(`SELECT id FROM receptions WHERE status = 'settled' AND rowid % 49999 = 1 LIMIT ${RUNS}`).all() as { id: string }[];
reportFigure({ name: 'open a settled reception, p95', value: percentiles(time(RUNS, (run) => receptions.get(pick(settled, run).id))).p95, unit: 'ms', goal: { max: 5 } });

// One Tokyo-date helper: 50,000 calls (the ledger calls it per line).
const instants = Array.from({ length: 50_000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 600_000));
const tokyo = time(3, () => {
  for (const instant of instants) tokyoDate(instant);
});
reportFigure({ name: 'tokyoDate × 50,000', value: percentiles(tokyo).median, unit: 'ms', goal: { max: 50 } });

await core.close();
