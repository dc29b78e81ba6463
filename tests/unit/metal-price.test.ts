import { describe, expect, it } from 'vitest';
import { formatGrams, gramsToCentigrams, metalUnitPrice } from '../../common/metal-price.ts';

describe('A-03 the unit price of precious metal bought by weight', () => {
  it.each([
    // The example: a K18 necklace of 12.34 g at ¥15,000/g.
    [1234, 15_000, 'floor', 185_100],
    [1234, 15_001, 'floor', 185_112], // 185,112.34
    [1234, 15_001, 'round', 185_112],
    [1234, 15_001, 'ceil', 185_113],
    [1, 150, 'floor', 1], // 0.01 g of SV925 at ¥150/g: ¥1.50
    [1, 150, 'round', 2],
    [1, 149, 'round', 1],
    [1, 99, 'floor', 0], // 0.01 g at ¥99/g is ¥0.99: nothing at floor
    [1, 99, 'ceil', 1],
    [10_000_000, 100_000_000, 'floor', 10_000_000_000_000], // the contract's MAX_YEN refuses it; the arithmetic stays exact
  ] as const)('A-03 %i cg at ¥%i/g (%s) → ¥%i', (weightCg, pricePerGram, rounding, expected) => {
    expect(metalUnitPrice(weightCg, pricePerGram, rounding)).toBe(expected);
  });

  it.each([
    ['12.34', 1234],
    ['12.3', 1230],
    ['12', 1200],
    ['１２．３４', 1234],
    [' 0.01 ', 1],
    ['12.345', null],
    ['0', null],
    ['-1', null],
    ['1e3', null],
    ['100000.01', null],
    ['', null],
  ])('A-03 "%s" g → %s cg', (text, expected) => {
    expect(gramsToCentigrams(text)).toBe(expected);
  });

  it('A-03 the weight reads in grams with two decimals', () => {
    expect(formatGrams(1234)).toBe('12.34 g');
    expect(formatGrams(5)).toBe('0.05 g');
    expect(formatGrams(120_000)).toBe('1200.00 g');
  });

  it('A-03 a weight or rate that is not a positive integer is refused, never priced', () => {
    expect(() => metalUnitPrice(0, 15_000)).toThrow(RangeError);
    expect(() => metalUnitPrice(12.5, 15_000)).toThrow(RangeError);
    expect(() => metalUnitPrice(1234, 0)).toThrow(RangeError);
  });
});
