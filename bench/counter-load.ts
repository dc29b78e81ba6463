// `npx tsx bench/counter-load.ts [settlements]`: D-04/D-06 — settlements through the contract while the sync worker
// retries an HQ that stores nothing and a second OS process writes to the same database file. Prints the failed counter calls
// (goal 0) and the settlement rate under that load.
import { settleUnderLoad } from '../tests/support/counter-load.ts';
import { reportFigure } from './report.ts';

const settlements = Number(process.argv[2] ?? 1000);
const result = await settleUnderLoad({ settlements });
const met = result.failedCalls === 0;
console.log(
  `failed counter calls under sync load (${result.settlements} settlements, ${result.calls} calls; sync worker ` +
    `${result.workerFailedPushes} failed pushes; second process ${result.secondWriterCommits} commits): ` +
    `value ${result.failedCalls}, goal 0, ${met ? 'met' : 'NOT met'}`,
);
reportFigure({ name: 'failed counter calls under sync load + a second writer', value: result.failedCalls, unit: 'count', goal: { max: 0 } });
if (!met) console.log(`  failures by code: ${JSON.stringify(result.failures)}`);
console.log(
  `settlement rate under that load: ${((result.settlements / result.elapsedMs) * 1000).toFixed(1)} settlements/s ` +
    `(${(result.elapsedMs / result.settlements).toFixed(1)} ms each, 6 contract calls per settlement)`,
);
