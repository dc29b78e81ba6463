#!/usr/bin/env node
// `npm start`: the app in Electron when its binary is installed; otherwise one line saying so, then the very same app
// through the browser host in any Chromium, with its URL printed. On a fresh clone it first installs the npm
// dependencies (scripts/setup.mjs). Both run built JavaScript (npm run build, ≈ 3 s), never a TypeScript transpiler.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureNpmDependencies, root } from './setup.mjs';

await ensureNpmDependencies();

const require = createRequire(import.meta.url);
function electronBinary() {
  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null; // "Electron failed to install correctly": installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1
  }
}

const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

let electron = electronBinary();
if (electron && !run(process.execPath, [path.join(root, 'scripts/electron-native.mjs')])) {
  console.log('Electron is installed, but better-sqlite3 could not be built for it (see above): starting the browser host instead.');
  electron = null;
}

if (electron) {
  const child = spawn(npx, ['electron-vite', 'dev'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not installed here — starting the same app through the browser host instead.');
  if (!run(npx, ['electron-vite', 'build'])) process.exit(1);
  const child = spawn(process.execPath, [path.join(root, 'out/main/host/cli.js')], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
