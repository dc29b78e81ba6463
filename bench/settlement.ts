// `npx tsx bench/settlement.ts`: how long execute takes for 1, 50 and 500 items on a file database, next to the floor
// of any durable commit (a bare one-row INSERT with synchronous=FULL) measured in the same run. Prints figures only.
import { performance } from 'node:perf_hooks';
import { openBenchCore, readyToSettle } from './bench-core.ts';
import { reportFigure } from './report.ts';

const RUNS = 30;
/** Issue 14: execute of 50 items within 3 bare durable commits, 500 items within 15, measured in the same run. */
const GOALS: Record<number, number> = { 50: 3, 500: 15 };
const { core, dispose } = await openBenchCore();
const { accounts, settlement } = core.services;
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
    const request = readyToSettle(core, actor, itemCount);
    const start = performance.now();
    await settlement.execute(actor, request);
    samples.push(performance.now() - start);
  }
  const s = stats(samples);
  console.log(`${String(itemCount).padStart(5)} | ${s.median.toFixed(2).padStart(11)} ms | ${s.p95.toFixed(2).padStart(6)} ms | ${(s.median / floor.median).toFixed(1)}×`);
  const goal = GOALS[itemCount];
  if (goal) reportFigure({ name: `execute(${itemCount} items) median ÷ one bare durable commit`, value: s.median / floor.median, unit: '×', goal: { max: goal } });
}
await dispose();
