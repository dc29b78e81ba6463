// `npx tsx bench/settlement.ts`: how long execute takes for 1, 50 and 500 items on a file database, next to the floor
// of any durable commit (a bare one-row INSERT with synchronous=FULL) measured in the same run. Prints figures only.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DEMO_SIGNATURE_PNG, signedDeclaration } from '../main/services/demo.ts';
import { openBenchCore } from './bench-core.ts';
import { reportFigure } from './report.ts';

const RUNS = 30;
/** Issue 14: execute of 50 items within 3 bare durable commits, 500 items within 15, measured in the same run. */
const GOALS: Record<number, number> = { 50: 3, 500: 15 };
const { core, dispose } = await openBenchCore();
const { accounts, receptions, settlement } = core.services;
await accounts.signInTerminal('T01', 'demo-terminal');
accounts.signInStaff('bench', '1001', '1234');
const actor = accounts.requireActor('bench');

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
};

core.db.exec('CREATE TABLE bench_commit (id INTEGER PRIMARY KEY, at TEXT)');
const insert = core.db.prepare('INSERT INTO bench_commit (at) VALUES (?)');
const bare: number[] = [];
for (let i = 0; i < 200; i++) {
  const start = performance.now();
  insert.run(new Date().toISOString());
  bare.push(performance.now() - start);
}
const floor = stats(bare);
console.log(`bare one-row commit (synchronous=FULL, WAL): median ${floor.median.toFixed(3)} ms, p95 ${floor.p95.toFixed(3)} ms`);
console.log('items | execute median | p95      | median ÷ bare commit');

for (const itemCount of [1, 50, 500]) {
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const r = receptions.create(actor, {
      kind: 'walkIn',
      note: '',
      seller: { name: 'ベンチ', nameKana: 'ベンチ', postalCode: '', address: '東京都', phone: '0311112222', birthDate: '1980-01-01', occupation: '会社員' },
    });
    // Items are added straight through SQL so the setup does not dominate the run; execute is what is timed.
    const add = core.db.prepare(
      `INSERT INTO reception_items (id, reception_id, position, stock_code, category_id, name, grade, quantity, unit_price, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'cloth-men', 'シャツ', 'B', 1, 100, ?, ?)`,
    );
    core.db.transaction(() => {
      for (let i = 1; i <= itemCount; i++) add.run(randomUUID(), r.id, i, `B-${r.id.slice(0, 8)}-${i}`, r.createdAt, r.createdAt);
      core.db.prepare(`UPDATE receptions SET status = 'appraised', item_count = ?, items_total = ?, version = version + 1 WHERE id = ?`).run(itemCount, itemCount * 100, r.id);
    })();
    const version = receptions.get(r.id).version;
    // Above ¥10,000 the law wants the seller's identity (kobutsu.md §1): a signed declaration with its signature,
    // so the timing includes validating the record and encrypting the image, as at the counter.
    settlement.stageImage(r.id, 'signature', DEMO_SIGNATURE_PNG);
    const start = performance.now();
    await settlement.execute(actor, {
      receptionId: r.id,
      version,
      settlementId: randomUUID(),
      cancelledItemIds: [],
      ecPublishItemIds: [],
      agreedTermsVersion: 1,
      paymentMethod: 'cash',
      printMethod: 'none',
      points: null,
      verification: signedDeclaration({ name: 'ベンチ', address: '東京都', occupation: '会社員', birthDate: '1980-01-01' }),
    });
    samples.push(performance.now() - start);
  }
  const s = stats(samples);
  console.log(`${String(itemCount).padStart(5)} | ${s.median.toFixed(2).padStart(11)} ms | ${s.p95.toFixed(2).padStart(6)} ms | ${(s.median / floor.median).toFixed(1)}×`);
  const goal = GOALS[itemCount];
  if (goal) reportFigure({ name: `execute(${itemCount} items) median ÷ one bare durable commit`, value: s.median / floor.median, unit: '×', goal: { max: goal } });
}
await dispose();
