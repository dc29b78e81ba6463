import { DENOMINATIONS, type DenominationCounts, type TillSessionDetail, type TillTally } from '../../../common/till.ts';
import { EscposWriter, leftRight } from '../escpos-document.ts';
import { formatCount, formatTokyoDateTime, formatYen } from '../format.ts';
import type { ReceiptPrinterSettings } from '../../../common/printing.ts';

/** M-07: what the close report prints: a closed session whole, and when this print is a reprint (再発行). */
export type TillReportData = TillSessionDetail & { reprintedAt: string | null };

const KIND_LABELS = { pay_in: '入金', pay_out: '出金', exchange: '両替' } as const;

/**
 * M-07: レジ締めレポート on the receipt printer: where and when, who, the float, what was paid by each method, cash moved
 * without a sale, what should have been in the drawer, what was counted per denomination, the difference and who
 * approved it. Printed at the close, reprinted from the 現金管理 screen.
 */
export function tillReportLayout(data: TillReportData, settings: Pick<ReceiptPrinterSettings, 'paperWidth'>): Buffer {
  const out = new EscposWriter(settings.paperWidth);
  const cols = out.columns;
  // pair(): when label and figure do not fit one line (58 mm paper, large sums) the figure goes under its label whole.
  const tallyLine = (label: string, tally: TillTally) => out.pair(label, `${formatCount(tally.count)}件 ${formatYen(tally.amount)}`);

  out.reprintMark(data.reprintedAt);
  out.align('center').bold(true).size(2, 2).line('レジ締めレポート').size(1, 1).bold(false);
  out.line(data.shopName);
  out.align('left');
  out.pair('端末', `${data.terminalName}（${data.terminalCode}）`);
  out.pair('開局', formatTokyoDateTime(data.openedAt));
  out.pair('開局担当', data.openedByName);
  out.pair('締め', data.closedAt === null ? '（未締め）' : formatTokyoDateTime(data.closedAt));
  if (data.closedByName !== null) out.pair('締め担当', data.closedByName);
  out.rule();

  out.pair('釣銭準備金', formatYen(data.openingFloat));
  out.line('支払方法別');
  tallyLine('  現金（支払）', data.payouts);
  for (const method of data.otherMethods) tallyLine(`  ${method.label}`, method);
  out.line('入出金');
  tallyLine('  入金', data.payIns);
  tallyLine('  出金', data.payOuts);
  tallyLine('  両替', data.exchanges);
  out.rule();

  if (data.checks.length > 0) {
    out.line('点検');
    for (const check of data.checks) {
      out.line(`  ${formatTokyoDateTime(check.at)} ${check.staffName}`);
      out.pair('    実際／差額', `${formatYen(check.counted)}／${formatYen(check.difference)}`);
    }
    out.rule();
  }

  if (data.closingCounts !== null) {
    out.line('金種別の実際の現金');
    for (const [label, subtotal] of denominationLines(data.closingCounts)) out.pair(label, subtotal);
    out.rule();
  }
  out.pair('理論値', formatYen(data.expected));
  if (data.counted !== null) out.pair('実際の現金', formatYen(data.counted));
  if (data.difference !== null) {
    out.bold(true).size(1, 2).line(leftRight('差額', formatYen(data.difference), cols)).size(1, 1).bold(false);
  }
  out.pair('差額承認', data.approvedByName ?? '（不要）');
  if (data.movements.length > 0) {
    out.rule();
    out.line('入出金の明細');
    for (const m of data.movements) {
      out.line(`  ${formatTokyoDateTime(m.at)} ${KIND_LABELS[m.kind]} ${formatYen(m.amount)}`);
      out.paragraph(`    ${m.reason}（${m.staffName}）`);
    }
  }
  out.cut();
  return out.bytes();
}

/** `¥10,000 × 3` and `¥30,000`: each denomination counted, largest first, with its subtotal. */
function denominationLines(counts: DenominationCounts): [string, string][] {
  return DENOMINATIONS.flatMap((denomination): [string, string][] => {
    const pieces = counts[`${denomination}`];
    if (pieces === undefined || pieces === 0) return [];
    return [[`  ${formatYen(denomination)} × ${formatCount(pieces)}`, formatYen(denomination * pieces)]];
  });
}
