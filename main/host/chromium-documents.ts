// in the browser host: documents become PDFs in headless Chromium, the way Electron's hidden window makes
// them — the same print page (out/renderer/print.html), the same window.kioskPrint(document), the same printToPDF
// options (main/services/documents.ts) — so a PDF checked in the end-to-end tests is the PDF the kiosk makes.
//
// Driven with playwright-core (a devDependency; the browser host is never packaged): it launches Debian's Chromium
// over the DevTools pipe and its page.pdf() is the DevTools protocol's Page.printToPDF, which takes exactly Electron's
// printToPDF options. The document is handed to the page as the script's argument: no personal data on a URL, no
// extra HTTP route. One browser per document: a PDF is a rare, clerk-initiated act, and nothing lingers afterwards.
import type { PrintableDocument, PrintReady } from '../../preload/types.ts';
import { type DocumentRenderer, pdfOptions, printScript } from '../services/documents.ts';

export interface ChromiumDocumentsOptions {
  chromiumPath: string;
  /** The print page's URL on this host (known once the server listens). */
  printPageUrl: () => Promise<string>;
  /** The whole PDF, start to finish, within this (default 60 s; Chromium's start is slow on a loaded PC). */
  timeoutMs?: number;
}

export function chromiumDocumentRenderer(options: ChromiumDocumentsOptions): DocumentRenderer {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    async pdf(document: PrintableDocument): Promise<Buffer> {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: options.chromiumPath,
        timeout: timeoutMs,
        // Chromium refuses its sandbox as root (CI containers); a normal user keeps it.
        args: [
          ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const deadline = setTimeout(() => void browser.close(), timeoutMs);
      try {
        const page = await browser.newPage();
        await page.goto(await options.printPageUrl(), { waitUntil: 'load', timeout: timeoutMs });
        const ready = (await page.evaluate(printScript(document))) as PrintReady;
        return await page.pdf(pdfOptions(ready));
      } finally {
        clearTimeout(deadline);
        await browser.close();
      }
    },
  };
}
