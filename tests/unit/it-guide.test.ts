/**
 * The README's IT guide, step by step, as written (issue 13 §5): the checkout's data folder and key file, `npm run
 * backup` and `npm run restore` with their exit codes, and the restore rules the guide promises.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/data-folder.ts';
import { fileKeyProvider } from '../../main/host/file-key-provider.ts';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const guide = README.slice(README.indexOf('## IT guide'));

/** Runs an npm script exactly as the guide writes it, for the data folder KIOSK_DATA_DIR names. */
function npmRun(script: 'backup' | 'restore', dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args], { cwd: ROOT, env: { ...process.env, KIOSK_DATA_DIR: dataDir } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => done({ code: code ?? -1, output }));
  });
}

describe('IT guide, as written', { timeout: 60_000 }, () => {
  let t: TestCore | undefined;
  const dirs = tempDirs('kiosk-guide-');
  afterEach(async () => {
    await t?.close();
    t = undefined;
    dirs.remove();
  });
  const tempDir = dirs.make;

  it('B-04 §4 a checkout keeps its key in vault.key (owner-only), not vault-key.bin, as the table says', async () => {
    expect(guide).toMatch(/\| `vault\.key` \(checkout \/ browser host\) \|/);
    expect(guide).toMatch(/\| `vault-key\.bin` \(installed app\) \|/);
    const dataDir = tempDir();
    t = await startTestCore({ signIn: false, dataDir, keyProvider: fileKeyProvider(dataDir) });
    expect(readdirSync(dataDir)).toContain('vault.key');
    expect(readdirSync(dataDir)).not.toContain('vault-key.bin');
    if (process.platform !== 'win32') expect(statSync(join(dataDir, 'vault.key')).mode & 0o777).toBe(0o600);
  });

  it('D-09 §5 npm run backup while the kiosk runs, npm run restore refused while it runs (2), done once it is stopped (0)', async () => {
    expect(guide).toContain('npm run backup -- /media/backup/kiosk-$(date +%Y%m%d-%H%M).sqlite3; echo $?');
    expect(guide).toContain('npm run restore -- /media/backup/kiosk-20250601-2200.sqlite3; echo $?');
    const dataDir = tempDir();
    const backups = tempDir();
    t = await startTestCore({ signIn: 'clerk', dataDir });
    const first = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });

    const backup = join(backups, 'kiosk-20261127-2200.sqlite3');
    const made = await npmRun('backup', dataDir, backup);
    expect(made).toMatchObject({ code: 0, output: expect.stringContaining('backup written') });
    if (process.platform !== 'win32') expect(statSync(backup).mode & 0o777).toBe(0o600);
    const later = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });

    expect(await npmRun('restore', dataDir, backup)).toMatchObject({ code: 2 });
    await t.core.close();
    const restored = await npmRun('restore', dataDir, backup);
    expect(restored.code).toBe(0);
    expect(restored.output).toContain('counters carried forward');
    expect(readdirSync(dataDir).some((name) => name.startsWith(`${DATABASE_FILE}.before-restore-`))).toBe(true);

    t = await startTestCore({ signIn: 'clerk', dataDir });
    expect((await t.call('reception:get', { id: first.id })).ok).toBe(true);
    expect((await t.call('reception:get', { id: later.id })).ok).toBe(false);
    const next = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });
    expect(next.number > later.number).toBe(true);
  });

  it('D-09 §5 a damaged backup is refused (3) and the live database left as it was; no file is a usage error (64)', async () => {
    const dataDir = tempDir();
    t = await startTestCore({ signIn: false, dataDir });
    await t.core.close();
    const before = readFileSync(join(dataDir, DATABASE_FILE));
    const damaged = join(tempDir(), 'damaged.sqlite3');
    writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(4096, 0x41)]));
    expect(await npmRun('restore', dataDir, damaged)).toMatchObject({ code: 3 });
    expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(before)).toBe(true);
    expect(await npmRun('backup', dataDir)).toMatchObject({ code: 64 });
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(true);
    t = undefined;
  });
});
