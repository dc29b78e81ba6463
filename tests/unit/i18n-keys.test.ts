import { describe, expect, it } from 'vitest';
import en from '../../renderer/i18n/en.json';
import { initI18n } from '../../renderer/i18n/index.ts';
import ja from '../../renderer/i18n/ja.json';

type Tree = { [key: string]: string | Tree };
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));
}

describe('B-08 every translation key shows its own text, in both languages', () => {
  for (const [language, tree] of [
    ['ja', ja],
    ['en', en],
  ] as const) {
    it(`${language}: no key is read as something else (a ':' in list.sortBy.createdAt:desc is not a namespace)`, () => {
      const i18n = initI18n(language);
      const wrong = leaves(tree as Tree)
        .filter(([, value]) => !value.includes('{{') && !value.includes('$t('))
        .filter(([key, value]) => i18n.t(key) !== value)
        .map(([key]) => key);
      expect(wrong).toEqual([]);
    });
  }
});
