import { EscposWriter, fitColumns, } from '../escpos-document.ts';
import { KioskError } from '../../errors.ts';
import { formatYen } from '../format.ts';
import type { LabelData, LabelPrinterSettings } from '../../../common/printing.ts';

/** One price label per stock item, cut after each, in the order given. */
export function labelLayout(labels: LabelData[], settings: Pick<LabelPrinterSettings, 'paperWidth' | 'symbology'>): Buffer {
  const out = new EscposWriter(settings.paperWidth);
  for (const label of labels) {
    out.reprintMark(label.reprintedAt);
    out.align('center');
    if (settings.symbology === 'jan13') {
      // P-07: the JAN fixed with the stock code at appraisal; an item from before JAN labels has none to print.
      if (label.janCode === null) throw new KioskError('LABEL_CODE_NOT_JAN', { params: { stockCode: label.stockCode } });
      out.jan13(label.janCode, { height: 56 }).line(label.janCode).line(label.stockCode);
    } else {
      out.code128(label.stockCode, { height: 56 }).line(label.stockCode);
    }
    out.align('left');
    out.bold(true).line(fitColumns(label.name, out.columns)).bold(false);
    out.pair('ランク', label.grade);
    // Double width halves the columns, so the price is fitted to what is left.
    out.align('right').bold(true).size(2, 2).line(fitColumns(formatYen(label.price), out.columns / 2));
    out.size(1, 1).bold(false).align('left');
    out.cut();
  }
  return out.bytes();
}
