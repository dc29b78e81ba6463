import iconv from 'iconv-lite';

export type Align = 'left' | 'center' | 'right';

export type BarcodeSymbology = 'UPC-A' | 'UPC-E' | 'JAN13' | 'JAN8' | 'CODE39' | 'ITF' | 'CODABAR' | 'CODE93' | 'CODE128';

export interface TextRun {
  text: string;
  bold: boolean;
  underline: boolean;
  /** Character magnification (1–8) from GS ! / ESC !. */
  widthScale: number;
  heightScale: number;
  /** Printed width in Font A columns, magnification included. */
  columns: number;
}

export type EscposElement =
  /** One printed line; no runs means a blank line. */
  | { type: 'text'; align: Align; runs: TextRun[] }
  | { type: 'feed'; dots: number }
  | {
      type: 'barcode';
      align: Align;
      symbology: BarcodeSymbology;
      data: string;
      moduleWidth: number;
      height: number;
      hri: 'none' | 'above' | 'below' | 'both';
    }
  /** Raster image; `pixels` holds one byte per dot, 1 = black, row by row. */
  | { type: 'image'; align: Align; width: number; height: number; pixels: Uint8Array }
  | { type: 'cut'; partial: boolean }
  /** M-01: ESC p, a pulse on the drawer connector; nothing on paper. Times in milliseconds. */
  | { type: 'drawer'; pin: 2 | 5; pulseOnMs: number; pulseOffMs: number };

export interface EscposDocumentModel {
  elements: EscposElement[];
  /** Offsets of bytes the decoder did not understand; a layout should produce none. */
  unknown: number[];
}

const SYMBOLOGY_A: Record<number, BarcodeSymbology> = {
  0: 'UPC-A',
  1: 'UPC-E',
  2: 'JAN13',
  3: 'JAN8',
  4: 'CODE39',
  5: 'ITF',
  6: 'CODABAR',
};
const SYMBOLOGY_B: Record<number, BarcodeSymbology> = {
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'JAN13',
  68: 'JAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
};

/** Line pitch of Font A with the default line spacing, in dots. */
export const DEFAULT_LINE_DOTS = 30;

interface Mode {
  align: Align;
  bold: boolean;
  underline: boolean;
  widthScale: number;
  heightScale: number;
  kanji: boolean;
  japanSet: boolean;
  barcodeHeight: number;
  barcodeModule: number;
  hri: 'none' | 'above' | 'below' | 'both';
}

function initialMode(japanSet: boolean): Mode {
  return {
    align: 'left',
    bold: false,
    underline: false,
    widthScale: 1,
    heightScale: 1,
    kanji: false,
    japanSet,
    barcodeHeight: 162,
    barcodeModule: 3,
    hri: 'none',
  };
}

const HRI: Mode['hri'][] = ['none', 'above', 'below', 'both'];

/**
 * Reads an ESC/POS stream (EPSON Japanese models) into what the paper shows. It understands what our layouts and
 * common drivers send; anything else is skipped by its documented length and its offset recorded in `unknown`.
 */
export function decodeEscpos(bytes: Uint8Array): EscposDocumentModel {
  const elements: EscposElement[] = [];
  const unknown: number[] = [];
  // ESC @ restores the power-on state, not the Japan set; our layouts send ESC R 8 again after it.
  let mode = initialMode(false);
  let runs: TextRun[] = [];
  let pending: number[] = [];
  let i = 0;

  const at = (offset: number): number => bytes[offset] ?? 0;

  const flushText = (): void => {
    if (pending.length === 0) return;
    const raw = Buffer.from(pending);
    pending = [];
    let text = mode.kanji ? iconv.decode(raw, 'CP932') : decodeSingleByte(raw);
    if (mode.japanSet) text = text.replaceAll('\\', '¥').replaceAll('~', '‾');
    const run: TextRun = {
      text,
      bold: mode.bold,
      underline: mode.underline,
      widthScale: mode.widthScale,
      heightScale: mode.heightScale,
      columns: raw.length * mode.widthScale,
    };
    const last = runs.at(-1);
    if (
      last &&
      last.bold === run.bold &&
      last.underline === run.underline &&
      last.widthScale === run.widthScale &&
      last.heightScale === run.heightScale
    ) {
      last.text += run.text;
      last.columns += run.columns;
    } else {
      runs.push(run);
    }
  };

  const printLine = (): void => {
    flushText();
    elements.push({ type: 'text', align: mode.align, runs });
    runs = [];
  };

  const printIfAny = (): boolean => {
    flushText();
    if (runs.length === 0) return false;
    printLine();
    return true;
  };

  while (i < bytes.length) {
    const b = at(i);
    if (b === 0x0a) {
      printLine();
      i += 1;
    } else if (b === 0x0d || b === 0x09 || b === 0x00) {
      i += 1;
    } else if (b === 0x1b) {
      const cmd = at(i + 1);
      const n = at(i + 2);
      flushText();
      switch (cmd) {
        case 0x40: // ESC @
          mode = initialMode(false);
          i += 2;
          break;
        case 0x21: // ESC !
          mode.bold = (n & 0x08) !== 0;
          mode.heightScale = n & 0x10 ? 2 : 1;
          mode.widthScale = n & 0x20 ? 2 : 1;
          mode.underline = (n & 0x80) !== 0;
          i += 3;
          break;
        case 0x45: // ESC E
        case 0x47: // ESC G
          mode.bold = (n & 1) === 1;
          i += 3;
          break;
        case 0x2d: // ESC -
          mode.underline = (n & 3) !== 0 && n !== 48;
          i += 3;
          break;
        case 0x61: // ESC a
          mode.align = n === 1 || n === 49 ? 'center' : n === 2 || n === 50 ? 'right' : 'left';
          i += 3;
          break;
        case 0x64: {
          // ESC d n: print the buffer, then feed n lines
          const printed = printIfAny();
          const lines = printed ? n - 1 : n;
          if (lines > 0) elements.push({ type: 'feed', dots: lines * DEFAULT_LINE_DOTS });
          i += 3;
          break;
        }
        case 0x4a: // ESC J n: print and feed n dots
          printIfAny();
          elements.push({ type: 'feed', dots: n });
          i += 3;
          break;
        case 0x52: // ESC R n
          mode.japanSet = n === 8;
          i += 3;
          break;
        case 0x32: // ESC 2
          i += 2;
          break;
        case 0x70: // ESC p m t1 t2 (drawer): m 0/48 pin 2, 1/49 pin 5; times in 2 ms units
          if (n === 0 || n === 48 || n === 1 || n === 49) {
            elements.push({ type: 'drawer', pin: n === 0 || n === 48 ? 2 : 5, pulseOnMs: at(i + 3) * 2, pulseOffMs: at(i + 4) * 2 });
          } else {
            unknown.push(i);
          }
          i += 5;
          break;
        case 0x33: // ESC 3 n
        case 0x4d: // ESC M n
        case 0x74: // ESC t n
        case 0x7b: // ESC { n
        case 0x56: // ESC V n
        case 0x20: // ESC SP n
        case 0x63: // ESC c 3/4/5 n
          i += cmd === 0x63 ? 4 : 3;
          break;
        default:
          unknown.push(i);
          i += 2;
      }
    } else if (b === 0x1d) {
      const cmd = at(i + 1);
      const n = at(i + 2);
      flushText();
      switch (cmd) {
        case 0x21: // GS !
          mode.widthScale = ((n >> 4) & 7) + 1;
          mode.heightScale = (n & 7) + 1;
          i += 3;
          break;
        case 0x48: // GS H
          mode.hri = HRI[n & 3] ?? 'none';
          i += 3;
          break;
        case 0x68: // GS h
          mode.barcodeHeight = n;
          i += 3;
          break;
        case 0x77: // GS w
          mode.barcodeModule = n;
          i += 3;
          break;
        case 0x66: // GS f
        case 0x42: // GS B
        case 0x62: // GS b
          i += 3;
          break;
        case 0x4c: // GS L nL nH
        case 0x57: // GS W nL nH
          i += 4;
          break;
        case 0x56: // GS V m [n]
          printIfAny();
          elements.push({ type: 'cut', partial: n === 1 || n === 49 || n === 66 });
          i += n === 65 || n === 66 ? 4 : 3;
          break;
        case 0x6b: {
          // GS k m …
          printIfAny();
          let data: Buffer;
          let symbology: BarcodeSymbology | undefined;
          if (n <= 6) {
            let end = i + 3;
            while (end < bytes.length && at(end) !== 0) end++;
            data = Buffer.from(bytes.subarray(i + 3, end));
            symbology = SYMBOLOGY_A[n];
            i = end + 1;
          } else {
            const length = at(i + 3);
            data = Buffer.from(bytes.subarray(i + 4, i + 4 + length));
            symbology = SYMBOLOGY_B[n];
            i += 4 + length;
          }
          if (symbology === undefined) {
            unknown.push(i);
            break;
          }
          elements.push({
            type: 'barcode',
            align: mode.align,
            symbology,
            data: symbology === 'CODE128' ? code128Text(data) : data.toString('latin1'),
            moduleWidth: mode.barcodeModule,
            height: mode.barcodeHeight,
            hri: mode.hri,
          });
          break;
        }
        case 0x76: {
          // GS v 0 m xL xH yL yH d…
          printIfAny();
          const widthBytes = at(i + 4) + at(i + 5) * 256;
          const height = at(i + 6) + at(i + 7) * 256;
          const start = i + 8;
          const width = widthBytes * 8;
          const pixels = new Uint8Array(width * height);
          for (let y = 0; y < height; y++) {
            for (let xb = 0; xb < widthBytes; xb++) {
              const byte = at(start + y * widthBytes + xb);
              for (let bit = 0; bit < 8; bit++) {
                pixels[y * width + xb * 8 + bit] = (byte >> (7 - bit)) & 1;
              }
            }
          }
          elements.push({ type: 'image', align: mode.align, width, height, pixels });
          i = start + widthBytes * height;
          break;
        }
        case 0x28: {
          // GS ( x pL pH …: functions (QR, status…) we do not draw
          const length = at(i + 3) + at(i + 4) * 256;
          unknown.push(i);
          i += 5 + length;
          break;
        }
        default:
          unknown.push(i);
          i += 2;
      }
    } else if (b === 0x1c) {
      const cmd = at(i + 1);
      flushText();
      switch (cmd) {
        case 0x26: // FS &
          mode.kanji = true;
          i += 2;
          break;
        case 0x2e: // FS .
          mode.kanji = false;
          i += 2;
          break;
        case 0x43: // FS C n
        case 0x21: // FS ! n
        case 0x2d: // FS - n
        case 0x57: // FS W n
          i += 3;
          break;
        case 0x53: // FS S n1 n2
          i += 4;
          break;
        default:
          unknown.push(i);
          i += 2;
      }
    } else if (b === 0x10) {
      // DLE EOT n / DLE ENQ n are real-time requests; they print nothing. DLE DC4 fn a b.
      i += at(i + 1) === 0x14 ? 5 : 3;
    } else if (mode.kanji && isLeadByte(b) && i + 1 < bytes.length) {
      pending.push(b, at(i + 1));
      i += 2;
    } else if (b >= 0x20) {
      pending.push(b);
      i += 1;
    } else {
      unknown.push(i);
      i += 1;
    }
  }
  printIfAny();
  return { elements, unknown };
}

function isLeadByte(b: number): boolean {
  return (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
}

/** Outside kanji mode: ASCII, and half-width katakana (code page 1) at 0xA1–0xDF. */
function decodeSingleByte(raw: Buffer): string {
  let text = '';
  for (const b of raw) {
    if (b < 0x80) text += String.fromCharCode(b);
    else if (b >= 0xa1 && b <= 0xdf) text += String.fromCharCode(0xff61 + (b - 0xa1));
    else text += '?';
  }
  return text;
}

/** CODE128 data as sent (`{B…`, `{C…`, `{{` for a literal brace) → the characters the barcode carries. */
function code128Text(data: Buffer): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let text = '';
  for (let k = 0; k < data.length; k++) {
    const b = data[k] ?? 0;
    if (b === 0x7b && k + 1 < data.length) {
      const next = data[k + 1] ?? 0;
      k++;
      if (next === 0x41) set = 'A';
      else if (next === 0x42) set = 'B';
      else if (next === 0x43) set = 'C';
      else if (next === 0x7b) text += '{';
      // {1 {2 {3 {4 {S are FNC/shift codes that carry no text.
      continue;
    }
    text += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return text;
}

/** All text of the document, one string per printed line, as a customer reads it. */
export function documentLines(model: EscposDocumentModel): string[] {
  return model.elements
    .filter((e): e is Extract<EscposElement, { type: 'text' }> => e.type === 'text')
    .map((e) => e.runs.map((r) => r.text).join(''));
}
