import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors.ts';
import { columnsOf, fitColumns, wrapWords } from '../../../main/printing/escpos-document.ts';
import { labelLayout } from '../../../main/printing/layouts/label.ts';
import { receiptLayout } from '../../../main/printing/layouts/receipt.ts';
import { slipLayout } from '../../../main/printing/layouts/slip.ts';
import { testPageLayout } from '../../../main/printing/layouts/test-page.ts';
import { readPapers } from '../../support/escpos-emulator.ts';
import { displayColumns, labels, receiptData, slip } from './fixtures.ts';

const COLUMNS = { 80: 48, 58: 32 } as const;

function papersOf(bytes: Buffer) {
  const read = readPapers(bytes);
  expect(read.unknownCommands).toEqual([]);
  expect(read.uncut.items).toEqual([]);
  return read.papers;
}

describe('receipt layout', () => {
  it('S-18 the customer copy reads shop, licence, invoice number, reception barcode, Tokyo time, staff, totals, payment, points and terms', () => {
    const [paper, ...rest] = papersOf(receiptLayout(receiptData(), { paperWidth: 80, shopCopy: false }));
    expect(rest).toHaveLength(0);
    const text = paper!.text;
    for (const expected of [
      '買取明細書',
      '（お客様控え）',
      'リユース買取 新宿店',
      '東京都新宿区西新宿1-2-3 新宿ビル4F',
      'TEL 03-1234-5678',
      '東京都公安委員会 第304361234567号',
      'T1234567890123',
      '2025/04/01 00:05',
      '山田 太郎',
      '佐藤 花子 様',
      '現金',
      '買取規約（2025年版）',
    ]) {
      expect(text).toContain(expected);
    }
    expect(paper!.lines).toContain(`受付番号${' '.repeat(48 - 8 - 21)}S001-01-20250401-0007`);
    expect(paper!.lines).toContain(`小計${' '.repeat(48 - 4 - 7)}¥74,200`);
    expect(paper!.lines).toContain(`調整額${' '.repeat(48 - 6 - 5)}-¥200`);
    expect(paper!.lines).toContain(`買取合計${' '.repeat(48 - 8 - 7)}¥74,000`);
    expect(paper!.lines).toContain(`付与ポイント${' '.repeat(48 - 12 - 5)}740pt`);
    expect(paper!.lines).toContain(`ポイント残高${' '.repeat(48 - 12 - 7)}1,520pt`);
    expect(paper!.barcodes).toEqual([{ symbology: 'CODE128', data: 'S001-01-20250401-0007' }]);
    expect(text).not.toContain('署名');
  });

  it('S-18 cancelled items are left off the receipt', () => {
    const [paper] = papersOf(receiptLayout(receiptData(), { paperWidth: 80, shopCopy: false }));
    expect(paper!.text).toContain('iPhone 13 128GB');
    expect(paper!.text).not.toContain('取消した腕時計');
    expect(paper!.text).not.toContain('¥9,000');
  });

  it('S-18 omits the points lines and the adjustment when there are none', () => {
    const data = receiptData({ pointsGranted: null, pointBalance: null, adjustmentAmount: 0, termsTitle: null });
    const [paper] = papersOf(receiptLayout(data, { paperWidth: 58, shopCopy: false }));
    expect(paper!.text).not.toContain('ポイント');
    expect(paper!.text).not.toContain('調整額');
    expect(paper!.text).not.toContain('規約');
  });

  for (const paperWidth of [80, 58] as const) {
    it(`S-18 item columns line up at ${paperWidth} mm with full-width Japanese names`, () => {
      const [paper] = papersOf(receiptLayout(receiptData(), { paperWidth, shopCopy: false }));
      const cols = COLUMNS[paperWidth];
      for (const line of paper!.lines) expect(displayColumns(line), line).toBeLessThanOrEqual(cols);

      const header = paper!.lines.find((l) => l.startsWith('品名'))!;
      const amountLines = paper!.lines.filter((l) => /\d+ +-?¥[\d,]+$/.test(l) && paper!.lines.indexOf(l) > paper!.lines.indexOf(header));
      const itemLines = amountLines.slice(0, 3);
      expect(itemLines.map((l) => l.match(/¥[\d,]+$/)![0])).toEqual(['¥25,000', '¥48,000', '¥1,200']);
      // Every item line ends at the right edge, and the quantities end in the same column as 数量.
      const quantityEnd = displayColumns(header.slice(0, header.indexOf('数量') + 2));
      for (const line of [header, ...itemLines]) expect(displayColumns(line), line).toBe(cols);
      for (const line of itemLines) {
        const quantity = line.match(/(\d+) +¥[\d,]+$/)!;
        const before = line.slice(0, (quantity.index ?? 0) + quantity[1]!.length);
        expect(displayColumns(before), line).toBe(quantityEnd);
      }
      // The long name wraps instead of being cut, so the customer can read all of it.
      const nameLines = paper!.lines.slice(paper!.lines.indexOf(header) + 1, paper!.lines.indexOf(itemLines[0]!) + 1);
      expect(nameLines.length).toBeGreaterThan(1);
      expect(nameLines.map((l) => l.replace(/ +\d+ +¥[\d,]+$/, '')).join('').replaceAll(' ', '')).toBe(
        'ニンテンドースイッチ有機ELモデルホワイト',
      );
    });
  }

  it('S-18 prints a shop copy with a signature line only when the setting asks for it', () => {
    const one = papersOf(receiptLayout(receiptData(), { paperWidth: 80, shopCopy: false }));
    expect(one).toHaveLength(1);
    const two = papersOf(receiptLayout(receiptData(), { paperWidth: 80, shopCopy: true }));
    expect(two).toHaveLength(2);
    expect(two[0]!.text).toContain('（お客様控え）');
    expect(two[0]!.text).not.toContain('お客様署名');
    expect(two[1]!.text).toContain('（店舗控え）');
    expect(two[1]!.text).toContain('お客様署名');
    expect(two[1]!.lines.some((l) => /^ *_{20,} *$/.test(l))).toBe(true);
    expect(two[1]!.barcodes).toEqual([{ symbology: 'CODE128', data: 'S001-01-20250401-0007' }]);
  });

  it('S-18 prints ¥ as the Japan character set 0x5C, in kanji mode', () => {
    const bytes = receiptLayout(receiptData(), { paperWidth: 80, shopCopy: false });
    expect(bytes.includes(Buffer.from([0x1b, 0x52, 0x08]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1c, 0x43, 0x01, 0x1c, 0x26, 0x5c, 0x37, 0x34, 0x2c]))).toBe(false);
    expect(bytes.includes(Buffer.from('\x5c74,000', 'latin1'))).toBe(true);
    // No EUC-JP: 買 is 0x94 0x83 in CP932.
    expect(bytes.includes(Buffer.from([0x94, 0x83]))).toBe(true);
  });
});

describe('label layout', () => {
  for (const paperWidth of [58, 80] as const) {
    it(`S-07 one label per item at ${paperWidth} mm: CODE128 stock code, name shortened to fit, grade, price`, () => {
      const papers = papersOf(labelLayout(labels, { paperWidth, symbology: 'code128' }));
      expect(papers).toHaveLength(2);
      expect(papers.map((p) => p.barcodes)).toEqual([
        [{ symbology: 'CODE128', data: 'S001-01-0000123' }],
        [{ symbology: 'CODE128', data: 'S001-01-0000124' }],
      ]);
      for (const paper of papers) {
        for (const line of paper.lines) expect(displayColumns(line), line).toBeLessThanOrEqual(COLUMNS[paperWidth]);
      }
      const name = papers[0]!.lines.find((l) => l.startsWith('ニンテンドー'))!;
      expect(name.endsWith('…')).toBe(true);
      expect(displayColumns(name)).toBeGreaterThan(COLUMNS[paperWidth] - 3);
      expect(papers[1]!.lines).toContain('iPhone 13');
      expect(papers[0]!.lines.some((l) => /^ランク +A$/.test(l))).toBe(true);
      expect(papers[0]!.lines).toContain('¥32,800');
      expect(papers[1]!.lines).toContain('¥59,800');
      const price = papers[0]!.items.find((i) => i.kind === 'text' && i.text === '¥32,800');
      expect(price).toMatchObject({ align: 'right', widthScale: 2, heightScale: 2 });
    });
  }

  it('P-07 JAN-13 labels carry the item\'s own in-store JAN, its digits and its stock code', () => {
    const papers = papersOf(labelLayout(labels, { paperWidth: 58, symbology: 'jan13' }));
    expect(papers.map((p) => p.barcodes)).toEqual([
      [{ symbology: 'EAN13', data: '2001000001231' }],
      [{ symbology: 'EAN13', data: '2001000001248' }],
    ]);
    expect(papers[0]!.lines).toContain('2001000001231');
    expect(papers[0]!.lines).toContain('S001-01-0000123');
  });

  it('P-07 an item from before JAN labels (no JAN stored) is refused on a JAN printer, not printed wrong', () => {
    expect(() => labelLayout([{ ...labels[0]!, janCode: null }], { paperWidth: 58, symbology: 'jan13' })).toThrow(KioskError);
  });
});

describe('reception slip and test page', () => {
  it('P-01 the reception slip shows the number as CODE128, the Tokyo date, the customer and the item count', () => {
    const [paper, ...rest] = papersOf(slipLayout(slip, { paperWidth: 80 }));
    expect(rest).toHaveLength(0);
    expect(paper!.barcodes).toEqual([{ symbology: 'CODE128', data: 'S001-01-20250601-0012' }]);
    expect(paper!.text).toContain('買取受付票');
    expect(paper!.text).toContain('2025/06/01 10:30');
    expect(paper!.text).toContain('鈴木 一郎 様');
    expect(paper!.lines.some((l) => /^点数 +3点$/.test(l))).toBe(true);
  });

  it('P-04 the test page shows a column ruler exactly as wide as the paper', () => {
    for (const paperWidth of [58, 80] as const) {
      const [paper] = papersOf(testPageLayout({ printer: 'label', target: 'virtual', printedAt: '2025-01-01T00:00:00Z' }, { paperWidth }));
      const ruler = paper!.lines.find((l) => /^1234567890/.test(l))!;
      expect(ruler).toHaveLength(COLUMNS[paperWidth]);
      expect(paper!.barcodes).toEqual([{ symbology: 'CODE128', data: 'TEST-0001' }]);
    }
  });
});

describe('column helpers', () => {
  it('S-18 count full-width characters as two columns and wrap long values at spaces', () => {
    expect(columnsOf('買取ABCｱ¥')).toBe(9);
    expect(wrapWords('東京都公安委員会 第304361234567号', 30)).toEqual(['東京都公安委員会', '第304361234567号']);
    expect(wrapWords('あいうえおかきくけこ', 8)).toEqual(['あいうえ', 'おかきく', 'けこ']);
    expect(fitColumns('ニンテンドースイッチ', 9)).toBe('ニンテ…');
    expect(columnsOf(fitColumns('ニンテンドースイッチ', 9))).toBeLessThanOrEqual(9);
  });
});
