// `npm run bench`: every figure of issues 13 and 14 in one run — the five-year database (seeded once, cached), execute against
// one bare durable commit, and HQ ingest — then one table of value, goal and met / not met. Each script runs in its
// own process (a clean heap and page cache per figure set); the whole run is bounded by their own limits.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

const SCRIPTS = ['five-year.ts', 'settlement.ts', 'sync.ts', 'counter-load.ts', 'audit-chain.ts', 'documents.ts', 'appraisal.ts', 'store-feed.ts'];
const figures: string[][] = [];
const started = performance.now();

function run(script: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, script)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        process.stdout.write(`${line}\n`);
        if (line.startsWith('FIGURE\t')) figures.push(line.split('\t').slice(1));
        // bench/sync.ts (HQ ingest, another branch's) prints its ratio as a sentence.
        const ratio = /^ratio sync\/raw: ([\d.]+)/.exec(line);
        if (ratio) {
          const value = Number(ratio[1]);
          figures.push(['HQ ingest on SQLite: drain ÷ bare loopback POST', value.toFixed(3), '≥ 0.500', value >= 0.5 ? 'met' : 'NOT MET']);
        }
      }
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}

let failed = 0;
for (const script of SCRIPTS) {
  console.log(`\n== bench/${script}`);
  if ((await run(script)) !== 0) {
    failed++;
    console.log(`bench/${script} exited with an error`);
  }
}
const width = Math.max(...figures.map((f) => f[0]!.length));
console.log(`\n== issue 14 figures (${((performance.now() - started) / 60_000).toFixed(1)} min)`);
console.log(`${'figure'.padEnd(width)} | ${'value'.padStart(10)} | ${'goal'.padStart(10)} | `);
for (const [name, value, goal, met] of figures) console.log(`${name!.padEnd(width)} | ${value!.padStart(10)} | ${goal!.padStart(10)} | ${met}`);
console.log(`${figures.filter((f) => f[3] === 'met').length} met, ${figures.filter((f) => f[3] !== 'met').length} not met`);
if (failed > 0) process.exitCode = 1;
