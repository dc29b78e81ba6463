import type { PrintableDocument } from '../../../preload/types.ts';

/**
 * The browser host has no main-process printing: the document is drawn by the same print page in an off-screen
 * iframe of this page, which then opens Chromium's own print preview (printer or "Save as PDF"). Electron never comes
 * here — its main process prints the document in a hidden window.
 */
export async function printDocumentInPage(document: PrintableDocument): Promise<void> {
  const frame = window.document.createElement('iframe');
  frame.title = document.kind;
  frame.setAttribute('aria-hidden', 'true');
  // Laid out at A4 width (so the page breaks where paper does) but out of sight.
  Object.assign(frame.style, { position: 'fixed', left: '-10000px', top: '0', width: '210mm', height: '297mm', border: '0' });
  const loaded = new Promise<void>((resolve, reject) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.addEventListener('error', () => reject(new Error('print page did not load')), { once: true });
  });
  frame.src = new URL('print.html', window.location.href).href;
  window.document.body.append(frame);
  try {
    await loaded;
    const view = frame.contentWindow;
    if (!view?.kioskPrint) throw new Error('print page has no kioskPrint');
    await view.kioskPrint(document);
    view.print();
  } finally {
    // print() returns once the preview closes; a frame left behind would keep the customer's document in the DOM.
    frame.remove();
  }
}
