// I-01: a camera that shows a known picture. Chromium's fake capture device plays a Y4M file in a loop
// (--use-file-for-fake-video-capture), so a test knows exactly which pixels the ID photo had before masking.
import { writeFileSync } from 'node:fs';

export const FAKE_FRAME = { width: 640, height: 480 } as const;

/** The four quadrants' colours: top-left red, top-right green, bottom-left blue, bottom-right white (RGB). */
export const QUADRANT_RGB = {
  topLeft: [255, 0, 0],
  topRight: [0, 255, 0],
  bottomLeft: [0, 0, 255],
  bottomRight: [255, 255, 255],
} as const;

type Rgb = readonly [number, number, number];

/** BT.601 full-range RGB → YCbCr, as the JPEG family (C420jpeg) expects. */
function ycbcr([r, g, b]: Rgb): [number, number, number] {
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
  const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  return [y, cb, cr].map((v) => Math.max(0, Math.min(255, Math.round(v)))) as [number, number, number];
}

export function quadrantOf(x: number, y: number): Rgb {
  const top = y < FAKE_FRAME.height / 2;
  const left = x < FAKE_FRAME.width / 2;
  return top ? (left ? QUADRANT_RGB.topLeft : QUADRANT_RGB.topRight) : left ? QUADRANT_RGB.bottomLeft : QUADRANT_RGB.bottomRight;
}

/** Writes a few identical frames of the quadrant picture as a Y4M file (4:2:0). */
export function writeQuadrantY4m(file: string, frames = 3): void {
  const { width, height } = FAKE_FRAME;
  const yPlane = Buffer.alloc(width * height);
  const uPlane = Buffer.alloc((width / 2) * (height / 2));
  const vPlane = Buffer.alloc((width / 2) * (height / 2));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) yPlane[y * width + x] = ycbcr(quadrantOf(x, y))[0];
  }
  for (let y = 0; y < height / 2; y++) {
    for (let x = 0; x < width / 2; x++) {
      const [, cb, cr] = ycbcr(quadrantOf(x * 2, y * 2));
      uPlane[y * (width / 2) + x] = cb;
      vPlane[y * (width / 2) + x] = cr;
    }
  }
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), yPlane, uPlane, vPlane]);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
