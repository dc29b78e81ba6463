import { createRequire } from 'node:module';
import type { Align } from './escpos-decoder.ts';

type Canvas = typeof import('@napi-rs/canvas');

let canvasModule: Canvas | null | undefined;
/** Loaded on first use: a PC whose platform has no prebuilt binary still prints, with '?' for what CP932 lacks. */
function canvas(): Canvas | null {
  if (canvasModule === undefined) {
    try {
      canvasModule = createRequire(import.meta.url)('@napi-rs/canvas') as Canvas;
    } catch {
      canvasModule = null;
    }
  }
  return canvasModule;
}

/**
 * The fonts a counter PC has for Japanese, including JIS X 0213 kanji such as 𠮷, and for emoji: Windows first (the
 * kiosk's usual OS), then Linux and macOS. The first that has a glyph draws it.
 */
const FONT_FAMILIES = '"Yu Gothic", "Meiryo", "MS Gothic", "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Segoe UI Emoji", "Noto Color Emoji", "Apple Color Emoji", sans-serif';

export interface RasterLine {
  /** Dots across (a multiple of 8) and down. */
  width: number;
  height: number;
  /** One bit per dot, 1 = black, rows top to bottom, each row width / 8 bytes: GS v 0's own layout. */
  bits: Buffer;
}

/**
 * Draws one line of text as a 1-bit picture the width of the paper, laid out as the printer's own text would be:
 * 24 dots high per line (Font A), scaled by the character size, aligned and bold as asked. Null when no rasteriser
 * is available on this PC.
 */
export function rasterizeLine(
  text: string,
  options: { widthDots: number; align: Align; bold: boolean; widthScale: number; heightScale: number },
): RasterLine | null {
  const lib = canvas();
  if (!lib) return null;
  const width = Math.ceil(options.widthDots / 8) * 8;
  const height = 24 * options.heightScale;
  const surface = lib.createCanvas(width, height);
  const context = surface.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000';
  context.textBaseline = 'alphabetic';
  context.font = `${options.bold ? 'bold ' : ''}${22 * options.heightScale}px ${FONT_FAMILIES}`;
  const measured = context.measureText(text).width * options.widthScale;
  const x = options.align === 'center' ? (width - measured) / 2 : options.align === 'right' ? width - measured : 0;
  context.save();
  context.translate(Math.max(0, x), 0);
  context.scale(options.widthScale, 1);
  context.fillText(text, 0, Math.round(height * 0.82));
  context.restore();

  const rgba = context.getImageData(0, 0, width, height).data;
  const bits = Buffer.alloc((width / 8) * height);
  for (let y = 0; y < height; y++) {
    for (let dot = 0; dot < width; dot++) {
      const p = (y * width + dot) * 4;
      // Luminance under half, weighted by alpha, is ink; a colour emoji becomes its dark shapes.
      const luminance = (0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!) * (rgba[p + 3]! / 255) + 255 * (1 - rgba[p + 3]! / 255);
      if (luminance < 128) bits[y * (width / 8) + (dot >> 3)]! |= 0x80 >> (dot & 7);
    }
  }
  return { width, height, bits };
}
