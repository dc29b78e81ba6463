/**
 * P-07: the in-store JAN-13 (インストアマーキング) printed on a stock item's label, and how to tell it from a maker's
 * JAN when a code is scanned (issue 17's catalog lookup needs exactly that).
 *
 * JAN prefixes 20–29 are reserved for codes a store assigns itself: no maker's product ever carries one. The kiosk's
 * stock codes (`S001-01-0000123`: store code, terminal number, a sequence never reused on that terminal's database;
 * `S001-01R1-0000123` after a restore that could not tell what the lost database had issued, issue 13 §5) have
 * letters and up to 18 characters, so they cannot be a JAN themselves. Each gets its own 13 digits instead:
 *
 *     2 d | t t | g | n n n n n n n | c
 *     prefix (20–29, a shop setting) · terminal number 01–99 · restore generation 0–9 · sequence (7 digits) · check
 *
 * The store is not in the code: an in-store code is valid only inside its store, and a store's terminals have
 * distinct numbers, each with its own sequence. The restore generation is in it because after such a restore the
 * sequence runs again over numbers the lost database may have issued: only the generation keeps those labels apart.
 * 9,999,999 items per terminal and generation (68 years at 400 items a day), and 9 such restores, are the limits.
 */

export const IN_STORE_JAN_PREFIXES = ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29'] as const;
export type InStoreJanPrefix = (typeof IN_STORE_JAN_PREFIXES)[number];
export const DEFAULT_IN_STORE_JAN_PREFIX: InStoreJanPrefix = '20';
/** Sequences 1 … 9,999,999 fit a generation's range of the code. */
export const JAN_SEQUENCES_PER_GENERATION = 10_000_000;
export const MAX_JAN_GENERATION = 9;

/** Modulo-10 check digit of the first 12 digits of an EAN/JAN-13 (weights 1, 3, 1, 3 … from the left). */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`Expected 12 digits, got ${JSON.stringify(first12)}`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** A 13-digit code whose check digit is right. */
export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/** A code a store assigned itself (prefix 20–29), as opposed to a maker's JAN/EAN. */
export function isInStoreJan(code: string): boolean {
  return isValidEan13(code) && code[0] === '2';
}

export interface InStoreJanParts {
  prefix: InStoreJanPrefix;
  terminalNumber: number;
  /** The restore generation of the stock code (0 before any restore that lost what was issued). */
  generation: number;
  sequence: number;
}

export function inStoreJan({ prefix, terminalNumber, sequence, generation = 0 }: Omit<InStoreJanParts, 'generation'> & { generation?: number }): string {
  if (!(IN_STORE_JAN_PREFIXES as readonly string[]).includes(prefix)) throw new RangeError(`In-store JAN prefix must be 20–29, got ${prefix}`);
  if (!Number.isInteger(terminalNumber) || terminalNumber < 1 || terminalNumber > 99) throw new RangeError('terminal number must be 1–99');
  if (!Number.isInteger(generation) || generation < 0 || generation > MAX_JAN_GENERATION) throw new RangeError('restore generation beyond the in-store JAN range');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence >= JAN_SEQUENCES_PER_GENERATION) throw new RangeError('stock sequence beyond the in-store JAN range');
  const first12 = `${prefix}${String(terminalNumber).padStart(2, '0')}${generation}${String(sequence).padStart(7, '0')}`;
  return `${first12}${ean13CheckDigit(first12)}`;
}

/** The parts of one of our in-store JANs, or null for anything else (a maker's JAN, a bad check digit). */
export function parseInStoreJan(code: string): InStoreJanParts | null {
  if (!isInStoreJan(code)) return null;
  const terminalNumber = Number(code.slice(2, 4));
  const generation = Number(code.slice(4, 5));
  const sequence = Number(code.slice(5, 12));
  if (terminalNumber < 1 || sequence < 1) return null;
  return { prefix: code.slice(0, 2) as InStoreJanPrefix, terminalNumber, generation, sequence };
}

const STOCK_CODE = /^[A-Z0-9]{1,8}-(\d{2})(?:R(\d{1,2}))?-(\d{7,8})$/;

/** The in-store JAN of a stock code the kiosk issued (`S001-01-0000123`), or null for one it did not. */
export function inStoreJanOfStockCode(stockCode: string, prefix: InStoreJanPrefix = DEFAULT_IN_STORE_JAN_PREFIX): string | null {
  const match = STOCK_CODE.exec(stockCode);
  if (!match) return null;
  const terminalNumber = Number(match[1]);
  const generation = Number(match[2] ?? 0);
  const sequence = Number(match[3]);
  if (terminalNumber < 1 || sequence < 1 || sequence >= JAN_SEQUENCES_PER_GENERATION || generation > MAX_JAN_GENERATION) return null;
  return inStoreJan({ prefix, terminalNumber, sequence, generation });
}
