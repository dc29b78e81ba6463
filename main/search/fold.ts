/**
 * Search normalisation (P-03, P-07): what a clerk types and what was recorded are folded the same way, so "たなか"
 * finds "タナカ", "ｶﾀｶﾅ" finds "カタカナ", "ＲＯＬＥＸ" finds "rolex" and "090-1234-5678" finds "09012345678".
 * Pure functions; the database calls them through SQL functions registered on every connection (db/open.ts).
 */

const HIRAGANA = /[\u3041-\u3096\u309d\u309e]/g;
/** Spaces and the marks people type or leave out at will inside names, models and numbers. */
const IGNORED = /[\s\-\u2010-\u2015\u2212\u30fb\uff65.,/\\()'"_]/gu;
/** C0/C1 controls, among them the separator used between fields of a search document. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Hiragana to katakana (a fixed code-point shift; ゝゞ to ヽヾ). */
export function toKatakana(text: string): string {
  return text.replace(HIRAGANA, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/**
 * NFKC (full-width ASCII and half-width kana to their usual forms), hiragana to katakana, upper case, and without
 * spaces, hyphens, dots, slashes or brackets. `_` and `%` are dropped too: they are never meaningful in a name or a
 * model, and the search never hands the query to LIKE, so they can match nothing by accident.
 */
export function foldForSearch(text: string): string {
  return toKatakana(text.normalize('NFKC')).toUpperCase().replace(IGNORED, '').replace(CONTROLS, '');
}

/** Only the digits of a phone number (after NFKC, so full-width digits count). */
export function phoneDigits(text: string): string {
  return text.normalize('NFKC').replace(/\D/g, '');
}

/** Whether a query is a phone number or its last digits as people type them: digits with optional separators. */
export function looksLikePhone(text: string): boolean {
  return /^[\d\s\-()+]+$/.test(text.normalize('NFKC').trim()) && phoneDigits(text).length >= 4;
}

export function reverse(text: string): string {
  return [...text].reverse().join('');
}

/** Whole characters (so 𠮷 counts once) — trigram search needs three of them. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Separates fields in a search document, so a match never spans the end of one field and the start of the next. */
export const FIELD_SEPARATOR = '\u001f';
