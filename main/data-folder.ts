// Issue 13 §6: the data folder holds the ledger (names, addresses, ID numbers) and, in the browser host, the vault key.
// Only the kiosk's OS user may read it: the folder 0700, the files in it 0600. POSIX only — on Windows the folder is in
// the user's profile (AppData), whose ACL already keeps other users out.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/** The kiosk database's file name inside the data folder. */
export const DATABASE_FILE = 'kiosk.sqlite3';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = process.platform !== 'win32';

/** Creates the folder owner-only, or narrows an existing one (an older version made it 0755). */
export function preparePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (posix) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates the file owner-only before anything writes to it, or narrows an existing one. SQLite gives a database's
 * -wal and -shm files the mode of the database file, so they follow.
 */
export function preparePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  if (posix) chmodSync(file, PRIVATE_FILE_MODE);
}
