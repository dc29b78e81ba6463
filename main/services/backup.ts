// Backup and restore of the kiosk database (D-09, IT guide). No electron import: the shell's --backup/--restore
// commands, an IPC handler and tests all call these.
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../db/open.ts';
import { preparePrivateFile } from '../data-folder.ts';
import { KioskError } from '../errors.ts';
import { carryNumberingForward, type NumberingOutcome } from './numbering.ts';
import { imagesFileBeside } from './image-store.ts';

export interface BackupResult {
  file: string;
  bytes: number;
  userVersion: number;
  /** The ID photos and signatures (images.sqlite3), backed up beside `file` as `<name>.images.sqlite3`. */
  imagesFile?: string | null;
}

export interface RestoreResult {
  target: string;
  userVersion: number;
  /** Where the database that was replaced was copied to, so a wrong restore can be undone. */
  previousCopy: string | null;
  /** Issue 13 §5: how the restored database was kept from issuing a number again. */
  numbering: NumberingOutcome;
}

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
  userVersion: number;
}

/**
 * A consistent online backup while the counter keeps working: SQLite's backup API copies page by page and restarts
 * if another connection writes mid-copy (writes through `db` itself are folded in), so the result is always one
 * committed state, never a torn mix. Plain file copies of a WAL database can be torn; this cannot. The copy is made
 * under a temporary name, switched to a self-contained rollback-journal file (no -wal beside it), checked, and only
 * then renamed to destFile, so a failed backup never leaves a half file under the real name.
 */
export async function backupDatabase(db: Db, destFile: string): Promise<BackupResult> {
  const result = await backupFile(db, destFile);
  return { ...result, imagesFile: await backupImages(db, result.file) };
}

/**
 * The images file (main/services/image-store.ts) is backed up after the database, on its own connection: an image is
 * in the database until it has been copied into the images file, and the images file only gains images between two
 * purges, so every settlement in the database backup finds its images in one backup or the other. Images newer than
 * the database backup are swept (audited) at the first start after a restore.
 */
async function backupImages(db: Db, databaseBackup: string): Promise<string | null> {
  const source = imagesFileBeside(path.resolve(db.name), 'data-folder');
  if (!existsSync(source)) return null;
  const images = new Database(source, { fileMustExist: true });
  try {
    return (await backupFile(images, imagesFileBeside(databaseBackup, 'backup'))).file;
  } finally {
    images.close();
  }
}

async function backupFile(db: Db, destFile: string): Promise<BackupResult> {
  const dest = path.resolve(destFile);
  if (path.resolve(db.name) === dest) throw new KioskError('BACKUP_SAME_FILE');
  mkdirSync(path.dirname(dest), { recursive: true });
  const temp = `${dest}.${process.pid}.partial`;
  rmSync(temp, { force: true });
  try {
    await db.backup(temp);
    const copy = new Database(temp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const report = checkDatabaseFile(temp);
    if (!report.ok) throw new KioskError('BACKUP_CORRUPT', { message: report.problems.join('; ') });
    // A backup holds what the database holds (names, addresses, ID numbers): owner-only like the database itself.
    preparePrivateFile(temp);
    syncFile(temp);
    renameSync(temp, dest);
    syncDirectory(path.dirname(dest));
    return { file: dest, bytes: statSync(dest).size, userVersion: report.userVersion };
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Runs quick_check (fast, catches most damage), then the full integrity_check and foreign_key_check. Anything that is
 * not a SQLite database, or is damaged, is reported as not ok — never thrown.
 */
export function checkDatabaseFile(file: string): IntegrityReport {
  let db: Db | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    const problems: string[] = [];
    const quick = db.pragma('quick_check') as { quick_check: string }[];
    if (!(quick.length === 1 && quick[0]?.quick_check === 'ok')) {
      problems.push(...quick.map((row) => `quick_check: ${row.quick_check}`));
    } else {
      const full = db.pragma('integrity_check') as { integrity_check: string }[];
      if (!(full.length === 1 && full[0]?.integrity_check === 'ok')) {
        problems.push(...full.map((row) => `integrity_check: ${row.integrity_check}`));
      }
      const orphans = db.pragma('foreign_key_check') as unknown[];
      if (orphans.length > 0) problems.push(`foreign_key_check: ${orphans.length} rows point at nothing`);
    }
    // An empty (or zero-byte) file is a valid SQLite database to SQLite; restoring it would wipe the ledger.
    const tables = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n === 0) problems.push('the file holds no tables');
    const userVersion = db.pragma('user_version', { simple: true }) as number;
    return { ok: problems.length === 0, problems, userVersion };
  } catch (error) {
    return { ok: false, problems: [error instanceof Error ? error.message : String(error)], userVersion: 0 };
  } finally {
    db?.close();
  }
}

/**
 * Replaces targetFile with a verified copy of backupFile. Refuses a backup that fails its checks, and refuses while
 * any connection (this app, another process) has the target open. The swap is a rename of a checked, fsynced copy
 * in the same folder, so a power cut leaves either the old or the new database, never a mix. The old -wal/-shm are
 * removed first: left beside the restored file, SQLite would replay the old database's pages into it.
 */
export function restoreDatabase(
  backupFile: string,
  targetFile: string,
  options: { keepPrevious?: boolean; now?: () => Date } = {},
): RestoreResult {
  const { numbering, ...result } = restoreFile(backupFile, targetFile, options, { carryNumbers: true });
  // The images backed up with it come back beside it; a backup from before images.sqlite3 existed has none. The images
  // file holds no counters, so nothing is carried forward into it.
  const images = imagesFileBeside(path.resolve(backupFile), 'backup');
  if (existsSync(images)) restoreFile(images, imagesFileBeside(path.resolve(targetFile), 'data-folder'), options, { carryNumbers: false });
  return { ...result, numbering: numbering! };
}

function restoreFile(
  backupFile: string,
  targetFile: string,
  options: { keepPrevious?: boolean; now?: () => Date },
  { carryNumbers }: { carryNumbers: boolean },
): Omit<RestoreResult, 'numbering'> & { numbering: NumberingOutcome | null } {
  const source = path.resolve(backupFile);
  const target = path.resolve(targetFile);
  if (!existsSync(source)) throw new KioskError('BACKUP_NOT_FOUND');
  if (source === target) throw new KioskError('BACKUP_SAME_FILE');

  mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.restoring`;
  rmSync(temp, { force: true });
  try {
    copyFileSync(source, temp);
    // A WAL-mode file (e.g. a kiosk.sqlite3 copied by hand) keeps committed pages in its -wal; bring it along so the
    // check below folds it in. The user's backup file itself is only ever read.
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${temp}-wal`);
    // The copy is what is checked, because it is what goes live.
    const copied = checkDatabaseFile(temp);
    if (!copied.ok) throw new KioskError('BACKUP_CORRUPT', { message: copied.problems.join('; ') });
    if (existsSync(target)) assertNotInUse(target);
    const numbering = carryNumbers
      ? carryNumbering(temp, target, (options.now?.() ?? new Date()).toISOString(), path.basename(source))
      : null;
    preparePrivateFile(temp);
    syncFile(temp);

    let previousCopy: string | null = null;
    if (existsSync(target)) {
      assertNotInUse(target); // also checkpoints the target's WAL into it, so the copy below is complete
      if (options.keepPrevious ?? true) {
        const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
        previousCopy = `${target}.before-restore-${stamp}`;
        copyFileSync(target, previousCopy);
        preparePrivateFile(previousCopy);
      }
    }
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(temp, target);
    syncDirectory(path.dirname(target));
    return { target, userVersion: copied.userVersion, previousCopy, numbering };
  } finally {
    for (const leftover of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(leftover, { force: true });
  }
}

/** Opens the checked copy, carries the counters forward into it (main/services/numbering.ts), folds its WAL back in. */
function carryNumbering(copy: string, replaced: string, at: string, from: string): NumberingOutcome {
  const db = new Database(copy);
  try {
    return carryNumberingForward(db, replaced, at, from);
  } finally {
    db.pragma('journal_mode = DELETE');
    db.close();
  }
}

/**
 * Another connection — even an idle one in WAL mode — keeps a shared lock, so an exclusive lock with no busy wait
 * fails at once while the app runs. A target too damaged to open is not "in use": replacing it is the point.
 */
function assertNotInUse(target: string): void {
  let db: Db | null = null;
  try {
    db = new Database(target, { timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.exec('COMMIT');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new KioskError('DATABASE_IN_USE');
  } finally {
    db?.close();
  }
}

function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the rename itself durable on POSIX; Windows cannot open a directory for fsync, and NTFS journals renames. */
function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort: some file systems refuse fsync on directories.
  }
}
