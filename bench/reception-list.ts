// `npx tsx bench/reception-list.ts`: the reception list (P-03) with 100,000 receptions on a file database — how long
// the queries behind the screen take: first page, a customer-name search, a status filter, sort by total, a deep page.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openBenchCore } from './bench-core.ts';
import type { ListQuery } from '../main/services/receptions.ts';

const COUNT = 100_000;
const { core, dispose } = await openBenchCore();
const { db } = core;
const ids = db.prepare(`SELECT t.id AS terminal, t.store_id AS store, s.id AS staff FROM terminals t, staff s LIMIT 1`).get() as {
  terminal: string;
  store: string;
  staff: string;
};
const statuses = ['received', 'appraising', 'appraised', 'settled', 'cancelled'];
const surnames = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤'];
const started = performance.now();
const insert = db.prepare(
  `INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, seller_name, seller_name_kana, seller_phone, status,
     item_count, items_total, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, 'カナ', ?, ?, ?, ?, ?, ?)`,
);
db.transaction(() => {
  for (let i = 0; i < COUNT; i++) {
    const at = new Date(Date.UTC(2024, 0, 1) + i * 15 * 60_000).toISOString();
    insert.run(
      randomUUID(),
      `S001-01-B${String(i).padStart(7, '0')}`,
      ids.store,
      ids.terminal,
      ids.staff,
      `${surnames[i % 10]} ${i}`,
      `090${String(i).padStart(8, '0')}`,
      statuses[i % 5],
      1 + (i % 7),
      (i % 97) * 1000,
      at,
      at,
    );
  }
})();
console.log(`seeded ${COUNT.toLocaleString()} receptions in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const base: ListQuery = { number: '', customer: '', staffId: '', status: [], dateFrom: '', dateTo: '', sort: 'createdAt', direction: 'desc', page: 1, pageSize: 50 };
const cases: [string, Partial<ListQuery>][] = [
  ['first page, newest first', {}],
  ['customer name contains "田中 12"', { customer: '田中 12' }],
  ['phone number digits', { customer: '09000012345' }],
  ['status settled', { status: ['settled'] }],
  ['one Tokyo day', { dateFrom: '2025-06-01', dateTo: '2025-06-01' }],
  ['sorted by total', { sort: 'total' }],
  ['page 1,000', { page: 1000 }],
];
console.log('query                               | median   | p95');
for (const [name, query] of cases) {
  const samples: number[] = [];
  for (let run = 0; run < 15; run++) {
    const t0 = performance.now();
    core.services.receptions.list({ ...base, ...query });
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name.padEnd(35)} | ${samples[7]!.toFixed(1).padStart(5)} ms | ${samples[14]!.toFixed(1).padStart(5)} ms`);
}
await dispose();
