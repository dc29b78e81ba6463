#!/usr/bin/env node
// `npm test`: everything, in the order a failure is cheapest to find — types, lint, Electron security scan, build,
// unit + renderer + built-output + end-to-end tests (Playwright in Debian Chromium through the browser host),
// Electron tests. On a fresh clone it first installs the npm dependencies and the Debian packages the tests drive
// (scripts/setup.mjs).
import { spawnSync } from 'node:child_process';
import { ensureNpmDependencies, ensureTestPackages } from './setup.mjs';

await ensureNpmDependencies();
ensureTestPackages();

const steps = [
  ['typecheck', 'npm', ['run', 'typecheck']],
  ['lint', 'npm', ['run', 'lint']],
  ['electronegativity', 'node', ['scripts/electronegativity.mjs']],
  ['build', 'npm', ['run', 'build']],
  // After the build: tests/built loads out/preload/index.cjs the way Electron's sandbox does.
  ['tests (unit, built output, renderer, e2e)', 'npx', ['vitest', 'run']],
  ['electron tests', 'node', ['scripts/electron-tests.mjs']],
];

for (const [name, command, args] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}
