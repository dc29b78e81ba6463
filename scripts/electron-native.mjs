#!/usr/bin/env node
// Builds better-sqlite3's addon for Electron's ABI into .electron-native/, beside (not over) the Node build the unit
// tests load, so `npm start` with Electron and `npm run test:electron` can open the database (db/sqlite-addon.ts
// points Electron runs at it; a packaged app uses electron-builder's own rebuild instead).
//
//   node scripts/electron-native.mjs          build unless an up-to-date copy is there
//   node scripts/electron-native.mjs --check  exit 0 when up to date, 1 when a build is needed
//
// It tries the prebuilt addon first (prebuild-install, from better-sqlite3's GitHub releases), then compiles from
// source with node-gyp against Electron's headers (needs a C++ toolchain). Both need the network once.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ELECTRON_NATIVE_DIR = '.electron-native';

/** Same convention as main/shell/native-addon.ts. */
export function electronAddonFile(projectRoot, electronVersion, platform, arch) {
  return path.join(projectRoot, ELECTRON_NATIVE_DIR, `electron-v${electronVersion}-${platform}-${arch}`, 'better_sqlite3.node');
}

const readVersion = (pkg) => JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/** What to build and whether the copy there is current (same Electron, same better-sqlite3). */
export function plan(projectRoot = root, platform = process.platform, arch = process.arch) {
  const electron = readVersion('electron');
  const sqlite = readVersion('better-sqlite3');
  const file = electronAddonFile(projectRoot, electron, platform, arch);
  const stampFile = path.join(path.dirname(file), 'better-sqlite3.version');
  const upToDate = existsSync(file) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === sqlite;
  return { electron, sqlite, file, stampFile, upToDate };
}

function run(command, args, cwd) {
  console.log(`  $ ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
}

function build(target) {
  const work = mkdtempSync(path.join(tmpdir(), 'kiosk-electron-native-'));
  try {
    const source = path.join(root, 'node_modules/better-sqlite3');
    for (const entry of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
      if (existsSync(path.join(source, entry))) cpSync(path.join(source, entry), path.join(work, entry), { recursive: true });
    }
    const bin = (name) => path.join(root, 'node_modules/.bin', name);
    const built =
      run(bin('prebuild-install'), ['--runtime', 'electron', '--target', target.electron, '--arch', process.arch, '--platform', process.platform], work) ||
      run(bin('node-gyp'), ['rebuild', '--release', '--runtime=electron', `--target=${target.electron}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], work);
    const output = path.join(work, 'build/Release/better_sqlite3.node');
    if (!built || !existsSync(output)) return false;
    mkdirSync(path.dirname(target.file), { recursive: true });
    cpSync(output, target.file);
    writeFileSync(target.stampFile, `${target.sqlite}\n`);
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = plan();
  if (process.argv.includes('--check')) process.exit(target.upToDate ? 0 : 1);
  if (target.upToDate) {
    console.log(`electron-native: better-sqlite3 ${target.sqlite} for Electron ${target.electron} is ready (${path.relative(root, target.file)})`);
    process.exit(0);
  }
  console.log(`electron-native: building better-sqlite3 ${target.sqlite} for Electron ${target.electron} (${process.platform}-${process.arch}) …`);
  if (!build(target)) {
    console.error(
      'electron-native: could not build better-sqlite3 for Electron. It needs, once, either the prebuilt addon from\n' +
        "  better-sqlite3's GitHub releases or Electron's headers from electronjs.org plus a C++ toolchain\n" +
        '  (build-essential and python3 on Debian). The Node build in node_modules is untouched.',
    );
    process.exit(1);
  }
  console.log(`electron-native: ready (${path.relative(root, target.file)})`);
}
