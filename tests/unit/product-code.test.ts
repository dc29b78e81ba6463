import { describe, expect, it } from 'vitest';
import { inStoreJanOfStockCode } from '../../common/in-store-jan.ts';
import { classifyScannedCode, gs1CheckDigit, productCodeKey } from '../../common/product-code.ts';

describe('A-01 product barcodes: EAN-13, UPC-A and EAN-8 check digits, our stock labels told apart', () => {
  it.each([
    ['490123456789', 4], // EAN-13 (GS1 Japan's example)
    ['400638133393', 1], // EAN-13
    ['03600029145', 2], // UPC-A 036000291452
    ['9638507', 4], // EAN-8 96385074
    ['4901234', 7],
  ])('A-01 GS1 check digit of %s is %i', (body, digit) => {
    expect(gs1CheckDigit(body)).toBe(digit);
  });

  it.each([
    ['4901234567894', { kind: 'product', code: '4901234567894' }],
    ['4006381333931', { kind: 'product', code: '4006381333931' }],
    // UPC-A is keyed as its EAN-13 form, so a scanner sending either finds the same entry.
    ['036000291452', { kind: 'product', code: '0036000291452' }],
    ['0036000291452', { kind: 'product', code: '0036000291452' }],
    ['96385074', { kind: 'product', code: '96385074' }],
    // Full-width digits typed by hand, spaces around.
    [' ４９０１２３４５６７８９４ ', { kind: 'product', code: '4901234567894' }],
    ['4901234567895', { kind: 'badCheckDigit', code: '4901234567895' }],
    ['036000291453', { kind: 'badCheckDigit', code: '036000291453' }],
    ['96385075', { kind: 'badCheckDigit', code: '96385075' }],
    // Our own stock labels (S001-01-0000123, S001-02R1-0000456 after a restore) and other restricted-circulation codes.
    [inStoreJanOfStockCode('S001-01-0000123')!, { kind: 'inStore', code: '2001000001231' }],
    [inStoreJanOfStockCode('S001-02R1-0000456', '29')!, { kind: 'inStore', code: inStoreJanOfStockCode('S001-02R1-0000456', '29') }],
    ['212345678909', { kind: 'inStore', code: '0212345678909' }],
    ['20123451', { kind: 'inStore', code: '20123451' }],
    // Not a product barcode: a reception number, a stock code, a staff code, a 10-digit number.
    ['S001-01-20261127-0007', { kind: 'other', code: 'S001-01-20261127-0007' }],
    ['S001-01-0000123', { kind: 'other', code: 'S001-01-0000123' }],
    ['1001', { kind: 'other', code: '1001' }],
    ['4901234567', { kind: 'other', code: '4901234567' }],
  ])('A-01 %s is %o', (scanned, expected) => {
    expect(classifyScannedCode(scanned)).toEqual(expected);
  });

  it('A-01 only a product code has a catalog key', () => {
    expect(productCodeKey('036000291452')).toBe('0036000291452');
    expect(productCodeKey('2001000001231')).toBeNull();
    expect(productCodeKey('4901234567895')).toBeNull();
    expect(productCodeKey('')).toBeNull();
  });
});
