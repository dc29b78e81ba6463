// in Electron: the print page (out/renderer/print.html, served by the app:// protocol) in a hidden,
// sandboxed window without a preload — it can reach no channel (ipc.ts trusts only the kiosk window) and needs none:
// the document arrives as the argument of window.kioskPrint, run by executeJavaScript. Electron glue only; the
// content, the script and the printToPDF options come from main/services/documents.ts, which the browser host's
// headless Chromium uses too (main/host/chromium-documents.ts), so the tests' PDFs are made the same way.
import { BrowserWindow, type WebContents } from 'electron';
import type { PrintableDocument, PrintReady } from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import { type DocumentRenderer, pdfOptions, printScript } from '../services/documents.ts';

/** How long a document may take from window to PDF or printer spooler (the page is local; this is for a hung GPU). */
const DOCUMENT_TIMEOUT_MS = 60_000;

export function electronDocumentRenderer(printPageUrl: string): DocumentRenderer {
  async function withDocumentWindow<T>(document: PrintableDocument, use: (contents: WebContents, ready: PrintReady) => Promise<T>): Promise<T> {
    const win = new BrowserWindow({
      show: false,
      // A4 at 96 dpi: the page lays out at the width it is printed at.
      width: 794,
      height: 1123,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        devTools: false,
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('document window timed out')), DOCUMENT_TIMEOUT_MS);
    });
    try {
      const work = (async () => {
        await win.loadURL(printPageUrl);
        const ready = (await win.webContents.executeJavaScript(printScript(document))) as PrintReady;
        return use(win.webContents, ready);
      })();
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
      win.destroy();
    }
  }

  return {
    pdf: (document) => withDocumentWindow(document, (contents, ready) => contents.printToPDF(pdfOptions(ready))),
    /**
     * To the PC's default printer without a dialog: at a counter in kiosk mode there is no place for the OS print
     * dialog (it would open behind the full-screen window or let the clerk browse the system), and the statement
     * always goes to the shop's one A4 printer. No printer at all is said as such, not as a silent no-op.
     */
    print: (document) =>
      withDocumentWindow(document, async (contents) => {
        const printers = await contents.getPrintersAsync();
        if (printers.length === 0) throw new KioskError('DOCUMENT_PRINTER_MISSING');
        return new Promise<'printed' | 'cancelled'>((resolve, reject) => {
          contents.print({ silent: true, printBackground: true }, (success, failureReason) => {
            if (success) resolve('printed');
            else if (failureReason === 'cancelled') resolve('cancelled');
            else reject(new KioskError('PRINT_PAGE_FAILED'));
          });
        });
      }),
  };
}
