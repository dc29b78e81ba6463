import { KioskError } from '../errors.ts';

/** Modulo-10 check digit of the first 12 digits of an EAN/JAN-13 (weights 1,3,1,3… from the left). */
export function jan13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`Expected 12 digits, got ${JSON.stringify(first12)}`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/**
 * The in-store (NON-PLU) JAN-13 printed on a label when the shop's scanners want JAN instead of CODE128.
 *
 * JAN prefixes 20–29 are reserved for codes a store assigns itself, so they never clash with a maker's JAN.
 * The code is `20` + the stock code's digits (non-digits dropped, left-padded with zeros to 10) + check digit:
 * stock code `S-000123` becomes `20` + `0000000123` + check digit `4` → `2000000001234`. A stock code with more than 10 digits
 * cannot be represented without collisions and is refused; a stock code that already is a valid 2x JAN-13 is kept.
 */
export function inStoreJan13(stockCode: string): string {
  if (/^2\d{12}$/.test(stockCode) && jan13CheckDigit(stockCode.slice(0, 12)) === Number(stockCode[12])) {
    return stockCode;
  }
  const digits = stockCode.replace(/\D/g, '');
  if (digits.length === 0 || digits.length > 10) {
    throw new KioskError('LABEL_CODE_NOT_JAN', { params: { stockCode } });
  }
  const first12 = `20${digits.padStart(10, '0')}`;
  return `${first12}${jan13CheckDigit(first12)}`;
}
