import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
type Tree = { [key: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(join(ROOT, `renderer/i18n/${lang}.json`), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`)));
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('B-08 every user-facing text is translated', () => {
  const ja = new Set(flatten(load('ja')));
  const en = new Set(flatten(load('en')));

  it('Japanese and English have the same keys', () => {
    expect([...ja].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !ja.has(k))).toEqual([]);
  });

  it('every literal key the renderer asks for exists', () => {
    const used = new Set<string>();
    for (const file of files(join(ROOT, 'renderer'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]!);
    }
    expect([...used].filter((k) => !ja.has(k))).toEqual([]);
  });

  it('every error code the main process can return has a message', () => {
    const codes = new Set<string>();
    for (const file of files(join(ROOT, 'main'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/new KioskError\(\s*'([A-Z_]+)'/g)) codes.add(match[1]!);
    }
    expect([...codes].filter((code) => !ja.has(`errors.${code}`))).toEqual([]);
  });

  it('every validation message key in the contract exists', () => {
    const contract = readFileSync(join(ROOT, 'preload/contract.ts'), 'utf8');
    const keys = [...contract.matchAll(/'(validation\.[a-zA-Z]+)'/g)].map((m) => m[1]!);
    expect(keys.filter((k) => !ja.has(k))).toEqual([]);
  });
});
