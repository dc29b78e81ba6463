// IT maintenance commands of the installed app (the IT guide in README.md):
//   "Kaitori Kiosk.exe" --backup=D:\backup\kiosk-2025-01-31.sqlite3
//   "Kaitori Kiosk.exe" --restore=D:\backup\kiosk-2025-01-31.sqlite3
// They run instead of the kiosk window and exit with a status code. No electron import.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/open.ts';
import { DATABASE_FILE } from '../data-folder.ts';
import { KioskError } from '../errors.ts';
import { backupDatabase, restoreDatabase } from '../services/backup.ts';

export type MaintenanceCommand = { kind: 'backup'; file: string } | { kind: 'restore'; file: string };

export const MaintenanceExit = { OK: 0, FAILED: 1, IN_USE: 2, CORRUPT: 3, USAGE: 64 } as const;

/** Finds --backup=<file> or --restore=<file>; a flag without a file is a usage error (reported as file ''). */
export function parseMaintenanceCommand(argv: readonly string[]): MaintenanceCommand | null {
  for (const arg of argv) {
    const match = /^--(backup|restore)(?:=(.*))?$/.exec(arg);
    if (match) return { kind: match[1] as 'backup' | 'restore', file: match[2] ?? '' };
  }
  return null;
}

/**
 * Runs one command against the database in dataDir. Restore must only run when the kiosk is not running: the caller
 * (main/index.ts) holds the single-instance lock, and restoreDatabase itself refuses a database that is open.
 */
export async function runMaintenance(
  command: MaintenanceCommand,
  dataDir: string,
  log: Pick<Console, 'info' | 'error'>,
): Promise<number> {
  if (command.file === '') {
    log.error(`usage: --${command.kind}=<file>`);
    return MaintenanceExit.USAGE;
  }
  const databaseFile = path.join(dataDir, DATABASE_FILE);
  try {
    if (command.kind === 'backup') {
      if (!existsSync(databaseFile)) {
        log.error(`backup failed: there is no kiosk database at ${databaseFile}`);
        return MaintenanceExit.FAILED;
      }
      const db = openDatabase(databaseFile);
      try {
        const result = await backupDatabase(db, command.file);
        log.info(`backup written: ${result.file} (${result.bytes} bytes, schema ${result.userVersion})`);
      } finally {
        db.close();
      }
    } else {
      const result = restoreDatabase(command.file, databaseFile);
      log.info(`restored ${command.file} → ${result.target} (schema ${result.userVersion})`);
      if (result.previousCopy) log.info(`the replaced database was kept as ${result.previousCopy}`);
      log.info(
        result.numbering.raised
          ? `numbers: the replaced database could not be read, so new numbers carry restore generation R${result.numbering.generation}`
          : `numbers: counters carried forward from the replaced database (restore generation ${result.numbering.generation})`,
      );
    }
    return MaintenanceExit.OK;
  } catch (error) {
    if (error instanceof KioskError) {
      log.error(`${command.kind} failed: ${error.code} ${error.message}`);
      if (error.code === 'DATABASE_IN_USE') return MaintenanceExit.IN_USE;
      if (error.code === 'BACKUP_CORRUPT') return MaintenanceExit.CORRUPT;
      return MaintenanceExit.FAILED;
    }
    log.error(`${command.kind} failed: ${error instanceof Error ? error.message : String(error)}`);
    return MaintenanceExit.FAILED;
  }
}
