// Files the kiosk hands to the shop (S-20 appraisal CSV, B-02 ledger CSV, a page as PDF), written by the main
// process (issue 12 "Downloads in the Electron kiosk"). Electron cancels every renderer download, so the renderer
// asks for a file over the contract and this writes it: where the person chose in the OS save dialog, or — on a
// kiosk where IT does not want a file dialog to browse the disk — into the export folder IT configured
// (--export-folder=<path>). No electron import: the dialog is passed in.
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SaveOutcome } from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import { isInside } from './policy.ts';

export const EXPORT_FOLDER_FLAG = '--export-folder';

export type ExportExtension = '.csv' | '.pdf' | '.txt';

export type SaveTarget =
  /** Asks where to save; null when the person cancelled. The path is absolute, or relative to nothing we trust. */
  | { kind: 'dialog'; choose(suggestedName: string, extension: ExportExtension): Promise<string | null> }
  | { kind: 'folder'; folder: string };

export type { SaveOutcome } from '../../preload/types.ts';

/** `--export-folder=<path>` on the command line, or null. */
export function parseExportFolder(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (arg.startsWith(`${EXPORT_FOLDER_FLAG}=`)) {
      const value = arg.slice(EXPORT_FOLDER_FLAG.length + 1).trim();
      return value === '' ? null : value;
    }
  }
  return null;
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_NAME = 120;

/**
 * A file name safe on Windows and Linux that cannot leave its folder: only the last path segment is kept, control
 * and reserved characters become '_', trailing dots and spaces go, device names (CON, NUL …) are prefixed, the
 * length is bounded, and the extension is the one this export has whatever the name said (a CSV is never saved as
 * .exe). Japanese and other letters are kept.
 */
export function safeFileName(requested: string, extension: ExportExtension): string {
  const lastSegment = requested.split(/[\\/]/).pop() ?? '';
  let stem = Array.from(lastSegment, (char) => (char.charCodeAt(0) < 0x20 || char === '\u007f' || '<>:"|?*'.includes(char) ? '_' : char)).join('');
  if (stem.toLowerCase().endsWith(extension)) stem = stem.slice(0, -extension.length);
  stem = stem.replace(/[. ]+$/g, '').replace(/^[. ]+/g, '');
  if (stem === '' || /^_+$/.test(stem)) stem = 'export';
  if (WINDOWS_DEVICE.test(stem.split('.')[0] ?? '')) stem = `_${stem}`;
  stem = Array.from(stem).slice(0, MAX_NAME).join('');
  return `${stem}${extension}`;
}

export class FileExporter {
  constructor(private readonly target: SaveTarget) {}

  async save(requestedName: string, extension: ExportExtension, content: Buffer | string): Promise<SaveOutcome> {
    const name = safeFileName(requestedName, extension);
    const file = this.target.kind === 'folder' ? this.inFolder(this.target.folder, name) : await this.chosen(name, extension);
    if (file === null) return { outcome: 'cancelled' };
    writeAtomically(file, content);
    return { outcome: 'saved', fileName: path.basename(file), folder: path.dirname(file) };
  }

  /** The export folder must exist (a USB stick not plugged in is said, not created on the system disk). */
  private inFolder(folder: string, name: string): string {
    let real: string;
    try {
      real = realpathSync(folder);
      if (!statSync(real).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new KioskError('EXPORT_FOLDER_MISSING', { params: { folder } });
    }
    const dot = name.lastIndexOf('.');
    // Never overwrite an earlier export: "name (2).csv", "name (3).csv" …
    for (let n = 1; n < 1000; n++) {
      const candidate = path.join(real, n === 1 ? name : `${name.slice(0, dot)} (${n})${name.slice(dot)}`);
      if (!isInside(real, candidate) || path.dirname(candidate) !== real) throw new KioskError('EXPORT_NAME_REFUSED');
      if (!existsSync(candidate)) return candidate;
    }
    throw new KioskError('EXPORT_WRITE_FAILED');
  }

  private async chosen(name: string, extension: ExportExtension): Promise<string | null> {
    if (this.target.kind !== 'dialog') return null;
    const picked = await this.target.choose(name, extension);
    if (picked === null || picked.trim() === '') return null;
    if (!path.isAbsolute(picked)) throw new KioskError('EXPORT_NAME_REFUSED');
    const folder = path.dirname(picked);
    // The person chose the folder; the name still gets the export's extension and loses what Windows would refuse.
    const file = path.join(folder, safeFileName(path.basename(picked), extension));
    if (existsSync(file) && statSync(file).isDirectory()) throw new KioskError('EXPORT_NAME_REFUSED');
    if (!existsSync(folder)) throw new KioskError('EXPORT_FOLDER_MISSING', { params: { folder } });
    return file;
  }
}

/** Write beside, then rename over: a full disk or a pulled USB stick never leaves a half file under the real name. */
function writeAtomically(file: string, content: Buffer | string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`);
  try {
    writeFileSync(temp, content, { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    if (error instanceof KioskError) throw error;
    throw new KioskError('EXPORT_WRITE_FAILED', { params: { folder: path.dirname(file) } });
  }
}
