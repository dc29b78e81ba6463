#!/usr/bin/env node
// Runs the Playwright `_electron` tests in tests/electron/ (node:test, not vitest) against the built app in out/.
// Without an Electron executable — as on the build machine, where the binary cannot be downloaded — it says so in one
// line and exits 0, so `npm test` reports the suite as skipped rather than failing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function findElectron() {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    console.error(`tests/electron: ELECTRON_PATH=${fromEnv} does not exist`);
    process.exit(1);
  }
  try {
    // Without its binary, require('electron') throws ("Electron failed to install correctly").
    const executable = require('electron');
    return typeof executable === 'string' && existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

const executable = findElectron();
if (!executable) {
  console.log(
    'tests/electron: SKIPPED — no Electron binary on this machine (npm was run with ELECTRON_SKIP_BINARY_DOWNLOAD=1 ' +
      'or the download failed). To run them: `npm rebuild electron` (or `node node_modules/electron/install.js`) on a ' +
      'machine that can reach the Electron download, or set ELECTRON_PATH to an unpacked Electron 41 executable; ' +
      'then `npm run build && npm run test:electron`.',
  );
  process.exit(0);
}

// The Electron-ABI better-sqlite3 the app loads from a checkout (node_modules keeps the Node build for unit tests).
const native = spawnSync(process.execPath, [path.join(root, 'scripts/electron-native.mjs')], { cwd: root, stdio: 'inherit' });
if (native.status !== 0) {
  console.error('tests/electron: no Electron build of better-sqlite3 (see above); the app could not open its database');
  process.exit(1);
}

if (!existsSync(path.join(root, 'out/main/index.js'))) {
  console.error('tests/electron: out/main/index.js is missing — run `npm run build` first');
  process.exit(1);
}

const testDir = path.join(root, 'tests/electron');
const files = readdirSync(testDir)
  .filter((name) => name.endsWith('.test.mjs'))
  .map((name) => path.join(testDir, name));
console.log(`tests/electron: ${files.length} file(s) with ${executable}`);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_PATH: executable },
});
process.exit(result.status ?? 1);
