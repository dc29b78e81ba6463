/**
 * A-01: the barcodes a clerk scans at appraisal. A maker's product carries an EAN-13 (JAN), a UPC-A (imported goods)
 * or an EAN-8 (small packs); all three end in the GS1 modulo-10 check digit. Our own stock labels carry an in-store
 * JAN (prefix 20–29, common/in-store-jan.ts): no maker's product ever does, so such a code is a stock label, not a
 * product to look up.
 *
 * The rule is GS1's six lines, the one in-store-jan.ts already uses for our labels, so it is written here rather
 * than taken from a package: a dependency would add more to audit than it saves.
 */
import { isInStoreJan } from './in-store-jan.ts';

/** GS1 modulo-10 check digit of the digits before it (weights 3, 1, 3 … from the right). */
export function gs1CheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError(`Expected digits, got ${JSON.stringify(body)}`);
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

export type ScannedCode =
  /** A maker's product code, as the catalog keys it: UPC-A as its 13-digit EAN form (leading 0), EAN-8 as is. */
  | { kind: 'product'; code: string }
  /** One of our own stock labels (in-store prefix 20–29). */
  | { kind: 'inStore'; code: string }
  /** Digits of a product code's length whose check digit is wrong: a misread, or a typo. */
  | { kind: 'badCheckDigit'; code: string }
  /** Not a product barcode at all (a reception number, a staff card, text). */
  | { kind: 'other'; code: string };

function checkDigitHolds(code: string): boolean {
  return gs1CheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** What a scanned or typed code is. Full-width digits and surrounding spaces (a hand-typed code) are accepted. */
export function classifyScannedCode(raw: string): ScannedCode {
  const code = raw.normalize('NFKC').trim();
  if (!/^(\d{8}|\d{12}|\d{13})$/.test(code)) return { kind: 'other', code };
  if (!checkDigitHolds(code)) return { kind: 'badCheckDigit', code };
  const key = code.length === 12 ? `0${code}` : code;
  if (key.length === 13 && isInStoreJan(key)) return { kind: 'inStore', code: key };
  // GS1 restricted circulation: UPC-A number systems 2 and 4 (13-digit 02…, 04…) and EAN-8 prefixes 0 and 2 are
  // codes some store assigned itself, never a product's.
  if (key.length === 13 && /^0[24]/.test(key)) return { kind: 'inStore', code: key };
  if (key.length === 8 && (key[0] === '0' || key[0] === '2')) return { kind: 'inStore', code: key };
  return { kind: 'product', code: key };
}

/** The catalog key of a product code, or null when it is not one (bad check digit, in-store, not a barcode). */
export function productCodeKey(raw: string): string | null {
  const scanned = classifyScannedCode(raw);
  return scanned.kind === 'product' ? scanned.code : null;
}
