import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeEscpos, documentLines, type EscposElement } from '../../../main/printing/escpos-decoder.ts';
import { labelLayout } from '../../../main/printing/layouts/label.ts';
import { receiptLayout } from '../../../main/printing/layouts/receipt.ts';
import { slipLayout } from '../../../main/printing/layouts/slip.ts';
import { previewBarcodes, renderPreview } from '../../../main/printing/preview.ts';
import { readPapers } from '../../support/escpos-emulator.ts';
import { scanPng } from '../../support/escpos-zbar.ts';
import { labels, receiptData, slip } from './fixtures.ts';

function emulatorLines(bytes: Buffer): string[] {
  const read = readPapers(bytes);
  return [...read.papers, read.uncut].flatMap((p) => p.lines);
}

describe('ESC/POS decoder', () => {
  it('B-07 reads every layout to the same lines as the independent emulator parser, with nothing unknown', () => {
    const documents = [
      receiptLayout(receiptData(), { paperWidth: 80, shopCopy: true }),
      receiptLayout(receiptData(), { paperWidth: 58, shopCopy: false }),
      labelLayout(labels, { paperWidth: 58, symbology: 'code128' }),
      labelLayout(labels, { paperWidth: 58, symbology: 'jan13' }),
      slipLayout(slip, { paperWidth: 80 }),
    ];
    for (const bytes of documents) {
      const model = decodeEscpos(bytes);
      expect(model.unknown).toEqual([]);
      expect(documentLines(model)).toEqual(emulatorLines(bytes));
    }
  });

  it('B-07 keeps alignment, bold and size, barcodes with their symbology, and the cuts', () => {
    const model = decodeEscpos(receiptLayout(receiptData(), { paperWidth: 80, shopCopy: true }));
    const texts = model.elements.filter((e): e is Extract<EscposElement, { type: 'text' }> => e.type === 'text');
    const title = texts.find((t) => t.runs[0]?.text === '買取明細書');
    expect(title).toMatchObject({ align: 'center', runs: [{ bold: true, widthScale: 2, heightScale: 2, columns: 20 }] });
    const total = texts.find((t) => t.runs[0]?.text.startsWith('買取合計'));
    expect(total).toMatchObject({ align: 'left', runs: [{ bold: true, widthScale: 1, heightScale: 2, columns: 48 }] });
    expect(model.elements.filter((e) => e.type === 'barcode')).toEqual([
      expect.objectContaining({ symbology: 'CODE128', data: 'S001-01-20250401-0007', align: 'center', hri: 'none' }),
      expect.objectContaining({ symbology: 'CODE128', data: 'S001-01-20250401-0007', align: 'center', hri: 'none' }),
    ]);
    expect(model.elements.filter((e) => e.type === 'cut')).toHaveLength(2);
    expect(model.elements.at(-1)).toEqual({ type: 'cut', partial: true });
  });

  it('B-07 decodes a raster image (GS v 0), a braced CODE128 and half-width katakana outside kanji mode', async () => {
    const png = new PNG({ width: 16, height: 2 });
    for (let p = 0; p < 32; p++) {
      const black = p < 8 || p === 31;
      png.data.set(black ? [0, 0, 0, 255] : [255, 255, 255, 255], p * 4);
    }
    const printer = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '' });
    printer.alignRight();
    await printer.printImageBuffer(PNG.sync.write(png));
    printer.add(Buffer.from([0x1d, 0x6b, 0x49, 0x06, 0x7b, 0x42, 0x41, 0x7b, 0x7b, 0x42]));
    printer.add(Buffer.from([0xb1, 0xb2, 0x0a]));
    printer.cut();
    const model = decodeEscpos(printer.getBuffer());
    const image = model.elements.find((e) => e.type === 'image');
    expect(image).toMatchObject({ type: 'image', align: 'right', width: 16, height: 2 });
    if (image?.type !== 'image') throw new Error('no image');
    expect([...image.pixels]).toEqual([...Array(8).fill(1), ...Array(8).fill(0), ...Array(15).fill(0), 1]);
    expect(model.elements.find((e) => e.type === 'barcode')).toMatchObject({ data: 'A{B' });
    expect(documentLines(model)).toEqual(['ｱｲ']);
    expect(model.elements.at(-1)).toEqual({ type: 'cut', partial: false });
  });
});

describe('preview (B-07)', () => {
  it('B-07 draws the receipt text in a CJK font on paper of the right width', async () => {
    const svg = await renderPreview(receiptLayout(receiptData(), { paperWidth: 58, shopCopy: true }), 58);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Noto Sans CJK JP');
    expect(svg).toContain('width="416"');
    for (const text of ['買取明細書', 'リユース買取 新宿店', '¥74,000', 'お客様署名', '佐藤 花子 様']) {
      expect(svg).toContain(text);
    }
    expect(svg.match(/data-cut=/g)).toHaveLength(2);
    const barcodes = previewBarcodes(svg);
    expect(barcodes.map((b) => b.value)).toEqual(['S001-01-20250401-0007', 'S001-01-20250401-0007']);
    expect(await scanPng(barcodes[0]!.png)).toEqual(['S001-01-20250401-0007']);
  });

  it('B-07 the label CODE128 in the preview scans back to exactly the stock code', async () => {
    const svg = await renderPreview(labelLayout(labels, { paperWidth: 58, symbology: 'code128' }), 58);
    const barcodes = previewBarcodes(svg);
    expect(barcodes.map((b) => b.symbology)).toEqual(['CODE128', 'CODE128']);
    expect(await scanPng(barcodes[0]!.png)).toEqual(['S001-01-0000123']);
    expect(await scanPng(barcodes[1]!.png)).toEqual(['S001-01-0000124']);
  });

  it('B-07 P-07 the label JAN-13 in the preview scans back (zbarimg) to the item\'s in-store JAN', async () => {
    const svg = await renderPreview(labelLayout([labels[0]!], { paperWidth: 58, symbology: 'jan13' }), 58);
    const [barcode] = previewBarcodes(svg);
    expect(barcode?.symbology).toBe('JAN13');
    expect(await scanPng(barcode!.png)).toEqual(['2001000001231']);
  });

  it('B-07 embeds raster images as PNG of their own size', async () => {
    const png = new PNG({ width: 24, height: 3 });
    png.data.fill(0);
    for (let p = 0; p < 72; p++) png.data[p * 4 + 3] = 255;
    const printer = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '' });
    await printer.printImageBuffer(PNG.sync.write(png));
    const svg = await renderPreview(printer.getBuffer(), 80);
    const href = svg.match(/data-raster="1" href="data:image\/png;base64,([^"]+)"/)?.[1];
    expect(href).toBeDefined();
    const embedded = PNG.sync.read(Buffer.from(href!, 'base64'));
    expect([embedded.width, embedded.height]).toEqual([24, 3]);
    expect([...embedded.data.subarray(0, 4)]).toEqual([0, 0, 0, 255]);
  });
});
