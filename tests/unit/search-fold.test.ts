import { describe, expect, it } from 'vitest';
import { characterCount, foldForSearch, looksLikePhone, phoneDigits } from '../../main/search/fold.ts';

describe('P-03 search folding: what the clerk types meets what was recorded', () => {
  it.each([
    ['たなか', 'タナカ'],
    ['タナカ', 'タナカ'],
    ['ﾀﾅｶ', 'タナカ'],
    ['ｶﾞｯｺｳ', 'ガッコウ'],
    ['田中 太郎', '田中太郎'],
    ['田中　太郎', '田中太郎'],
    ['ＲＯＬＥＸ', 'ROLEX'],
    ['rolex', 'ROLEX'],
    ['HAC-001', 'HAC001'],
    ['MLNE3J/A', 'MLNE3JA'],
    ['ジョン・スミス', 'ジョンスミス'],
    ['𠮷田 翼', '𠮷田翼'],
    ['ゞ', 'ヾ'],
    ['100%', '100%'],
    ['a_b', 'AB'],
    ['ちいかわ 🐹', 'チイカワ🐹'],
  ])('%s → %s', (input, folded) => {
    expect(foldForSearch(input)).toBe(folded);
  });

  it('drops control characters, including the field separator', () => {
    expect(foldForSearch('タナカ\u001fROLEX\u0000')).toBe('タナカROLEX');
  });

  it('keeps phone digits only, full-width too, and knows a phone query when it sees one', () => {
    expect(phoneDigits('090-1234-5678')).toBe('09012345678');
    expect(phoneDigits('０９０（１２３４）５６７８')).toBe('09012345678');
    expect(looksLikePhone('090-1234')).toBe(true);
    expect(looksLikePhone('5678')).toBe(true);
    expect(looksLikePhone('567')).toBe(false);
    expect(looksLikePhone('HAC-001')).toBe(false);
  });

  it('counts 𠮷 and emoji as one character each', () => {
    expect(characterCount('𠮷田')).toBe(2);
    expect(characterCount('🐹ab')).toBe(3);
  });
});
