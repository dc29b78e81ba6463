/**
 * M-08: the seller's bank account for a bank-transfer buyback, and the 全銀 (Zengin) rules its fields must meet.
 * Pure, shared by the contract (validation in the main process) and the wizard (live feedback while the clerk types),
 * so both say the same thing about the same input.
 */

export const ACCOUNT_TYPES = ['ordinary', 'current', 'savings'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** 全銀 預金種目: 1 普通, 2 当座, 4 貯蓄. */
export const ZENGIN_ACCOUNT_TYPE_CODES: Record<AccountType, string> = { ordinary: '1', current: '2', savings: '4' };

/** The 全銀 data record's 受取人名 field: 30 bytes of half-width characters (a voiced kana takes two: ｶﾞ). */
export const ZENGIN_HOLDER_BYTES = 30;

/** An account at a bank: the seller's, or the shop's own (the 依頼人 of a 全銀 file). */
export interface AccountAtBank {
  /** 金融機関コード, 4 digits. */
  bankCode: string;
  bankName: string;
  /** 支店コード, 3 digits. */
  branchCode: string;
  branchName: string;
  accountType: AccountType;
  /** 7 digits, left-padded with zeros as banks print them. */
  accountNumber: string;
}

export interface BankAccount extends AccountAtBank {
  /** 口座名義 in 全銀 half-width kana (ﾔﾏﾀﾞ ﾀﾛｳ), converted from what the clerk typed. */
  holderKana: string;
}

const FULL_KATAKANA = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
const HALF_KATAKANA = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
// 全銀 has no small kana: banks register キョウコ as ｷﾖｳｺ.
const SMALL_KATAKANA = 'ァィゥェォッャュョヮヵヶ';
const SMALL_AS_LARGE = 'ｱｲｳｴｵﾂﾔﾕﾖﾜｶｹ';

const TO_ZENGIN = new Map<string, string>();
for (let i = 0; i < FULL_KATAKANA.length; i++) TO_ZENGIN.set(FULL_KATAKANA[i]!, HALF_KATAKANA[i]!);
for (let i = 0; i < SMALL_KATAKANA.length; i++) TO_ZENGIN.set(SMALL_KATAKANA[i]!, SMALL_AS_LARGE[i]!);
TO_ZENGIN.set('\u3099', 'ﾞ'); // combining voiced mark (ガ = カ + ◌゙ after NFD)
TO_ZENGIN.set('\u309A', 'ﾟ'); // combining semi-voiced mark
TO_ZENGIN.set('゛', 'ﾞ');
TO_ZENGIN.set('゜', 'ﾟ');
// 全銀 has no long-vowel mark; banks write it as a hyphen (ｺｰﾋｰ → ｺ-ﾋ-).
for (const dash of 'ー‐－−―') TO_ZENGIN.set(dash, '-');
for (const char of ' ().-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') TO_ZENGIN.set(char, char);

const HIRAGANA_START = 0x3041;
const HIRAGANA_END = 0x3096;
const KATAKANA_OFFSET = 0x60;

/** One character as typed → its 全銀 form, or null when 全銀 has no such character. */
function zenginCharacter(codePoint: string): string | null {
  const direct = TO_ZENGIN.get(codePoint);
  if (direct !== undefined) return direct;
  // NFKC first: full-width Ａ１（ and half-width ｶﾞ become the forms the table knows.
  let char = codePoint.normalize('NFKC').replace(/[a-z]/g, (c) => c.toUpperCase());
  char = Array.from(char, (c) => {
    const code = c.codePointAt(0)!;
    return code >= HIRAGANA_START && code <= HIRAGANA_END ? String.fromCodePoint(code + KATAKANA_OFFSET) : c;
  }).join('');
  let out = '';
  for (const part of char.normalize('NFD')) {
    const mapped = TO_ZENGIN.get(part);
    if (mapped === undefined) return null;
    out += mapped;
  }
  return out;
}

export type ZenginKanaResult =
  | { ok: true; kana: string }
  /** `invalid`: the characters as typed that 全銀 does not permit (𠮷, 😀, 漢字, ヲ, ・ …), each once. */
  | { ok: false; reason: 'empty' | 'characters'; invalid: string[] }
  | { ok: false; reason: 'tooLong'; bytes: number };

/**
 * 口座名義 as a clerk types it (hiragana, full- or half-width katakana, letters, a full-width space between family
 * and given name) → 全銀 half-width kana: small kana made large, voiced marks split (ガ → ｶﾞ), ー → -, letters upper
 * case, runs of spaces made one. Refuses characters 全銀 does not permit, naming them, and names longer than the
 * 30-byte 受取人名 field (or the field given: the 依頼人名 has 40).
 */
export function toZenginKana(typed: string, maxBytes = ZENGIN_HOLDER_BYTES): ZenginKanaResult {
  const invalid: string[] = [];
  let kana = '';
  // Graphemes, so an emoji built of several code points is named once, as the clerk sees it.
  for (const { segment } of new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(typed)) {
    if (/^\s+$/u.test(segment)) {
      kana += ' ';
      continue;
    }
    let converted = '';
    for (const codePoint of segment) {
      const mapped = zenginCharacter(codePoint);
      if (mapped === null) {
        converted = '';
        if (!invalid.includes(segment)) invalid.push(segment);
        break;
      }
      converted += mapped;
    }
    kana += converted;
  }
  if (invalid.length > 0) return { ok: false, reason: 'characters', invalid };
  kana = kana.replace(/ {2,}/g, ' ').trim();
  if (kana === '') return { ok: false, reason: 'empty', invalid: [] };
  // Every 全銀 character is one byte in Shift_JIS.
  if (kana.length > maxBytes) return { ok: false, reason: 'tooLong', bytes: kana.length };
  return { ok: true, kana };
}

/** Digits as a clerk may type them (full-width from the IME too) → ASCII digits; anything else is left for the check. */
export function asciiDigits(typed: string): string {
  return typed.normalize('NFKC').trim();
}

/** 口座番号: 1 to 7 digits, left-padded with zeros to the 7 the 全銀 record holds; null when not such a number. */
export function paddedAccountNumber(typed: string): string | null {
  const digits = asciiDigits(typed);
  return /^\d{1,7}$/.test(digits) ? digits.padStart(7, '0') : null;
}

/** The account form as typed, number and holder not yet checked (preload/types.ts BankAccountDraft has this shape). */
export interface TypedBankAccount extends AccountAtBank {
  holderName: string;
}

export type BankAccountField = 'bankCode' | 'bankName' | 'branchCode' | 'branchName' | 'accountNumber' | 'holderName';

export const EMPTY_ACCOUNT_AT_BANK: AccountAtBank = { bankCode: '', bankName: '', branchCode: '', branchName: '', accountType: 'ordinary', accountNumber: '' };
export const EMPTY_BANK_ACCOUNT: TypedBankAccount = { ...EMPTY_ACCOUNT_AT_BANK, holderName: '' };

/**
 * What is wrong with a typed account, field by field as the contract's i18n keys (the wizard shows them live; the
 * contract refuses the same at execute), and the holder as 全銀 will spell it.
 */
export function checkBankAccount(account: TypedBankAccount): { problems: Partial<Record<BankAccountField, string>>; holder: ZenginKanaResult } {
  const problems: Partial<Record<BankAccountField, string>> = {};
  if (!/^\d{4}$/.test(asciiDigits(account.bankCode))) problems.bankCode = 'validation.bankCode';
  if (account.bankName.trim() === '') problems.bankName = 'validation.required';
  if (!/^\d{3}$/.test(asciiDigits(account.branchCode))) problems.branchCode = 'validation.branchCode';
  if (account.branchName.trim() === '') problems.branchName = 'validation.required';
  if (paddedAccountNumber(account.accountNumber) === null) problems.accountNumber = 'validation.accountNumber';
  const holder = toZenginKana(account.holderName);
  if (!holder.ok) problems.holderName = HOLDER_PROBLEMS[holder.reason];
  return { problems, holder };
}

export const HOLDER_PROBLEMS = { empty: 'validation.required', characters: 'validation.holderKanaCharacters', tooLong: 'validation.holderKanaTooLong' } as const;
