// Issue 11 §2: whatever fails during start shows an error window saying what failed, what IT should do and where the
// log is, releases the single-instance lock and exits non-zero. The start-up runs here with a real database, real
// migrations and the real core; only Electron's window, lock and exit are recorded stand-ins.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore, DATABASE_FILE, type KeyProvider } from '../../../main/core.ts';
import { fileKeyProvider } from '../../../main/host/file-key-provider.ts';
import { createFileLog, errorForLog, teeConsole } from '../../../main/shell/log.ts';
import {
  describeStartFailure,
  START_FAILURE_CODES,
  type StartFailure,
  StartupError,
  startFailurePage,
  startFailureText,
} from '../../../main/shell/start-failure.ts';
import { installProcessErrorLogging, START_FAILURE_WINDOW_MS, type StartupDeps, startKiosk } from '../../../main/shell/startup.ts';
import { createVaultKeyProvider, VAULT_KEY_FILE } from '../../../main/shell/vault-key.ts';
import { emulatedSafeStorage } from '../../support/safe-storage.ts';
import { MIGRATIONS } from '../../support/core.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-start-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function harness(overrides: Partial<StartupDeps> = {}) {
  const record = {
    windows: [] as Core[],
    failures: [] as StartFailure[],
    lockReleased: 0,
    exits: [] as number[],
  };
  const log = createFileLog(join(dataDir, 'logs'));
  const deps: StartupDeps = {
    whenReady: async () => {},
    dataDir,
    migrationsDir: MIGRATIONS,
    createKeyProvider: () => fileKeyProvider(dataDir),
    createCore: (keyProvider: KeyProvider) =>
      createCore({ dataDir, migrationsDir: overrides.migrationsDir ?? MIGRATIONS, host: 'electron', version: 'test', keyProvider, seedDemo: false }),
    openWindow: (core) => {
      record.windows.push(core);
    },
    showFailure: async (failure) => {
      record.failures.push(failure);
    },
    releaseSingleInstanceLock: () => {
      record.lockReleased++;
    },
    exit: (code) => {
      record.exits.push(code);
    },
    log,
    ...overrides,
  };
  const logText = () => (existsSync(log.file) ? readFileSync(log.file, 'utf8') : '');
  return { deps, record, logText, log };
}

function expectFailedStart(record: ReturnType<typeof harness>['record'], code: StartFailure['code']) {
  expect(record.failures.map((failure) => failure.code)).toEqual([code]);
  expect(record.windows).toEqual([]);
  expect(record.lockReleased).toBe(1);
  expect(record.exits).toEqual([1]);
}

describe('issue 11 §2 start-up sequence', () => {
  it('D-07 a healthy start opens the kiosk window and neither exits nor releases the lock', async () => {
    const { deps, record, logText } = harness();
    const outcome = await startKiosk(deps);
    expect(outcome.ok).toBe(true);
    expect(record.windows).toHaveLength(1);
    expect(record.failures).toEqual([]);
    expect(record.exits).toEqual([]);
    expect(record.lockReleased).toBe(0);
    expect(logText()).toMatch(/INFO \[start\] started/);
    if (outcome.ok) await outcome.core.close();
  });

  it('a corrupt database shows DATABASE_CORRUPT, exits 1, releases the lock and leaves the damaged file as it was', async () => {
    const damaged = Buffer.concat([Buffer.from('SQLite format 2\0'), Buffer.alloc(8192, 0xa5)]);
    writeFileSync(join(dataDir, DATABASE_FILE), damaged);
    const { deps, record, logText, log } = harness();
    const outcome = await startKiosk(deps);
    expect(outcome.ok).toBe(false);
    expectFailedStart(record, 'DATABASE_CORRUPT');
    expect(record.failures[0]!.stage).toBe('database');
    expect(readFileSync(join(dataDir, DATABASE_FILE)).equals(damaged)).toBe(true);
    expect(logText()).toMatch(/ERROR \[start\] cannot start: DATABASE_CORRUPT during database: SqliteError \[SQLITE_NOTADB\]/);
    // What the window shows: what failed, what IT does, where the log is.
    const page = startFailurePage(record.failures[0]!, log.file);
    expect(page).toContain('データベースファイル（kiosk.sqlite3）が壊れていて読めません。');
    expect(page).toContain('最新のバックアップから復元');
    expect(page).toContain('restore the latest backup');
    expect(page).toContain(log.file);
  });

  it('a database another process holds locked shows DATABASE_LOCKED (after the 5 s busy timeout)', async () => {
    const file = join(dataDir, DATABASE_FILE);
    new Database(file).close();
    const holder = spawn(
      process.execPath,
      ['-e', `const db = require('better-sqlite3')(${JSON.stringify(file)}); db.exec('BEGIN EXCLUSIVE'); console.log('locked'); setInterval(() => {}, 1000);`],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
        holder.on('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
      });
      const { deps, record } = harness();
      await startKiosk(deps);
      expectFailedStart(record, 'DATABASE_LOCKED');
    } finally {
      holder.kill();
    }
  }, 30_000);

  it('an unreadable vault key file shows KEY_FILE_UNREADABLE before the database is touched, and keeps the key file', async () => {
    writeFileSync(join(dataDir, VAULT_KEY_FILE), Buffer.from('v11 this was sealed by another OS user'));
    const safeStorage = emulatedSafeStorage({ backend: 'gnome_libsecret' });
    const { deps, record } = harness({
      createKeyProvider: () =>
        createVaultKeyProvider({
          safeStorage,
          userDataDir: dataDir,
          production: true,
          platform: 'linux',
          optIn: null,
          avoidedKeyring: null,
          log: console,
        }),
    });
    await startKiosk(deps);
    expectFailedStart(record, 'KEY_FILE_UNREADABLE');
    expect(record.failures[0]!.stage).toBe('keys');
    expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(false);
    expect(readFileSync(join(dataDir, VAULT_KEY_FILE), 'utf8')).toBe('v11 this was sealed by another OS user');
  });

  it('a migration that fails shows MIGRATION_FAILED and leaves the data at the last good version', async () => {
    const migrations = join(dataDir, 'migrations');
    mkdirSync(migrations);
    for (const name of readdirSync(MIGRATIONS)) copyFileSync(join(MIGRATIONS, name), join(migrations, name));
    const lastGood = Math.max(...readdirSync(MIGRATIONS).map((name) => Number(name.slice(0, 3))));
    // A first start at the shipped version, with data in it.
    const first = harness();
    const started = await startKiosk(first.deps);
    if (started.ok) await started.core.close();
    writeFileSync(join(migrations, '998_broken.sql'), `CREATE TABLE broken_by_update (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n`);
    const { deps, record } = harness({ migrationsDir: migrations });
    await startKiosk(deps);
    expectFailedStart(record, 'MIGRATION_FAILED');
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(lastGood);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'broken_by_update'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('a database from a newer version of the app shows DATABASE_TOO_NEW', async () => {
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.pragma('user_version = 900');
    db.close();
    const { deps, record } = harness();
    await startKiosk(deps);
    expectFailedStart(record, 'DATABASE_TOO_NEW');
  });

  it('a window that cannot open closes the core it had opened (the database is not left open)', async () => {
    let opened: Core | null = null;
    const { deps, record } = harness({
      openWindow: (core) => {
        opened = core;
        throw new Error('GPU process gone');
      },
    });
    await startKiosk(deps);
    expectFailedStart(record, 'START_FAILED');
    expect(opened!.db.open).toBe(false);
  });

  it('a failed whenReady (Electron could not start) still ends in the failure path', async () => {
    const { deps, record } = harness({ whenReady: () => Promise.reject(new Error('no display')) });
    await startKiosk(deps);
    expectFailedStart(record, 'START_FAILED');
    expect(record.failures[0]!.stage).toBe('ready');
  });

  it('the error window left open ends the app after its time, so the OS shell restarts it', async () => {
    const { deps, record } = harness({
      createKeyProvider: () => {
        throw new StartupError('KEY_STORE_UNAVAILABLE', 'no keyring');
      },
      showFailure: () => new Promise(() => {}),
      failureWindowMs: 20,
    });
    await startKiosk(deps);
    expect(record.exits).toEqual([1]);
    expect(record.lockReleased).toBe(1);
    expect(START_FAILURE_WINDOW_MS).toBe(10 * 60_000);
    expect(startFailureText('ja', { code: 'START_FAILED', stage: 'ready', detail: '' }, 'x').restart).toContain('10分後');
    expect(startFailureText('en', { code: 'START_FAILED', stage: 'ready', detail: '' }, 'x').restart).toContain('10 minutes');
  });

  it('an error window that cannot be shown still releases the lock and exits', async () => {
    const { deps, record, logText } = harness({
      createKeyProvider: () => {
        throw new StartupError('KEY_STORE_UNAVAILABLE', 'no keyring');
      },
      showFailure: () => Promise.reject(new Error('cannot create window')),
    });
    await startKiosk(deps);
    expect(record.exits).toEqual([1]);
    expect(record.lockReleased).toBe(1);
    expect(logText()).toMatch(/the error window failed too/);
  });
});

describe('issue 11 §2 failures are classified for a person', () => {
  const nativeMismatch = Object.assign(
    new Error(
      "The module '/opt/Kaitori Kiosk/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
        'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\n' +
        'NODE_MODULE_VERSION 145. Please try re-compiling or re-installing\nthe module.',
    ),
    { code: 'ERR_DLOPEN_FAILED' },
  );
  const sqlite = (code: string) => Object.assign(new Error('sqlite says no'), { code });
  it.each([
    ['database', sqlite('SQLITE_NOTADB'), 'DATABASE_CORRUPT'],
    ['services', sqlite('SQLITE_CORRUPT_INDEX'), 'DATABASE_CORRUPT'],
    ['migrations', sqlite('SQLITE_BUSY'), 'DATABASE_LOCKED'],
    ['services', sqlite('SQLITE_BUSY_SNAPSHOT'), 'DATABASE_LOCKED'],
    ['database', sqlite('SQLITE_CANTOPEN'), 'DATABASE_UNWRITABLE'],
    ['database', sqlite('SQLITE_READONLY'), 'DATABASE_UNWRITABLE'],
    ['services', sqlite('SQLITE_FULL'), 'DATABASE_UNWRITABLE'],
    ['database', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), 'DATABASE_UNWRITABLE'],
    ['migrations', sqlite('SQLITE_ERROR'), 'MIGRATION_FAILED'],
    ['database', nativeMismatch, 'NATIVE_MODULE_MISMATCH'],
    ['keys', new StartupError('KEYRING_LOCKED', 'locked'), 'KEYRING_LOCKED'],
    ['window', new Error('boom'), 'START_FAILED'],
    ['ready', 'a string was thrown', 'START_FAILED'],
  ] as const)('%s: %s → %s', (stage, error, code) => {
    expect(describeStartFailure(stage, error).code).toBe(code);
  });

  it('every failure has what-failed and what-IT-does text in Japanese and English', () => {
    for (const code of START_FAILURE_CODES) {
      for (const language of ['ja', 'en'] as const) {
        const text = startFailureText(language, { code, stage: 'keys', detail: '' }, '/var/log/k.log');
        expect(text.what.length, `${language} ${code} what`).toBeGreaterThan(10);
        expect(text.it.length, `${language} ${code} it`).toBeGreaterThan(10);
        expect(text.log).toContain('/var/log/k.log');
      }
    }
  });

  it('the page runs no script and shows the technical detail escaped', () => {
    const page = startFailurePage({ code: 'START_FAILED', stage: 'window', detail: 'Error: <img src=x onerror=alert(1)>' }, 'C:\\log');
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('<section lang="ja">');
    expect(page).toContain('<section lang="en">');
  });
});

describe('issue 11 §2 what nobody caught is logged, without personal data (B-04)', () => {
  const personal = () => {
    try {
      JSON.parse('{"name":"山田 太郎","phone":"090-1234-5678","address":"東京都新宿区西新宿2-8-1" oops}');
    } catch (error) {
      return error;
    }
    throw new Error('unreachable');
  };

  it('masks quoted input, Japanese text and long digit runs in a logged error', () => {
    const line = errorForLog(personal());
    expect(line).toMatch(/^SyntaxError: /);
    for (const secret of ['山田', '太郎', '090', '1234', '5678', '新宿']) expect(line).not.toContain(secret);
    expect(errorForLog(new Error('customer 佐藤 has 5 items'))).toMatch(/^Error: customer … has 5 items/);
  });

  it('an unhandled rejection is logged and the counter keeps running; an uncaught exception is logged and exits 1', () => {
    const emitter = new EventEmitter();
    const lines: string[] = [];
    const exits: number[] = [];
    installProcessErrorLogging(emitter, { error: (line) => lines.push(line) }, (code) => exits.push(code));
    emitter.emit('unhandledRejection', personal());
    expect(exits).toEqual([]);
    emitter.emit('uncaughtException', new TypeError('Cannot read properties of undefined (reading \'id\')'));
    expect(exits).toEqual([1]);
    expect(lines[0]).toMatch(/^\[process\] unhandled rejection: SyntaxError/);
    expect(lines[1]).toMatch(/^\[process\] uncaught exception, exiting: TypeError/);
    expect(lines.join('\n')).not.toMatch(/山田|090-1234/);
  });

  it('what the services print with console.* lands in the log file too, at its level, and can be undone', () => {
    const log = createFileLog(join(dataDir, 'logs'));
    const printed: string[] = [];
    const quiet = (..._args: unknown[]) => {};
    const stand = { log: (...a: unknown[]) => printed.push(a.join(' ')), info: quiet, warn: quiet, error: quiet };
    const undo = teeConsole(stand, log);
    stand.log('[sync] online', 3);
    stand.warn('[keys] weak');
    stand.error('[ipc] failed');
    undo();
    stand.log('after undo');
    const lines = readFileSync(log.file, 'utf8').trim().split('\n').map((line) => line.slice(25));
    expect(lines).toEqual(['INFO [sync] online 3', 'WARN [keys] weak', 'ERROR [ipc] failed']);
    expect(printed).toEqual(['[sync] online 3', 'after undo']);
  });

  it('the log file rotates at its size limit and keeps the configured number of old files', () => {
    const log = createFileLog(join(dataDir, 'logs'), { maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i++) log.info(`line ${i} ${'x'.repeat(20)}`);
    const files = readdirSync(join(dataDir, 'logs')).sort();
    expect(files).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2']);
    expect(readFileSync(log.file, 'utf8')).toMatch(/line 39/);
  });
});
