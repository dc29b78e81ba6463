// The print page: one React view per document, loaded into a hidden Electron window, headless Chromium
// (browser host) or an iframe of the kiosk page, each of which calls window.kioskPrint(document) and then prints or
// makes the PDF. The page fetches nothing: the document arrives as the call's argument, so no personal data travels
// over a URL or an HTTP route.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { PrintableDocument, PrintReady } from '../../preload/types.ts';
import i18n, { initI18n } from '../i18n/index.ts';
import { footerTemplate } from './footer.ts';
import { PrintView } from './PrintView.tsx';
import './print.css';

declare global {
  interface Window {
    kioskPrint?: (document: PrintableDocument) => Promise<PrintReady>;
  }
}

initI18n('ja');
const root = createRoot(document.getElementById('root')!);

window.kioskPrint = async (printable) => {
  await i18n.changeLanguage(printable.language);
  document.documentElement.lang = printable.language;
  // Rendered before the promise resolves: the caller prints right after, so nothing may still be scheduled.
  flushSync(() => root.render(<PrintView document={printable} />));
  await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
  await document.fonts.ready;
  return { footerTemplate: footerTemplate(printable, i18n.t) };
};
