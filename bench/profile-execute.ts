// `node --cpu-prof --import tsx bench/profile-execute.ts [items] [runs]`: settles receptions of N items again and again
// on a fresh file database, so a CPU profile shows where execute spends its time (issue 14: profile before tuning).
// bench/settlement.ts prints the figures; this only does the work.
import { openBenchCore, readyToSettle } from './bench-core.ts';

const itemCount = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 40);
const { core, dispose } = await openBenchCore();
const { accounts, settlement } = core.services;
await accounts.signInTerminal('T01', 'demo-terminal');
accounts.signInStaff('bench', '1001', '1234');
const actor = accounts.requireActor('bench');
let executeMs = 0;
for (let run = 0; run < runs; run++) {
  const request = readyToSettle(core, actor, itemCount);
  const start = performance.now();
  await settlement.execute(actor, request);
  executeMs += performance.now() - start;
}
console.log(`${runs} executes of ${itemCount} items: mean ${(executeMs / runs).toFixed(2)} ms`);
await dispose();
