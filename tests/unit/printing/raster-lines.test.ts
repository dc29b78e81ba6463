import { describe, expect, it } from 'vitest';
import { decodeEscpos } from '../../../main/printing/escpos-decoder.ts';
import { columnsOf, isCp932Text } from '../../../main/printing/escpos-document.ts';
import { labelLayout } from '../../../main/printing/layouts/label.ts';
import { receiptLayout } from '../../../main/printing/layouts/receipt.ts';
import { readPapers } from '../../support/escpos-emulator.ts';
import { labels, receiptData } from './fixtures.ts';

const seller = '𠮷野 はるか';
const emojiItem = '限定フィギュア🎁 ハツネ';

describe('characters outside CP932 print as pictures, the rest stays text', () => {
  it.each([
    ['吉野 はるか', true],
    ['ヨシノ ハルカ ｶﾀｶﾅ ¥12,800', true],
    [seller, false],
    [emojiItem, false],
    ['❤️ 限定', false],
  ])('%s is CP932: %s', (text, expected) => {
    expect(isCp932Text(text)).toBe(expected);
  });

  it('a character drawn as a picture is full-width in the layout', () => {
    expect(columnsOf('𠮷野')).toBe(4);
    expect(columnsOf('🎁')).toBe(2);
  });

  for (const paperWidth of [80, 58] as const) {
    it(`B-07 at ${paperWidth} mm the seller 𠮷野 and an emoji item are raster lines (GS v 0) with ink; nothing prints as '?'`, () => {
      const bytes = receiptLayout(
        receiptData({ sellerName: seller, items: [{ name: emojiItem, quantity: 1, amount: 6_800, cancelled: false }], itemsTotal: 6_800, adjustmentAmount: 0, totalAmount: 6_800 }),
        { paperWidth, shopCopy: false },
      );
      const paper = readPapers(bytes).papers[0]!;
      const images = paper.items.filter((i) => i.kind === 'image');
      expect(images).toHaveLength(2);
      for (const image of images) expect(image).toMatchObject({ width: paperWidth === 80 ? 576 : 384, height: 24 });
      expect(paper.text).not.toContain('?');
      for (const expected of ['買取明細書', '買取合計', '¥6,800', 'S001-01-20250401-0007']) expect(paper.text).toContain(expected);
      expect(paper.lines.some((l) => l.startsWith('お客様'))).toBe(false);

      const model = decodeEscpos(bytes);
      expect(model.unknown).toEqual([]);
      for (const element of model.elements.filter((e) => e.type === 'image')) {
        const ink = element.pixels.reduce((sum, dot) => sum + dot, 0);
        // Real glyphs: some ink, far from a filled bar.
        expect(ink).toBeGreaterThan(60);
        expect(ink).toBeLessThan(element.width * element.height * 0.5);
      }
    });
  }

  it('a label with an emoji name draws the name as a picture, the barcode and price stay', () => {
    const bytes = labelLayout([{ ...labels[0]!, name: emojiItem }], { paperWidth: 58, symbology: 'jan13' });
    const paper = readPapers(bytes).papers[0]!;
    expect(paper.items.filter((i) => i.kind === 'image')).toHaveLength(1);
    expect(paper.barcodes).toEqual([{ symbology: 'EAN13', data: '2001000001231' }]);
    expect(paper.text).toContain('¥32,800');
  });
});

describe('P-06 amounts up to the contract maximum print whole', () => {
  for (const paperWidth of [58, 80] as const) {
    it(`at ${paperWidth} mm a ¥100,000,000 item, total and the points never print cut`, () => {
      const bytes = receiptLayout(
        receiptData({ items: [{ name: 'ダイヤモンド腕時計 ノーチラス', quantity: 1, amount: 100_000_000, cancelled: false }], itemsTotal: 100_000_000, adjustmentAmount: 0, totalAmount: 100_000_000, pointsGranted: 1_000_000 }),
        { paperWidth, shopCopy: false },
      );
      const paper = readPapers(bytes).papers[0]!;
      expect(paper.lines.filter((l) => l.endsWith('¥100,000,000'))).toHaveLength(3);
      expect(paper.text).not.toMatch(/¥[\d,]*…/);
      expect(paper.text).toContain('1,000,000pt');
    });
  }
});
