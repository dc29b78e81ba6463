import type { TFunction } from 'i18next';
import type { PrintableDocument } from '../../preload/types.ts';
import { formatTokyo } from '../components/format.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The line printed at the foot of every page by printToPDF: document, reception number, 再発行 and the page count.
 * Chromium fills the pageNumber / totalPages spans; the template has its own tiny document, so it states its font.
 */
export function footerTemplate(document: PrintableDocument, t: TFunction): string {
  const title = t(document.kind === 'statement' ? 'documents.statement.shortTitle' : 'documents.quote.title');
  const reprint = document.kind === 'statement' && document.reprintedAt ? ` ${t('documents.reprint', { at: formatTokyo(document.reprintedAt) })}` : '';
  const page = t('documents.page', { page: '<span class="pageNumber"></span>', pages: '<span class="totalPages"></span>' });
  return (
    `<div style="width:100%;margin:0 12mm;font-size:8px;font-family:'Noto Sans CJK JP','Yu Gothic','Meiryo',sans-serif;` +
    `display:flex;justify-content:space-between;color:#333">` +
    `<span>${escapeHtml(`${title} ${document.receptionNumber}${reprint}`)}</span><span>${page}</span></div>`
  );
}
