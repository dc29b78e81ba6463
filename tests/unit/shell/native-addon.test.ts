// Issue 11 §5: Electron runs from a checkout load an Electron-ABI better-sqlite3 built beside the Node one, so the
// unit tests keep theirs. Proven here with real addons: an explicit addon file is what gets loaded, and a wrong one
// fails the start with a readable NATIVE_MODULE_MISMATCH rather than silently using another build.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open.ts';
import { setSqliteAddon } from '../../../db/sqlite-addon.ts';
import { electronAddonFile } from '../../../main/shell/native-addon.ts';
import { describeStartFailure } from '../../../main/shell/start-failure.ts';
// @ts-expect-error: a plain .mjs script without type declarations
import * as script from '../../../scripts/electron-native.mjs';

const ROOT = resolve(import.meta.dirname, '../../..');
const nodeAddon = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
const native = script as {
  electronAddonFile: typeof electronAddonFile;
  plan: (root: string) => { electron: string; sqlite: string; file: string; stampFile: string; upToDate: boolean };
};

let dir: string;
afterEach(() => {
  setSqliteAddon(undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('D-01 the Electron build of better-sqlite3 lives beside the Node build', () => {
  it('the app and the build script agree where it is', () => {
    for (const [platform, arch] of [['linux', 'x64'], ['win32', 'x64'], ['darwin', 'arm64']]) {
      expect(native.electronAddonFile('/repo', '41.7.1', platform!, arch!)).toBe(electronAddonFile('/repo', '41.7.1', platform!, arch!));
    }
    expect(electronAddonFile('/repo', '41.7.1', 'linux', 'x64')).toBe('/repo/.electron-native/electron-v41.7.1-linux-x64/better_sqlite3.node');
  });

  it('a build is needed until a copy for this Electron and this better-sqlite3 is there', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-native-'));
    const first = native.plan(dir);
    expect(first.upToDate).toBe(false);
    expect(first.file.startsWith(join(dir, '.electron-native'))).toBe(true);
    mkdirSync(dirname(first.file), { recursive: true });
    copyFileSync(nodeAddon, first.file);
    writeFileSync(first.stampFile, `${first.sqlite}\n`);
    expect(native.plan(dir).upToDate).toBe(true);
    writeFileSync(first.stampFile, '11.0.0\n'); // better-sqlite3 was upgraded since: rebuild
    expect(native.plan(dir).upToDate).toBe(false);
  });

  it('openDatabase loads exactly the addon it is pointed at', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-native-'));
    const copy = join(dir, 'better_sqlite3.node');
    copyFileSync(nodeAddon, copy);
    setSqliteAddon(copy);
    const db = openDatabase(join(dir, 'kiosk.sqlite3'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('a wrong addon fails the start as NATIVE_MODULE_MISMATCH, not with another build', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-native-'));
    const bogus = join(dir, 'better_sqlite3.node');
    writeFileSync(bogus, 'not a shared object');
    setSqliteAddon(bogus);
    let failure: unknown;
    try {
      openDatabase(join(dir, 'kiosk.sqlite3'));
    } catch (error) {
      failure = error;
    }
    expect((failure as { code?: string }).code).toBe('ERR_DLOPEN_FAILED');
    expect(describeStartFailure('database', failure).code).toBe('NATIVE_MODULE_MISMATCH');
  });

  it('is never packaged (electron-builder rebuilds node_modules for Electron instead)', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).toContain('.electron-native/');
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).not.toContain('.electron-native');
  });
});
