// Reading the kiosk's PDFs the way a person or an auditor would: poppler-utils (pdftotext, pdftoppm, pdfinfo,
// pdfimages; `npm test` installs them through scripts/setup.mjs). No PDF library of our own: what poppler reads is
// what any viewer shows.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

function withPdfFile<T>(pdf: Buffer, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the whole PDF (or of one page), in reading order; with `layout`, one line per printed row. */
export function pdfText(pdf: Buffer, options: { page?: number; layout?: boolean } = {}): string {
  const pages = options.page ? ['-f', String(options.page), '-l', String(options.page)] : [];
  return withPdfFile(pdf, (file) =>
    execFileSync('pdftotext', [...pages, ...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
}

export interface PdfPage {
  width: number;
  height: number;
  words: { text: string; xMin: number; yMin: number; xMax: number; yMax: number }[];
}

/** Every page's size (points) and every word's box: where text landed, to prove nothing runs off the paper. */
export function pdfLayout(pdf: Buffer): PdfPage[] {
  const xml = withPdfFile(pdf, (file) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  const pages: PdfPage[] = [];
  for (const page of xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...page[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      xMin: Number(w[1]),
      yMin: Number(w[2]),
      xMax: Number(w[3]),
      yMax: Number(w[4]),
      text: w[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    }));
    pages.push({ width: Number(page[1]), height: Number(page[2]), words });
  }
  return pages;
}

/** The images each page draws (pdfimages -list), e.g. the customer's signature. */
export function pdfImages(pdf: Buffer): { page: number; width: number; height: number }[] {
  const list = withPdfFile(pdf, (file) => execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }));
  return list
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length > 4 && cols[2] === 'image')
    .map((cols) => ({ page: Number(cols[0]), width: Number(cols[3]), height: Number(cols[4]) }));
}

/** One page as a PNG at `dpi`. */
export function pdfPagePng(pdf: Buffer, page: number, dpi: number): Buffer {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-png', '-singlefile', file, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  });
}

/** Grey level (0 black … 255 white) averaged over blocks of `block`×`block` pixels. */
function blockMeans(png: PNG, block: number): number[][] {
  const rows: number[][] = [];
  for (let by = 0; by + block <= png.height; by += block) {
    const row: number[] = [];
    for (let bx = 0; bx + block <= png.width; bx += block) {
      let sum = 0;
      for (let y = by; y < by + block; y++) {
        for (let x = bx; x < bx + block; x++) {
          const i = (y * png.width + x) * 4;
          sum += (png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3;
        }
      }
      row.push(sum / (block * block));
    }
    rows.push(row);
  }
  return rows;
}

/**
 * A loose comparison of two renderings of a page: the share of 8×8 blocks whose average grey differs by more than
 * `tolerance` levels. Small font or anti-aliasing changes move few blocks; a layout that moved, grew or overflowed
 * moves many.
 */
export function differingBlockShare(actual: Buffer, expected: Buffer, tolerance = 48): number {
  const a = PNG.sync.read(actual);
  const b = PNG.sync.read(expected);
  if (a.width !== b.width || a.height !== b.height) return 1;
  const ma = blockMeans(a, 8);
  const mb = blockMeans(b, 8);
  let differing = 0;
  let total = 0;
  for (let y = 0; y < ma.length; y++) {
    for (let x = 0; x < ma[y]!.length; x++) {
      total++;
      if (Math.abs(ma[y]![x]! - mb[y]![x]!) > tolerance) differing++;
    }
  }
  return differing / total;
}

/** Whether any pixel in the rectangle (in page points) of a page rendered at `dpi` is darker than `threshold`. */
export function inkInRegion(png: Buffer, dpi: number, region: { x0: number; y0: number; x1: number; y1: number }, threshold = 200): boolean {
  const image = PNG.sync.read(png);
  const scale = dpi / 72;
  for (let y = Math.floor(region.y0 * scale); y < Math.min(image.height, Math.ceil(region.y1 * scale)); y++) {
    for (let x = Math.floor(region.x0 * scale); x < Math.min(image.width, Math.ceil(region.x1 * scale)); x++) {
      const i = (y * image.width + x) * 4;
      if ((image.data[i]! + image.data[i + 1]! + image.data[i + 2]!) / 3 < threshold) return true;
    }
  }
  return false;
}
