import iconv from 'iconv-lite';
import { type AccountAtBank, type BankAccount, toZenginKana, ZENGIN_ACCOUNT_TYPE_CODES } from '../../common/bank-account.ts';

/**
 * M-08: a 全銀フォーマット 総合振込 (Zengin "general transfer", 種別コード 21) file, as banks' transfer services and
 * accounting software import it: 120-byte fixed-length records in Shift_JIS, each ended by CRLF — one header (1), one
 * data record (2) per transfer, one trailer (8) with their count and sum, one end record (9). Numeric fields are
 * right-aligned and zero-padded, text fields left-aligned and space-padded, in half-width characters only.
 */

export const ZENGIN_RECORD_BYTES = 120;
/** 振込金額 is a 10-digit field: ¥9,999,999,999 at most (the counter's MAX_YEN of ¥100,000,000 has 9 digits). */
export const ZENGIN_MAX_AMOUNT = 9_999_999_999;

/** 依頼人: the shop's own account the transfers are paid from (a manager's setting). */
export interface ZenginRemitter extends AccountAtBank {
  /** 委託者コード, 10 digits, given by the bank. */
  companyCode: string;
  /** 委託者名 in 全銀 kana, up to 40. */
  companyName: string;
}

export interface ZenginTransfer {
  account: BankAccount;
  amount: number;
}

function numeric(value: number | string, width: number): string {
  const digits = String(value);
  if (!/^\d+$/.test(digits) || digits.length > width) throw new RangeError(`not a ${width}-digit number`);
  return digits.padStart(width, '0');
}

function alpha(value: string, width: number): string {
  return value.slice(0, width).padEnd(width, ' ');
}

/** A bank or branch name as 全銀 kana for the record; names are informative (the codes route), so one 全銀 cannot spell is left blank. */
function kanaName(name: string, width: number): string {
  const converted = toZenginKana(name, 1000);
  return alpha(converted.ok ? converted.kana : '', width);
}

function record(fields: string[]): string {
  const line = fields.join('');
  if (line.length !== ZENGIN_RECORD_BYTES) throw new Error(`record of ${line.length} characters`);
  return line;
}

/** The file's records as text (one single-byte character per byte), before encoding. */
export function zenginRecords(remitter: ZenginRemitter, transferDate: { month: number; day: number }, transfers: ZenginTransfer[]): string[] {
  const header = record([
    '1', // データ区分: ヘッダー
    '21', // 種別コード: 総合振込
    '0', // コード区分: SJIS
    numeric(remitter.companyCode, 10),
    alpha(remitter.companyName, 40),
    numeric(transferDate.month, 2) + numeric(transferDate.day, 2), // 取組日 MMDD
    numeric(remitter.bankCode, 4),
    kanaName(remitter.bankName, 15),
    numeric(remitter.branchCode, 3),
    kanaName(remitter.branchName, 15),
    ZENGIN_ACCOUNT_TYPE_CODES[remitter.accountType],
    numeric(remitter.accountNumber, 7),
    alpha('', 17),
  ]);
  const data = transfers.map(({ account, amount }) => {
    if (!Number.isInteger(amount) || amount < 0 || amount > ZENGIN_MAX_AMOUNT) throw new RangeError('amount outside the 10-digit field');
    return record([
      '2', // データ区分: データ
      numeric(account.bankCode, 4),
      kanaName(account.bankName, 15),
      numeric(account.branchCode, 3),
      kanaName(account.branchName, 15),
      alpha('', 4), // 手形交換所番号: unused
      ZENGIN_ACCOUNT_TYPE_CODES[account.accountType],
      numeric(account.accountNumber, 7),
      alpha(account.holderKana, 30),
      numeric(amount, 10),
      '0', // 新規コード: その他
      alpha('', 10), // 顧客コード1
      alpha('', 10), // 顧客コード2
      ' ', // 振込指定区分: the bank's default
      ' ', // 識別表示: no EDI
      alpha('', 7),
    ]);
  });
  const total = transfers.reduce((sum, t) => sum + t.amount, 0);
  const trailer = record(['8', numeric(transfers.length, 6), numeric(total, 12), alpha('', 101)]);
  const end = record(['9', alpha('', 119)]);
  return [header, ...data, trailer, end];
}

/** The file's bytes: Shift_JIS, every record followed by CRLF. */
export function zenginFile(remitter: ZenginRemitter, transferDate: { month: number; day: number }, transfers: ZenginTransfer[]): Buffer {
  const text = zenginRecords(remitter, transferDate, transfers)
    .map((line) => `${line}\r\n`)
    .join('');
  return iconv.encode(text, 'Shift_JIS');
}
