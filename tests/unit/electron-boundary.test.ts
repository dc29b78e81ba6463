import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
// The Electron edge (STYLE.md 1): only these files may import runtime values from 'electron'.
// preload/customer.ts is the customer window's preload (V-01), the same kind of file as preload/index.ts.
const EDGE = [/^main\/index\.ts$/, /^main\/shell\/electron-[a-z-]+\.ts$/, /^preload\/(index|customer)\.ts$/];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|mjs)$/.test(name) ? [path] : [];
  });
}

const RUNTIME_IMPORT = /^\s*import\s+(?!type\b)[^;]*from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/m;

describe('D-04 the core runs without Electron', () => {
  it('no file outside the Electron edge imports a runtime value from electron', () => {
    const offenders = ['main', 'preload', 'db', 'renderer', 'hq']
      .flatMap((dir) => sources(join(ROOT, dir)))
      .map((file) => relative(ROOT, file))
      .filter((file) => !EDGE.some((edge) => edge.test(file)))
      .filter((file) => RUNTIME_IMPORT.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check itself catches a runtime import', () => {
    expect(RUNTIME_IMPORT.test(`import { app } from 'electron';`)).toBe(true);
    expect(RUNTIME_IMPORT.test(`import type { IpcMain } from 'electron';`)).toBe(false);
  });
});

describe('STYLE.md 8 the renderer cannot reach the main process code', () => {
  it('no renderer or contract file imports from main/ or db/; shared pure code lives in common/', () => {
    const IMPORT = /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
    const offenders: string[] = [];
    const roots = ['renderer', 'common'].flatMap((dir) => sources(join(ROOT, dir)));
    for (const file of [...roots, join(ROOT, 'preload/contract.ts'), join(ROOT, 'preload/types.ts')]) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = relative(ROOT, resolve(file, '..', match[1]!));
        if (target.startsWith('main/') || target.startsWith('db/')) offenders.push(`${relative(ROOT, file)} → ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
