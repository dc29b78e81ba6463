import { COLUMNS, EscposWriter, } from '../escpos-document.ts';
import { formatTokyoDateTime, formatYen } from '../format.ts';
import type { PaperWidth, PrinterRole } from '../../../common/printing.ts';

export interface TestPageData {
  printer: PrinterRole;
  target: string;
  printedAt: string;
}

/** テスト印字 from the peripheral settings: shows the columns line up and Japanese and barcodes print. */
export function testPageLayout(data: TestPageData, settings: { paperWidth: PaperWidth }): Buffer {
  const out = new EscposWriter(settings.paperWidth);
  const cols = COLUMNS[settings.paperWidth];
  out.align('center').bold(true).size(2, 2).line('テスト印字').size(1, 1).bold(false);
  out.line(data.printer === 'receipt' ? 'レシートプリンター' : 'ラベルプリンター');
  out.align('left');
  out.pair('接続', data.target);
  out.pair('用紙幅', `${settings.paperWidth}mm / ${cols}桁`);
  out.pair('日時', formatTokyoDateTime(data.printedAt));
  out.rule();
  let ruler = '';
  for (let i = 1; i <= cols; i++) ruler += String(i % 10);
  out.line(ruler);
  out.line('全角'.repeat(cols / 4));
  out.pair('日本語ｶﾀｶﾅ漢字', formatYen(1234567));
  out.align('center').code128('TEST-0001').line('TEST-0001');
  out.cut();
  return out.bytes();
}
