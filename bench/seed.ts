/**
 * The five-year database every kiosk figure of issue 14 is measured on, seeded once and kept in the temp folder under
 * a key made of the migrations and this file, so a schema change (or a change here) seeds afresh.
 *
 * One file serves both sizes the issue names: 2,000,000 receptions with 3 items each (the search goal) of which every
 * third is settled, giving ≈ 667,000 settlements and 2,000,000 stock rows (the kiosk's five years at a busy store).
 * Rows use the product's real formats: reception numbers `S001-02-20261127-0007` (store, terminal, Tokyo day, daily
 * sequence), stock codes `S001-01-0001234` from the one `stock` counter, kanji names with katakana (and some hiragana)
 * readings, 𠮷田, phone numbers with and without hyphens, makers, models and serials as clerks type them.
 *
 * Rows are generated inside SQLite (recursive CTEs over small name tables), with the journal off while seeding and
 * WAL switched back on at the end; the product's own code then builds whatever derived data the schema has
 * (the search index), exactly as the first start after an upgrade would, only in bulk.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createCore, DATABASE_FILE } from '../main/core.ts';
import { refreshSearchIndex, registerSearchFunctions } from '../main/search/index.ts';

export const RECEPTIONS = 2_000_000;
export const ITEMS_PER_RECEPTION = 3;
/** Receptions per Tokyo day (three terminals): 2 M over five years. */
const PER_DAY = 1_096;
/** The last seeded Tokyo day; the bench's own receptions are made on the real clock's day, after it. */
const LAST_DAY_UTC = Date.UTC(2026, 10, 29);
const FIRST_DAY_UTC = LAST_DAY_UTC - (Math.ceil(RECEPTIONS / PER_DAY) - 1) * 86_400_000;
export const BENCH_KEY = Buffer.alloc(32, 7);

const MIGRATIONS = resolve(import.meta.dirname, '../db/migrations');

/** Folder of the cached database: tmp/kaitori-bench-<hash of migrations + this seed>. */
export function seedDir(): string {
  // A copy of a seeded database (made for another set of migrations, brought up to date by hand) saves a reseed.
  if (process.env.KAITORI_BENCH_DIR) return process.env.KAITORI_BENCH_DIR;
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS, file)));
  hash.update(readFileSync(import.meta.filename));
  return join(tmpdir(), `kaitori-bench-${hash.digest('hex').slice(0, 16)}`);
}

const SURNAMES: [string, string][] = [
  ['佐藤', 'サトウ'], ['鈴木', 'スズキ'], ['高橋', 'タカハシ'], ['田中', 'タナカ'], ['伊藤', 'イトウ'], ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'], ['中村', 'ナカムラ'], ['小林', 'コバヤシ'], ['加藤', 'カトウ'], ['𠮷田', 'ヨシダ'], ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'], ['山口', 'ヤマグチ'], ['松本', 'マツモト'], ['井上', 'イノウエ'], ['木村', 'キムラ'], ['林', 'ハヤシ'],
  ['斎藤', 'サイトウ'], ['清水', 'シミズ'], ['山崎', 'ヤマザキ'], ['森', 'モリ'], ['池田', 'イケダ'], ['橋本', 'ハシモト'],
  ['阿部', 'アベ'], ['石川', 'イシカワ'], ['山下', 'ヤマシタ'], ['中島', 'ナカジマ'], ['石井', 'イシイ'], ['小川', 'オガワ'],
  ['前田', 'マエダ'], ['岡田', 'オカダ'], ['長谷川', 'ハセガワ'], ['藤田', 'フジタ'], ['後藤', 'ゴトウ'], ['近藤', 'コンドウ'],
  ['村上', 'ムラカミ'], ['遠藤', 'エンドウ'], ['青木', 'アオキ'], ['勅使河原', 'テシガワラ'],
];
const GIVEN: [string, string][] = [
  ['太郎', 'タロウ'], ['花子', 'ハナコ'], ['一郎', 'イチロウ'], ['美咲', 'ミサキ'], ['健太', 'ケンタ'], ['陽菜', 'ヒナ'],
  ['大翔', 'ヒロト'], ['結衣', 'ユイ'], ['翔太', 'ショウタ'], ['さくら', 'サクラ'], ['蓮', 'レン'], ['葵', 'アオイ'],
  ['誠', 'マコト'], ['由美子', 'ユミコ'], ['浩二', 'コウジ'], ['恵', 'メグミ'], ['拓也', 'タクヤ'], ['真由美', 'マユミ'],
  ['直樹', 'ナオキ'], ['優子', 'ユウコ'], ['慎之介', 'シンノスケ'], ['アンナ', 'アンナ'], ['翼', 'ツバサ'], ['彩', 'アヤ'],
];
// name, maker, model prefix, serial prefix, category (the kiosk's own category ids)
const GOODS: [string, string, string, string, string][] = [
  ['ロレックス デイトジャスト', 'ROLEX', '1162', 'V', 'watch-wrist'],
  ['オメガ スピードマスター', 'OMEGA', '3570.', '8', 'watch-wrist'],
  ['グランドセイコー', 'セイコー', 'SBGA', '5', 'watch-wrist'],
  ['ニンテンドースイッチ 本体', '任天堂', 'HAC-001', 'XAW', 'game-console'],
  ['プレイステーション5', 'ソニー', 'CFI-1', 'E', 'game-console'],
  ['ゼルダの伝説 ティアーズ オブ ザ キングダム', '任天堂', 'HAC-P-AXN7', '', 'game-soft'],
  ['iPhone 13 128GB', 'Apple', 'MLNE3J/A', 'F17', 'elec-phone'],
  ['MacBook Air M2', 'Apple', 'MLY33J/A', 'C02', 'elec-pc'],
  ['ルイヴィトン モノグラム スピーディ30', 'LOUIS VUITTON', 'M41', 'SP', 'brand-bag'],
  ['シャネル マトラッセ チェーンショルダー', 'CHANEL', 'A01', '2', 'brand-bag'],
  ['エルメス バーキン30', 'HERMÈS', 'BIRKIN', '', 'brand-bag'],
  ['K18 喜平ネックレス 50cm', '', 'K18', '', 'metal-gold'],
  ['Pt900 ダイヤリング 0.5ct', '', 'PT900', '', 'metal-pt'],
  ['ワンピース 1〜105巻 全巻セット', '集英社', '', '', 'book-comic'],
  ['キャノン EOS R6', 'キヤノン', 'EOS R6', '0', 'elec-camera'],
  ['マキタ インパクトドライバ 18V', 'マキタ', 'TD17', '', 'tool-power'],
  ['フェンダー ストラトキャスター', 'Fender', 'ST62', 'JD', 'instr-guitar'],
  ['ポケモンカード リザードン', 'ポケモン', 'SV2a', '', 'hobby-card'],
  ['ＮＩＫＥ エアジョーダン1 ﾊｲ', 'NIKE', 'DZ5485', '', 'cloth-shoes'],
  ['ちいかわ ぬいぐるみ 🐹', 'ちいかわ', '', '', 'hobby-figure'],
];

/** Seeds (or finds) the five-year database; returns its data folder. */
export async function ensureSeeded(log: (line: string) => void = console.log): Promise<string> {
  const dir = seedDir();
  if (existsSync(join(dir, 'ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const lap = (what: string) => log(`  seed: ${what} at ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // The demo store, terminal T01, staff and members come from the product's own first start.
  const core = await createCore({
    dataDir: dir,
    migrationsDir: MIGRATIONS,
    host: 'browser',
    version: 'bench-seed',
    keyProvider: { keyId: 'bench', getKey: () => BENCH_KEY },
    clock: () => new Date(LAST_DAY_UTC - 86_400_000 * 2000),
  });
  await core.close();

  const db = new Database(join(dir, DATABASE_FILE));
  // A WAL database must leave WAL before the journal can be switched off for the bulk load (and better-sqlite3's
  // defensive mode, which forbids journal_mode=OFF, is lifted for this seeding connection only).
  db.unsafeMode(true);
  db.pragma('journal_mode = DELETE');
  if (db.pragma('journal_mode = OFF', { simple: true }) !== 'off') throw new Error('could not switch the journal off for seeding');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -3000000');
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = OFF');
  const store = db.prepare(`SELECT id FROM stores WHERE code = 'S001'`).get() as { id: string };
  const t1 = db.prepare(`SELECT id, password_hash FROM terminals WHERE number = 1`).get() as { id: string; password_hash: string };
  const staff = db.prepare(`SELECT id FROM staff ORDER BY code`).all() as { id: string }[];
  const seedAt = new Date(FIRST_DAY_UTC).toISOString();

  db.exec(`
    CREATE TEMP TABLE surnames (k INTEGER PRIMARY KEY, kanji TEXT, kana TEXT, hira TEXT);
    CREATE TEMP TABLE given (k INTEGER PRIMARY KEY, kanji TEXT, kana TEXT, hira TEXT);
    CREATE TEMP TABLE goods (k INTEGER PRIMARY KEY, name TEXT, maker TEXT, model TEXT, serial TEXT, category TEXT);
    CREATE TEMP TABLE staff_pick (k INTEGER PRIMARY KEY, id TEXT);
    CREATE TEMP TABLE terminal_pick (k INTEGER PRIMARY KEY, id TEXT);`);
  const fill = (table: string, rows: unknown[][]) => {
    const marks = rows[0]!.map(() => '?').join(', ');
    const insert = db.prepare(`INSERT INTO ${table} VALUES (?, ${marks})`);
    rows.forEach((row, k) => {
      insert.run(k, ...row);
    });
  };
  const hiragana = (kana: string) => kana.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
  fill('surnames', SURNAMES.map(([kanji, kana]) => [kanji, kana, hiragana(kana)]));
  fill('given', GIVEN.map(([kanji, kana]) => [kanji, kana, hiragana(kana)]));
  fill('goods', GOODS);
  fill('staff_pick', staff.map((s) => [s.id]));
  const terminalIds = [t1.id];
  for (const number of [2, 3]) {
    const id = `00000000-0000-7000-8000-00000000000${number}`;
    db.prepare(`INSERT OR IGNORE INTO terminals (id, store_id, code, number, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
      id,
      store.id,
      `T0${number}`,
      number,
      `レジ${number}`,
      t1.password_hash,
      seedAt,
    );
    terminalIds.push(id);
  }
  fill('terminal_pick', terminalIds.map((id) => [id]));
  // Indexes whose keys arrive in random order are built once after the bulk load (a sort) instead of row by row;
  // the schema's own SQL is kept. Indexes on ever-growing keys (dates, sequential ids) are cheap to append to.
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                AND tbl_name IN ('customers', 'receptions', 'reception_items', 'settlements', 'stock_items')
                AND name NOT IN ('receptions_created', 'reception_items_reception', 'settlements_settled_at', 'stock_items_created')`)
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);
  // The triggers that mark receptions for the search index (migration 030) would fire 8 M times; the seed marks every
  // reception at once afterwards, with the migration's own statement.
  const markers = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('receptions', 'reception_items', 'customers')
                AND name LIKE '%search%'`)
    .all() as { name: string; sql: string }[];
  for (const trigger of markers) db.exec(`DROP TRIGGER ${trigger.name}`);
  const stockBase = (db.prepare(`SELECT COALESCE(MAX(last), 0) AS n FROM counters WHERE name = 'stock'`).get() as { n: number }).n;
  const ns = SURNAMES.length;
  const ng = GIVEN.length;
  const MEMBERS = 50_000;

  db.transaction(() => {
    db.exec(`
      INSERT INTO customers (id, member_number, name, name_kana, postal_code, address, phone, birth_date, occupation, created_at, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MEMBERS})
      SELECT printf('00000001-0000-7000-8000-%012x', i), printf('M1%06d', i),
             s.kanji || ' ' || g.kanji, s.kana || ' ' || g.kana,
             printf('150-%04d', i % 10000), '東京都渋谷区神南' || (i % 3 + 1) || '-' || (i % 20 + 1) || '-' || (i % 9 + 1),
             CASE i % 3 WHEN 0 THEN printf('090-%04d-%04d', (i * 7919) % 10000, i % 10000)
                        WHEN 1 THEN printf('080%04d%04d', (i * 104729) % 10000, i % 10000)
                        ELSE printf('03-%04d-%04d', (i * 31) % 10000, i % 10000) END,
             printf('%04d-%02d-%02d', 1950 + i % 55, 1 + i % 12, 1 + i % 28), '会社員', '${seedAt}', '${seedAt}'
        FROM n JOIN surnames s ON s.k = (i * 7) % ${ns} JOIN given g ON g.k = (i * 13) % ${ng}`);
  })();
  lap(`${MEMBERS.toLocaleString()} members`);

  // Receptions: day d, position p within the day; terminal = p % 3 + 1, its daily sequence = p / 3 + 1. Opening hours
  // 10:00–19:00 Tokyo. One in three is a member's; every third reception is settled.
  const firstDayJst = FIRST_DAY_UTC / 1000;
  db.transaction(() => {
    db.exec(`
      INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, customer_id, seller_name, seller_name_kana,
        seller_postal_code, seller_address, seller_phone, seller_birth_date, seller_occupation, status, item_count, items_total,
        adjustment_amount, created_at, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${RECEPTIONS - 1}),
      r AS (SELECT i, i / ${PER_DAY} AS d, i % ${PER_DAY} AS p,
                   CASE WHEN i % 3 = 1 THEN 1 + (i * 2654435761) % ${MEMBERS} END AS member FROM n)
      SELECT printf('00000002-0000-7000-8000-%012x', i),
             printf('S001-%02d-%s-%04d', p % 3 + 1, strftime('%Y%m%d', ${firstDayJst} + d * 86400, 'unixepoch'), p / 3 + 1),
             '${store.id}', tp.id, sp.id, CASE WHEN member IS NOT NULL THEN printf('00000001-0000-7000-8000-%012x', member) END,
             COALESCE(c.name, s.kanji || ' ' || g.kanji),
             -- walk-ins' readings typed in hiragana every seventh time, as clerks do
             COALESCE(c.name_kana, CASE WHEN i % 7 = 0 THEN s.hira || ' ' || g.hira ELSE s.kana || ' ' || g.kana END),
             '150-0041', '東京都渋谷区神南1-2-3',
             COALESCE(c.phone, CASE i % 4 WHEN 0 THEN printf('090-%04d-%04d', (i * 7919) % 10000, i % 10000)
                                           WHEN 1 THEN printf('080%04d%04d', (i * 104729) % 10000, i % 10000)
                                           WHEN 2 THEN printf('070-%04d-%04d', (i * 31) % 10000, (i / 7) % 10000)
                                           ELSE printf('03-%04d-%04d', (i * 17) % 10000, i % 10000) END),
             printf('%04d-%02d-%02d', 1950 + i % 55, 1 + i % 12, 1 + i % 28), '会社員',
             CASE WHEN i % 3 = 0 THEN 'settled' WHEN i % 12 = 1 THEN 'cancelled' WHEN i % 12 IN (2, 5) THEN 'received'
                  WHEN i % 12 IN (4, 7) THEN 'appraising' ELSE 'appraised' END,
             -- the items' prices below, summed here so no pass over 6 M items is needed
             ${ITEMS_PER_RECEPTION}, ${ITEMS_PER_RECEPTION * 1000} + 500 * ((((3 * i) * 2654435761) % 1000003) % 200
               + (((3 * i + 1) * 2654435761) % 1000003) % 200 + (((3 * i + 2) * 2654435761) % 1000003) % 200),
             CASE WHEN i % 50 = 0 THEN -500 ELSE 0 END,
             strftime('%Y-%m-%dT%H:%M:%fZ', ${firstDayJst} + d * 86400 + 3600 + p * 29, 'unixepoch'),
             strftime('%Y-%m-%dT%H:%M:%fZ', ${firstDayJst} + d * 86400 + 3600 + p * 29 + 1200, 'unixepoch')
        FROM r
        JOIN surnames s ON s.k = (i * 7 + i / 40) % ${ns}
        JOIN given g ON g.k = (i * 11) % ${ng}
        JOIN terminal_pick tp ON tp.k = p % 3
        JOIN staff_pick sp ON sp.k = i % ${staff.length}
        LEFT JOIN customers c ON c.id = printf('00000001-0000-7000-8000-%012x', member)`);
  })();
  lap(`${RECEPTIONS.toLocaleString()} receptions`);

  db.transaction(() => {
    db.exec(`
      INSERT INTO reception_items (id, reception_id, position, stock_code, category_id, name, maker, model, serial, colour,
        features, grade, quantity, unit_price, ec_publish, created_at, updated_at)
      WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j < ${RECEPTIONS * ITEMS_PER_RECEPTION - 1}),
      x AS (SELECT j, j / ${ITEMS_PER_RECEPTION} AS i, j % ${ITEMS_PER_RECEPTION} AS q, (j * 2654435761) % 1000003 AS h FROM n)
      SELECT printf('00000003-0000-7000-8000-%012x', j), printf('00000002-0000-7000-8000-%012x', i), q + 1,
             printf('S001-%02d-%07d', (i % ${PER_DAY}) % 3 + 1, ${stockBase} + j + 1), g.category, g.name, g.maker,
             CASE WHEN g.model = '' THEN '' ELSE g.model || CASE WHEN h % 3 = 0 THEN '' ELSE printf('%02d', h % 97) END END,
             CASE WHEN g.serial = '' THEN '' ELSE g.serial || printf('%07d', h * 7 % 10000000) END,
             '', '', substr('SABCDJ', 1 + h % 6, 1), 1, 1000 + (h % 200) * 500, 0,
             strftime('%Y-%m-%dT%H:%M:%fZ', ${firstDayJst} + (i / ${PER_DAY}) * 86400 + 3600 + (i % ${PER_DAY}) * 29 + 60, 'unixepoch'),
             strftime('%Y-%m-%dT%H:%M:%fZ', ${firstDayJst} + (i / ${PER_DAY}) * 86400 + 3600 + (i % ${PER_DAY}) * 29 + 60, 'unixepoch')
        FROM x JOIN goods g ON g.k = (h + q * 7) % ${GOODS.length}`);
  })();
  lap(`${(RECEPTIONS * ITEMS_PER_RECEPTION).toLocaleString()} items`);

  db.transaction(() => {
    const verification = JSON.stringify({
      required: true,
      reasons: ['amount'],
      method: 'id_document',
      documentType: 'drivers_licence',
      documentNumberLast4: '1234',
      seller: { name: '', address: '東京都渋谷区神南1-2-3', occupation: '会社員', birthDate: '' },
      age: null,
      minor: false,
      guardian: null,
      invoice: { registered: false, tNumber: '', specialRule: true },
    });
    db.exec(`
      INSERT INTO settlements (id, reception_id, staff_id, terminal_id, items_total, adjustment_amount, total_amount, payment_method,
        print_method, points_granted, agreed_terms_version, verification, settled_at)
      SELECT printf('00000004-0000-7000-8000-%012x', r.rowid), r.id, r.staff_id, r.terminal_id, r.items_total,
             r.adjustment_amount, r.items_total + r.adjustment_amount, 'cash', 'none', 0, 1,
             json_set('${verification}', '$.seller.name', r.seller_name, '$.seller.birthDate', r.seller_birth_date), r.updated_at
        FROM receptions r WHERE r.status = 'settled' AND r.id GLOB '00000002-*' ORDER BY r.rowid`);
    db.exec(`
      INSERT INTO stock_items (id, code, reception_item_id, settlement_id, category_id, name, grade, quantity, price, ec_published,
        created_at, updated_at)
      SELECT printf('00000005-0000-7000-8000-%012x', ri.rowid), ri.stock_code, ri.id, st.id, ri.category_id, ri.name, ri.grade,
             ri.quantity, ri.unit_price, ri.rowid % 5 = 0, st.settled_at, st.settled_at
        FROM settlements st JOIN reception_items ri ON ri.reception_id = st.reception_id
        WHERE st.id GLOB '00000004-*' ORDER BY st.rowid, ri.position`);
  })();
  lap('settlements and stock');

  db.transaction(() => {
    db.exec(`INSERT OR REPLACE INTO counters (name, last) VALUES ('stock', ${stockBase + RECEPTIONS * ITEMS_PER_RECEPTION})`);
    db.exec(`INSERT OR REPLACE INTO reception_sequences (terminal_id, day, last)
             SELECT terminal_id, substr(number, 9, 8), MAX(CAST(substr(number, 18) AS INTEGER)) FROM receptions
              WHERE number GLOB 'S001-0[123]-*' GROUP BY terminal_id, substr(number, 9, 8)`);
  })();
  // The search documents (migration 030) are built by the product's own statement, with the search tables' key
  // indexes built after it in one sort each, like the indexes above.
  for (const trigger of markers) db.exec(trigger.sql);
  db.exec('INSERT OR IGNORE INTO reception_search_pending (reception_id) SELECT id FROM receptions ORDER BY created_at, rowid');
  registerSearchFunctions(db);
  const searchIndexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = 'reception_search'`)
    .all() as { name: string; sql: string }[];
  for (const index of searchIndexes) db.exec(`DROP INDEX ${index.name}`);
  refreshSearchIndex(db);
  lap('search documents');
  for (const index of [...indexes, ...searchIndexes]) db.exec(index.sql);
  lap('indexes');
  db.pragma('journal_mode = WAL');
  db.close();

  // Anything else the schema derives from these rows is settled by the product's own start-up path.
  const built = await createCore({
    dataDir: dir,
    migrationsDir: MIGRATIONS,
    host: 'browser',
    version: 'bench-seed',
    keyProvider: { keyId: 'bench', getKey: () => BENCH_KEY },
  });
  // A sampled ANALYZE (as PRAGMA optimize would run on a counter PC), so the planner knows the tables' shapes.
  built.db.pragma('analysis_limit = 1000');
  built.db.exec('ANALYZE');
  await built.close();
  lap('derived data and ANALYZE');
  writeFileSync(join(dir, 'ready'), new Date().toISOString());
  return dir;
}

if (process.argv[1] === import.meta.filename) {
  const dir = await ensureSeeded();
  console.log(dir);
}
