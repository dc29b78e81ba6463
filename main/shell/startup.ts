// The kiosk's start-up sequence as a plain function (issue 11 §2). main/index.ts passes Electron's pieces in; the
// tests pass Node stand-ins and a real database. Whatever fails — the key store, a locked or corrupt database, a
// migration, the window — ends the same way: a readable error window, the single-instance lock released, and a
// non-zero exit so the OS kiosk shell starts the app again. No electron import.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { type Core, DATABASE_FILE, type KeyProvider } from '../core.ts';
import { errorForLog, type ShellLog } from './log.ts';
import { describeStartFailure, START_FAILED_EXIT_CODE, type StartFailure, type StartStage } from './start-failure.ts';

/** How long the error window stays before the app exits by itself (the text in shell.startFailure.restart says so). */
export const START_FAILURE_WINDOW_MS = 10 * 60_000;

export interface StartupDeps {
  whenReady(): Promise<unknown>;
  dataDir: string;
  migrationsDir: string;
  createKeyProvider(): KeyProvider;
  createCore(keyProvider: KeyProvider): Promise<Core>;
  /** Creates the kiosk window and everything that hangs on the core (IPC, updater). */
  openWindow(core: Core): void | Promise<void>;
  /** Shows the error window; resolves when it is closed. */
  showFailure(failure: StartFailure): Promise<void>;
  releaseSingleInstanceLock(): void;
  exit(code: number): void;
  log: Pick<ShellLog, 'info' | 'error'> & { file: string };
  /** Default START_FAILURE_WINDOW_MS. */
  failureWindowMs?: number;
}

export type StartOutcome = { ok: true; core: Core } | { ok: false; failure: StartFailure };

export async function startKiosk(deps: StartupDeps): Promise<StartOutcome> {
  let stage: StartStage = 'ready';
  let core: Core | null = null;
  try {
    await deps.whenReady();
    stage = 'keys';
    const keyProvider = deps.createKeyProvider();
    await checkDatabase(deps.dataDir, deps.migrationsDir, (next) => {
      stage = next;
    });
    stage = 'services';
    core = await deps.createCore(keyProvider);
    stage = 'window';
    await deps.openWindow(core);
    deps.log.info(`[start] started (data ${deps.dataDir})`);
    return { ok: true, core };
  } catch (error) {
    const failure = describeStartFailure(stage, error);
    deps.log.error(`[start] cannot start: ${failure.code} during ${stage}: ${errorForLog(error)}`);
    await core?.close().catch(() => {});
    await showFailureFor(deps, failure);
    deps.releaseSingleInstanceLock();
    deps.exit(START_FAILED_EXIT_CODE);
    return { ok: false, failure };
  }
}

async function showFailureFor(deps: StartupDeps, failure: StartFailure): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, deps.failureWindowMs ?? START_FAILURE_WINDOW_MS);
  });
  try {
    await Promise.race([deps.showFailure(failure), timeout]);
  } catch (error) {
    deps.log.error(`[start] the error window failed too: ${errorForLog(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the database and applies pending migrations on a connection of its own before the services start, so a
 * failure is named by its step: a file that is not a database fails at 'database', a broken migration at
 * 'migrations' (each migration is its own transaction: the data stays as it was). createCore then finds nothing
 * left to migrate.
 */
async function checkDatabase(dataDir: string, migrationsDir: string, enter: (stage: StartStage) => void): Promise<void> {
  enter('database');
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  try {
    // Reads the schema page: a file that is not SQLite, or whose first page is damaged, fails here.
    db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    enter('migrations');
    migrate(db, loadMigrations(migrationsDir));
  } finally {
    db.close();
  }
}

/** The parts of `process` the error logging listens on (an EventEmitter in the tests). */
export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * Logs what nobody caught, with data masked (errorForLog). An unhandled rejection is a bug in a fire-and-forget task
 * (a print, a sync wake): it is logged and the counter keeps working. An uncaught exception leaves the main process
 * in an unknown state: it is logged and the app exits non-zero, so the OS kiosk shell restarts it — every
 * settlement is committed whole or not at all, and an open wizard resumes from its draft (B-06).
 */
export function installProcessErrorLogging(target: ProcessEvents, log: Pick<ShellLog, 'error'>, exit: (code: number) => void): void {
  target.on('unhandledRejection', (reason) => {
    log.error(`[process] unhandled rejection: ${errorForLog(reason)}`);
  });
  target.on('uncaughtException', (error) => {
    log.error(`[process] uncaught exception, exiting: ${errorForLog(error)}`);
    exit(START_FAILED_EXIT_CODE);
  });
}
