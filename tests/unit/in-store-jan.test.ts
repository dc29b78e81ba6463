import { describe, expect, it } from 'vitest';
import {
  ean13CheckDigit,
  inStoreJan,
  inStoreJanOfStockCode,
  isInStoreJan,
  isValidEan13,
  JAN_SEQUENCES_PER_GENERATION,
  MAX_JAN_GENERATION,
  parseInStoreJan,
} from '../../common/in-store-jan.ts';
import { stockCode } from '../../main/services/receptions.ts';

describe('P-07 the in-store JAN-13 of every stock code the kiosk issues', () => {
  it.each([
    ['490123456789', 4],
    ['590123412345', 7],
    ['400638133393', 1],
    ['200100000123', 1],
  ])('check digit of %s is %i (published examples and ours)', (first12, digit) => {
    expect(ean13CheckDigit(first12)).toBe(digit);
  });

  it.each([
    ['S001', 1, 0, 123, '20', '2001000001231'],
    ['S001', 1, 0, 124, '20', '2001000001248'],
    ['S001', 2, 0, 123, '20', '2002000001238'],
    ['TOKYO001', 99, 0, 9_999_999, '29', '2999099999990'],
    // After a restore that lost what was issued (issue 13 §5): S001-01R1-0000123 must not share S001-01-0000123's JAN.
    ['S001', 1, 1, 123, '20', '2001100001230'],
    ['S001', 1, MAX_JAN_GENERATION, JAN_SEQUENCES_PER_GENERATION - 1, '20', '2001999999991'],
  ] as const)('%s terminal %i generation %i sequence %i, prefix %s → %s', (store, terminal, generation, sequence, prefix, jan) => {
    const code = stockCode(store, terminal, sequence, generation);
    expect(inStoreJan({ prefix, terminalNumber: terminal, sequence, generation })).toBe(jan);
    expect(inStoreJanOfStockCode(code, prefix)).toBe(jan);
    expect(isValidEan13(jan)).toBe(true);
    expect(isInStoreJan(jan)).toBe(true);
    expect(parseInStoreJan(jan)).toEqual({ prefix, terminalNumber: terminal, generation, sequence });
  });

  it('two terminals of a store never share a JAN, nor do two sequences or two restore generations', () => {
    const seen = new Set<string>();
    for (let terminal = 1; terminal <= 99; terminal += 7) {
      for (const generation of [0, 1, MAX_JAN_GENERATION]) {
        for (const sequence of [1, 2, 99, 1_000_000, 1_234_567, JAN_SEQUENCES_PER_GENERATION - 1]) {
          seen.add(inStoreJan({ prefix: '20', terminalNumber: terminal, sequence, generation }));
        }
      }
    }
    expect(seen.size).toBe(15 * 3 * 6);
  });

  it.each([
    ['4901234567894', 'a maker\'s JAN (prefix 49)'],
    ['0123456789012', 'prefix 0'],
    ['2001000001232', 'wrong check digit'],
    ['200100000123', '12 digits'],
    ['S001-01-0000123', 'a stock code'],
  ])('%s is not one of ours (%s)', (code) => {
    expect(parseInStoreJan(code)).toBeNull();
  });

  it('tells a maker\'s JAN from an in-store one (issue 17 scans both in appraisal)', () => {
    expect(isValidEan13('4901234567894')).toBe(true);
    expect(isInStoreJan('4901234567894')).toBe(false);
    expect(isInStoreJan('2999099999990')).toBe(true);
  });

  it('refuses what the scheme cannot hold instead of printing a wrong code', () => {
    expect(() => inStoreJan({ prefix: '20', terminalNumber: 1, sequence: JAN_SEQUENCES_PER_GENERATION })).toThrow(RangeError);
    expect(() => inStoreJan({ prefix: '20', terminalNumber: 1, sequence: 1, generation: MAX_JAN_GENERATION + 1 })).toThrow(RangeError);
    expect(() => inStoreJan({ prefix: '20', terminalNumber: 100, sequence: 1 })).toThrow(RangeError);
    expect(() => inStoreJan({ prefix: '19' as '20', terminalNumber: 1, sequence: 1 })).toThrow(RangeError);
    expect(inStoreJanOfStockCode('S-000123')).toBeNull();
    expect(inStoreJanOfStockCode(stockCode('S001', 1, JAN_SEQUENCES_PER_GENERATION))).toBeNull();
    expect(inStoreJanOfStockCode(stockCode('S001', 1, 1, MAX_JAN_GENERATION + 1))).toBeNull();
  });
});
