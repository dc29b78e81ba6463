import { columnsOf, EscposWriter, leftRight, padColumns, wrapColumns } from '../escpos-document.ts';
import { formatCount, formatTokyoDateTime, formatYen } from '../format.ts';
import type { ReceiptData, ReceiptItem, ReceiptPrinterSettings } from '../../../common/printing.ts';

type Copy = 'customer' | 'shop';

const QUANTITY_COLUMNS = 4;

/**
 * The amount column: `¥9,999,999` wide at 58 mm, `¥999,999,999` at 80 mm, and wider when an amount needs it (up to
 * MAX_YEN and beyond for a large quantity), the item names giving way — an amount is never cut.
 */
function amountColumns(columns: number, items: readonly ReceiptItem[]): number {
  const widest = Math.max(0, ...items.map((item) => columnsOf(formatYen(item.amount))));
  return Math.max(columns >= 48 ? 12 : 10, widest);
}

/** 買取明細書: the customer's copy, and the shop's signed copy when the settings ask for one. Cut after each. */
export function receiptLayout(data: ReceiptData, settings: Pick<ReceiptPrinterSettings, 'paperWidth' | 'shopCopy'>): Buffer {
  const out = new EscposWriter(settings.paperWidth);
  writeCopy(out, data, 'customer');
  if (settings.shopCopy) writeCopy(out, data, 'shop');
  return out.bytes();
}

function writeCopy(out: EscposWriter, data: ReceiptData, copy: Copy): void {
  const cols = out.columns;
  const amountCols = amountColumns(cols, data.items.filter((i) => !i.cancelled));

  out.reprintMark(data.reprintedAt);
  out.align('center').bold(true).size(2, 2).line('買取明細書').size(1, 1).bold(false);
  out.line(copy === 'customer' ? '（お客様控え）' : '（店舗控え）');
  out.line();
  out.bold(true).size(1, 2).line(data.shop.name).size(1, 1).bold(false);
  out.paragraph(data.shop.address);
  if (data.shop.phone) out.line(`TEL ${data.shop.phone}`);
  out.align('left');
  out.pair('古物商許可番号', data.shop.licenceNumber);
  if (data.shop.invoiceNumber) out.pair('登録番号', data.shop.invoiceNumber);
  out.rule();

  out.pair('受付番号', data.receptionNumber);
  out.align('center').code128(data.receptionNumber, { height: 56 }).align('left');
  out.pair('日時', formatTokyoDateTime(data.settledAt));
  out.pair('担当', data.staffName);
  out.pair('お客様', `${data.sellerName} 様`);
  out.rule();

  const nameCols = cols - QUANTITY_COLUMNS - amountCols - 2;
  out.line(`${padColumns('品名', nameCols)} ${padColumns('数量', QUANTITY_COLUMNS, 'right')} ${padColumns('金額', amountCols, 'right')}`);
  for (const item of data.items.filter((i) => !i.cancelled)) {
    for (const line of itemLines(item, nameCols, amountCols)) out.line(line);
  }
  out.rule();

  out.pair('小計', formatYen(data.itemsTotal));
  if (data.adjustmentAmount !== 0) out.pair('調整額', formatYen(data.adjustmentAmount));
  out.bold(true).size(1, 2).line(leftRight('買取合計', formatYen(data.totalAmount), cols)).size(1, 1).bold(false);
  out.pair('お支払方法', data.paymentMethodLabel);
  if (data.pointsGranted !== null) out.pair('付与ポイント', `${formatCount(data.pointsGranted)}pt`);
  if (data.pointBalance !== null) out.pair('ポイント残高', `${formatCount(data.pointBalance)}pt`);
  out.rule();

  if (data.termsTitle !== null) {
    out.line('同意済みの規約:');
    for (const part of wrapColumns(data.termsTitle, cols - 2)) out.line(`  ${part}`);
  }
  out.paragraph('上記の品物を上記金額にて買い取りました。');
  if (copy === 'shop') {
    out.line();
    out.paragraph('上記金額を受領し、品物を譲渡しました。');
    out.line();
    out.line('お客様署名');
    out.line();
    out.line(`${' '.repeat(2)}${'_'.repeat(cols - 4)}`);
  }
  out.cut();
}

/** The name wraps onto as many lines as it needs; quantity and amount sit on its last line so columns hold. */
function itemLines(item: ReceiptItem, nameCols: number, amountCols: number): string[] {
  const parts = wrapColumns(item.name, nameCols);
  const last = parts.pop() ?? '';
  const tail = `${padColumns(last, nameCols)} ${padColumns(formatCount(item.quantity), QUANTITY_COLUMNS, 'right')} ${padColumns(formatYen(item.amount), amountCols, 'right')}`;
  return [...parts, tail];
}
