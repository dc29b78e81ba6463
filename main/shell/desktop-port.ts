// What only a desktop shell can do, handed to the core by main/index.ts (Electron). The browser host passes none,
// and each handler says what the renderer should do instead. No electron import.
import type { SaveOutcome, UpdateStatus } from '../../preload/types.ts';
import type { ExportExtension } from './file-export.ts';

export interface UpdatePort {
  /** The downloaded update, or null. */
  status(): UpdateStatus | null;
  /** Quits and runs the installer now (a manager pressed "install"; the installer may ask for administrator rights). */
  install(): void;
}

export interface DesktopPort {
  update?: UpdatePort;
  /** Writes a file the main process made (FileExporter: the save dialog, or IT's export folder). */
  saveFile?(requestedName: string, extension: ExportExtension, content: Buffer | string): Promise<SaveOutcome>;
  /** Prints the caller's page with the OS print dialog, parented to its window (webContents.print). */
  printPage?(clientId: string): Promise<'printed' | 'cancelled'>;
  /** The caller's page as a PDF (webContents.printToPDF, print media, A4). */
  pagePdf?(clientId: string): Promise<Buffer>;
}
