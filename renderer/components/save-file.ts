import type { RequestOf } from '../../preload/contract.ts';
import { usePrintPageMutation, useSaveFileMutation } from '../kiosk-api.ts';

/**
 * Hands a file made by the main process (CSV) to the browser's download, as the user's Downloads folder expects.
 * A binary file (the M-08 全銀 file in Shift_JIS) comes base64-encoded and is downloaded byte for byte.
 */
export function saveTextFile(file: { filename: string; content: string; encoding?: 'base64' }, type = 'text/csv;charset=utf-8'): void {
  const link = document.createElement('a');
  const body = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
  link.href = URL.createObjectURL(new Blob([body], { type: file.encoding === 'base64' ? 'application/octet-stream' : type }));
  link.download = file.filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/**
 * S-20 / B-02: saves a CSV through the main process (file:save). The Electron kiosk writes it itself — where the
 * person chose, or into IT's export folder — because it cancels every download in the page; the browser host
 * answers with the content and the browser downloads it, as before.
 */
export function useSaveFile() {
  const [save, state] = useSaveFileMutation();
  const run = async (request: RequestOf<'file:save'>) => {
    const response = await save(request);
    if ('data' in response && response.data?.outcome === 'download') saveTextFile(response.data);
  };
  return [run, state] as const;
}

/**
 * B-02: prints the page on screen (or saves it as PDF) through the main process. The browser host cannot: there
 * the page prints itself with Chromium's own print preview, which can also save a PDF.
 */
export function usePrintPage() {
  const [print, state] = usePrintPageMutation();
  const run = async (request: RequestOf<'app:printPage'>) => {
    const response = await print(request);
    if ('data' in response && response.data?.outcome === 'unsupported') window.print();
  };
  return [run, state] as const;
}
