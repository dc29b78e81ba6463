import iconv from 'iconv-lite';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { PaperWidth } from '../../common/printing.ts';
import { formatTokyoDateTime } from './format.ts';
import { rasterizeLine } from './raster-text.ts';

/** Font A characters per line: 576 dots at 80 mm and 384 dots at 58 mm, 12 dots a column. */
export const COLUMNS: Record<PaperWidth, number> = { 80: 48, 58: 32 };

export type Align = 'left' | 'center' | 'right';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;

/** FS C 1 (Shift_JIS code system) + FS & (kanji mode on). */
const KANJI_ON = Buffer.from([FS, 0x43, 0x01, FS, 0x26]);
/** FS . (kanji mode off). */
const KANJI_OFF = Buffer.from([FS, 0x2e]);
/** ESC R 8: the Japan international set, where 0x5C is printed as ¥ (CP932's yen). */
const JAPAN_CHARSET = Buffer.from([ESC, 0x52, 0x08]);

export function encodeCp932(text: string): Buffer {
  return iconv.encode(text, 'CP932');
}

/** Whether the printer's kanji mode has this character (iconv-lite writes '?' for one CP932 lacks: 𠮷, emoji). */
export function isCp932Char(char: string): boolean {
  if (char === '?') return true;
  const bytes = encodeCp932(char);
  return !(bytes.length === 1 && bytes[0] === 0x3f);
}

export function isCp932Text(text: string): boolean {
  for (const char of text) if (!isCp932Char(char)) return false;
  return true;
}

/**
 * Printed width in Font A columns: a CP932 double-byte (full-width) character takes two, a single byte one; a
 * character outside CP932 (drawn as a picture) is full-width.
 */
export function columnsOf(text: string): number {
  let columns = 0;
  for (const char of text) columns += isCp932Char(char) ? encodeCp932(char).length : 2;
  return columns;
}

/** Splits text into pieces of at most `columns` printed columns, never inside a character. */
export function wrapColumns(text: string, columns: number): string[] {
  const lines: string[] = [];
  let current = '';
  let used = 0;
  for (const char of text) {
    const width = columnsOf(char);
    if (used + width > columns && current !== '') {
      lines.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += width;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/** Like wrapColumns, but breaks at spaces where it can, so numbers and words stay whole. */
export function wrapWords(text: string, columns: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (columnsOf(candidate) <= columns) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    const pieces = wrapColumns(word, columns);
    current = pieces.pop() ?? '';
    lines.push(...pieces);
  }
  lines.push(current);
  return lines;
}

/** Shortens text to fit `columns`, marking the cut with '…' (full-width, two columns). */
export function fitColumns(text: string, columns: number): string {
  if (columnsOf(text) <= columns) return text;
  const ellipsis = '…';
  const room = columns - columnsOf(ellipsis);
  if (room <= 0) return wrapColumns(text, columns)[0] ?? '';
  return (wrapColumns(text, room)[0] ?? '') + ellipsis;
}

export function padColumns(text: string, columns: number, align: 'left' | 'right' = 'left'): string {
  const fitted = fitColumns(text, columns);
  const gap = ' '.repeat(Math.max(0, columns - columnsOf(fitted)));
  return align === 'left' ? fitted + gap : gap + fitted;
}

/** Left text and right text on one line of `columns`; the left side gives way when both do not fit. */
export function leftRight(left: string, right: string, columns: number): string {
  const room = columns - columnsOf(right);
  const fitted = fitColumns(left, Math.max(0, room - 1));
  return fitted + ' '.repeat(Math.max(1, room - columnsOf(fitted))) + right;
}

export interface BarcodeOptions {
  /** Narrow bar width in dots (2–6). */
  moduleWidth?: number;
  /** Bar height in dots. */
  height?: number;
}

/**
 * A receipt or label being written as ESC/POS bytes for EPSON-compatible printers. node-thermal-printer supplies
 * the standard commands; Japanese text is written in kanji mode with CP932 bytes because the library's own
 * Japanese support (ESC R 8 + EUC-JP) prints garbage on EPSON models.
 */
export class EscposWriter {
  readonly columns: number;
  private readonly printer: ThermalPrinter;
  // The modes set so far, for lines drawn as pictures (which the printer's own modes do not reach).
  private mode = { align: 'left' as Align, bold: false, widthScale: 1, heightScale: 1 };

  constructor(readonly paperWidth: PaperWidth) {
    this.columns = COLUMNS[paperWidth];
    // An empty interface: the library only builds the bytes; transports send them.
    this.printer = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '', width: this.columns });
    this.printer.add(Buffer.from([ESC, 0x40]));
    this.printer.add(JAPAN_CHARSET);
  }

  align(align: Align): this {
    this.mode.align = align;
    if (align === 'center') this.printer.alignCenter();
    else if (align === 'right') this.printer.alignRight();
    else this.printer.alignLeft();
    return this;
  }

  bold(on: boolean): this {
    this.mode.bold = on;
    this.printer.bold(on);
    return this;
  }

  /** Character size for ANK and kanji alike (GS !); the library's setTextSize swaps the nibbles. */
  size(width: 1 | 2, height: 1 | 2): this {
    this.mode.widthScale = width;
    this.mode.heightScale = height;
    this.printer.add(Buffer.from([GS, 0x21, ((width - 1) << 4) | (height - 1)]));
    return this;
  }

  /**
   * One printed line. Every line goes through kanji mode so ASCII, kana, kanji and ¥ share one path — except a line
   * with a character outside CP932 (𠮷 in a surname, an emoji in an item name), which would print as '?': it is
   * drawn with the PC's fonts and sent as a raster picture (GS v 0) of the same width, alignment and size.
   */
  line(text = ''): this {
    if (text !== '' && !isCp932Text(text)) {
      const raster = rasterizeLine(text, { widthDots: this.columns * 12, ...this.mode });
      if (raster) {
        const widthBytes = raster.width / 8;
        this.printer.add(Buffer.from([GS, 0x76, 0x30, 0x00, widthBytes & 0xff, widthBytes >> 8, raster.height & 0xff, raster.height >> 8]));
        this.printer.add(raster.bits);
        return this;
      }
    }
    if (text !== '') this.printer.add(Buffer.concat([KANJI_ON, encodeCp932(text), KANJI_OFF]));
    this.printer.add(Buffer.from([0x0a]));
    return this;
  }

  /**
   * Label left, value right; when both do not fit, the value goes under its label so nothing is cut off (a label
   * wider than the paper, such as a shop's own long payment method name, wraps).
   */
  pair(label: string, value: string): this {
    if (columnsOf(label) + 1 + columnsOf(value) <= this.columns) return this.line(leftRight(label, value, this.columns));
    for (const part of wrapColumns(label, this.columns)) this.line(part);
    if (columnsOf(value) <= this.columns) return this.line(padColumns(value, this.columns, 'right'));
    for (const part of wrapWords(value, this.columns - 2)) this.line(`  ${part}`);
    return this;
  }

  /** Text wrapped at the paper's width. */
  paragraph(text: string): this {
    for (const part of wrapWords(text, this.columns)) this.line(part);
    return this;
  }

  rule(char = '-'): this {
    return this.line(char.repeat(Math.floor(this.columns / columnsOf(char))));
  }

  feed(lines: number): this {
    this.printer.add(Buffer.from([ESC, 0x64, lines]));
    return this;
  }

  code128(data: string, options: BarcodeOptions = {}): this {
    if (!/^[\x20-\x7e]+$/.test(data)) throw new Error(`CODE128 code set B cannot hold ${JSON.stringify(data)}`);
    // In code set B a literal '{' is written '{{', since '{' starts a code set switch.
    const settings = { hriPos: 0, hriFont: 0, width: options.moduleWidth ?? 2, height: options.height ?? 64 };
    // The library's typings describe another version's options; its EPSON code reads these numeric ones.
    this.printer.code128(data.replaceAll('{', '{{'), settings as unknown as Parameters<ThermalPrinter['code128']>[1]);
    return this;
  }

  jan13(digits: string, options: BarcodeOptions = {}): this {
    if (!/^\d{13}$/.test(digits)) throw new Error(`JAN-13 needs 13 digits, got ${JSON.stringify(digits)}`);
    this.printer.printBarcode(digits, 67, {
      hriPos: 0,
      hriFont: 0,
      width: options.moduleWidth ?? 2,
      height: options.height ?? 64,
    });
    return this;
  }

  /** a reprint says so at the top, with when it was reprinted (Tokyo time). */
  reprintMark(reprintedAt: string | null): this {
    if (reprintedAt === null) return this;
    this.align('center').bold(true).line(`【再発行】${formatTokyoDateTime(reprintedAt)}`).bold(false).align('left');
    return this;
  }

  /** Feeds past the cutter, cuts, and restores the modes the next copy relies on (the cut ends with ESC @). */
  cut(): this {
    this.mode = { align: 'left', bold: false, widthScale: 1, heightScale: 1 };
    this.printer.partialCut({ verticalTabAmount: 1 });
    this.printer.add(JAPAN_CHARSET);
    return this;
  }

  bytes(): Buffer {
    return Buffer.from(this.printer.getBuffer());
  }
}
