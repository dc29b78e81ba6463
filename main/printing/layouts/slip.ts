import { EscposWriter, } from '../escpos-document.ts';
import { formatCount, formatTokyoDateTime } from '../format.ts';
import type { PaperWidth, SlipData } from '../../../common/printing.ts';

/** 買取受付票: the customer keeps it; its barcode brings the reception back up at the counter (P-01). */
export function slipLayout(data: SlipData, settings: { paperWidth: PaperWidth }): Buffer {
  const out = new EscposWriter(settings.paperWidth);
  out.reprintMark(data.reprintedAt);
  out.align('center').bold(true).size(2, 2).line('買取受付票').size(1, 1).bold(false);
  out.line(data.shopName);
  out.line();
  out.size(2, 2).line(data.receptionNumber).size(1, 1);
  out.code128(data.receptionNumber, { height: 64 });
  out.align('left').rule();
  out.pair('受付番号', data.receptionNumber);
  out.pair('受付日時', formatTokyoDateTime(data.createdAt));
  out.pair('お客様', `${data.customerName} 様`);
  out.pair('点数', `${formatCount(data.itemCount)}点`);
  out.rule();
  out.paragraph('査定が終わりましたらお呼びします。この票をお持ちください。');
  out.cut();
  return out.bytes();
}
