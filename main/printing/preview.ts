import bwipjs from 'bwip-js/node';
import { PNG } from 'pngjs';
import { type Align, type BarcodeSymbology, DEFAULT_LINE_DOTS, decodeEscpos, type EscposElement } from './escpos-decoder.ts';
import type { PaperWidth } from '../../common/printing.ts';

/** Printable width in dots (203 dpi heads: 72 mm and 48 mm). */
const PRINTABLE_DOTS: Record<PaperWidth, number> = { 80: 576, 58: 384 };
const MARGIN = 16;
const COLUMN_DOTS = 12;
const CHAR_DOTS = 24;
export const PREVIEW_FONT = "'Noto Sans Mono CJK JP', 'Noto Sans CJK JP', 'Noto Sans JP', 'MS Gothic', monospace";

const BWIP_ID: Record<BarcodeSymbology, string> = {
  'UPC-A': 'upca',
  'UPC-E': 'upce',
  JAN13: 'ean13',
  JAN8: 'ean8',
  CODE39: 'code39',
  ITF: 'interleaved2of5',
  CODABAR: 'rationalizedCodabar',
  CODE93: 'code93',
  CODE128: 'code128',
};

/**
 * A picture of the paper the bytes would print (B-07), as an SVG document: text in a CJK font, barcodes drawn by
 * bwip-js from the decoded data and raster images, both embedded as PNG so the picture stands alone and a barcode
 * can be scanned back out of it.
 */
export async function renderPreview(bytes: Uint8Array, paperWidth: PaperWidth): Promise<string> {
  const model = decodeEscpos(bytes);
  const paper = PRINTABLE_DOTS[paperWidth];
  const body: string[] = [];
  let y = MARGIN;
  for (const element of model.elements) {
    y = await drawElement(element, paper, y, body);
  }
  const width = paper + MARGIN * 2;
  const height = Math.max(y + MARGIN, 120);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-paper-width="${paperWidth}">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g transform="translate(${MARGIN} 0)" font-family="${escapeXml(PREVIEW_FONT)}" fill="#111111">`,
    ...body,
    '</g>',
    '</svg>',
  ].join('\n');
}

async function drawElement(element: EscposElement, paper: number, y: number, body: string[]): Promise<number> {
  switch (element.type) {
    case 'text': {
      const height = Math.max(1, ...element.runs.map((r) => r.heightScale)) * CHAR_DOTS;
      const total = element.runs.reduce((sum, r) => sum + r.columns, 0) * COLUMN_DOTS;
      let x = alignedX(element.align, total, paper);
      const baseline = y + height - Math.round(height * 0.14);
      for (const run of element.runs) {
        const runWidth = run.columns * COLUMN_DOTS;
        if (run.text.trim() !== '') {
          const weight = run.bold ? ' font-weight="bold"' : '';
          const underline = run.underline ? ' text-decoration="underline"' : '';
          body.push(
            `<text x="${x}" y="${baseline}" font-size="${run.heightScale * CHAR_DOTS}" textLength="${runWidth}" lengthAdjust="spacingAndGlyphs" xml:space="preserve"${weight}${underline}>${escapeXml(run.text)}</text>`,
          );
        }
        x += runWidth;
      }
      return y + Math.max(DEFAULT_LINE_DOTS, height + 6);
    }
    case 'feed':
      return y + element.dots;
    case 'cut':
      body.push(
        `<line x1="${-MARGIN}" y1="${y + 12}" x2="${paper + MARGIN}" y2="${y + 12}" stroke="#888888" stroke-dasharray="8 6" data-cut="${element.partial ? 'partial' : 'full'}"/>`,
      );
      return y + 24;
    case 'drawer':
      // Nothing reaches the paper; the picture says where the pulse went so a virtual printer shows the kick.
      body.push(
        `<text x="0" y="${y + 20}" font-size="20" fill="#555555" data-drawer-pin="${element.pin}">${escapeXml(`[ドロア開放 ピン${element.pin} ${element.pulseOnMs}ms/${element.pulseOffMs}ms]`)}</text>`,
      );
      return y + DEFAULT_LINE_DOTS;
    case 'barcode': {
      const png = await barcodePng(element.symbology, element.data, element.moduleWidth, element.height, element.hri);
      if (png === null) {
        body.push(
          `<text x="0" y="${y + 20}" font-size="20" fill="#cc0000">${escapeXml(`[${element.symbology}: ${element.data}]`)}</text>`,
        );
        return y + DEFAULT_LINE_DOTS;
      }
      const { width, height } = pngSize(png);
      const shown = Math.min(width, paper);
      const shownHeight = Math.round((height * shown) / width);
      body.push(
        `<image x="${alignedX(element.align, shown, paper)}" y="${y}" width="${shown}" height="${shownHeight}" data-barcode="${element.symbology}" data-value="${escapeXml(element.data)}" href="data:image/png;base64,${png.toString('base64')}"/>`,
      );
      return y + shownHeight + 6;
    }
    case 'image': {
      const png = rasterPng(element.width, element.height, element.pixels);
      const shown = Math.min(element.width, paper);
      const shownHeight = Math.round((element.height * shown) / element.width);
      body.push(
        `<image x="${alignedX(element.align, shown, paper)}" y="${y}" width="${shown}" height="${shownHeight}" data-raster="1" href="data:image/png;base64,${png.toString('base64')}"/>`,
      );
      return y + shownHeight;
    }
  }
}

function alignedX(align: Align, width: number, paper: number): number {
  if (align === 'center') return Math.max(0, Math.round((paper - width) / 2));
  if (align === 'right') return Math.max(0, paper - width);
  return 0;
}

/** Returns null when the data cannot be drawn in that symbology (a bad JAN check digit, say). */
async function barcodePng(
  symbology: BarcodeSymbology,
  data: string,
  moduleWidth: number,
  heightDots: number,
  hri: 'none' | 'above' | 'below' | 'both',
): Promise<Buffer | null> {
  const scale = Math.min(6, Math.max(1, moduleWidth));
  try {
    return await bwipjs.toBuffer({
      bcid: BWIP_ID[symbology],
      text: data,
      scale,
      // bwip-js measures bar height in millimetres at 72 dpi before scaling.
      height: Math.max(4, heightDots / (scale * (72 / 25.4))),
      includetext: hri !== 'none',
      textxalign: 'center',
      paddingwidth: 10,
      paddingheight: 4,
      backgroundcolor: 'FFFFFF',
    });
  } catch {
    return null;
  }
}

function rasterPng(width: number, height: number, pixels: Uint8Array): Buffer {
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) {
    const value = pixels[p] === 1 ? 0 : 255;
    png.data[p * 4] = value;
    png.data[p * 4 + 1] = value;
    png.data[p * 4 + 2] = value;
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

export interface PreviewBarcode {
  symbology: string;
  /** The data the decoder read from the bytes (what bwip-js was asked to draw). */
  value: string;
  png: Buffer;
}

/** The barcode pictures embedded in a preview, in paper order, for checking them with an independent scanner. */
export function previewBarcodes(svg: string): PreviewBarcode[] {
  const found: PreviewBarcode[] = [];
  for (const match of svg.matchAll(/<image [^>]*data-barcode="([^"]*)" data-value="([^"]*)" href="data:image\/png;base64,([^"]*)"/g)) {
    found.push({ symbology: match[1] ?? '', value: unescapeXml(match[2] ?? ''), png: Buffer.from(match[3] ?? '', 'base64') });
  }
  return found;
}

function unescapeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}
