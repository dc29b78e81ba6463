#!/usr/bin/env node
// `npm start`: the app in Electron when its binary is installed; otherwise one line saying so, then the very same app
// through the browser host in any Chromium, with its URL printed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electron = null;
try {
  const path = require('electron');
  if (typeof path === 'string' && existsSync(path)) electron = path;
} catch {
  electron = null;
}

if (electron) {
  const child = spawn('npx', ['electron-vite', 'dev'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'Electron binary not installed here (offline install with ELECTRON_SKIP_BINARY_DOWNLOAD=1) — starting the same app through the browser host instead.',
  );
  if (!existsSync('out/renderer/index.html') || process.env.KIOSK_REBUILD === '1') {
    const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const child = spawn('npx', ['tsx', 'main/host/cli.ts'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
