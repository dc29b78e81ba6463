import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ZBARIMG = '/usr/bin/zbarimg';

/** Decodes the barcode in a PNG with zbarimg (Debian zbar-tools), a decoder that shares nothing with bwip-js. */
export async function scanPng(png: Buffer): Promise<string[]> {
  if (!existsSync(ZBARIMG)) {
    throw new Error(`${ZBARIMG} is missing: install it with \`apt-get install -y zbar-tools\` to check printed barcodes`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-zbar-'));
  try {
    const file = join(dir, 'barcode.png');
    await writeFile(file, png);
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(ZBARIMG, ['--raw', '-q', file], { timeout: 10_000 }, (error, out) => {
        // Exit status 4 means "no barcode found": report it as an empty result, not a crash.
        if (error && (error as { code?: unknown }).code !== 4) reject(error);
        else resolve(out);
      });
    });
    return stdout.split('\n').filter((line) => line !== '');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
