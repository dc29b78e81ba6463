import iconv from 'iconv-lite';

/**
 * M-08: a reader of 全銀フォーマット 総合振込 files written from the published layout (全銀協 standard, 120-byte
 * records), independent of main/domain/zengin-file.ts: it splits the bytes on CRLF, checks every record is 120
 * bytes of Shift_JIS, reads the fields by byte position and checks the record order and the trailer's count and sum.
 * Anything off throws with the record number, so a test reading a file proves the file is what a bank would load.
 */

export interface ZenginHeader {
  kindCode: string;
  codeType: string;
  companyCode: string;
  companyName: string;
  transferDate: string;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: string;
  accountNumber: string;
}

export interface ZenginData {
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  clearingHouse: string;
  accountType: string;
  accountNumber: string;
  holder: string;
  amount: number;
  newCode: string;
}

export interface ZenginParsed {
  header: ZenginHeader;
  data: ZenginData[];
  trailer: { count: number; total: number };
}

// Field widths in bytes, in record order, from the published layout.
const HEADER: [keyof ZenginHeader | 'type' | 'dummy', number][] = [
  ['type', 1], ['kindCode', 2], ['codeType', 1], ['companyCode', 10], ['companyName', 40], ['transferDate', 4],
  ['bankCode', 4], ['bankName', 15], ['branchCode', 3], ['branchName', 15], ['accountType', 1], ['accountNumber', 7], ['dummy', 17],
];
const DATA: [string, number][] = [
  ['type', 1], ['bankCode', 4], ['bankName', 15], ['branchCode', 3], ['branchName', 15], ['clearingHouse', 4], ['accountType', 1],
  ['accountNumber', 7], ['holder', 30], ['amount', 10], ['newCode', 1], ['customerCode1', 10], ['customerCode2', 10],
  ['transferKind', 1], ['ediFlag', 1], ['dummy', 7],
];
const TRAILER: [string, number][] = [['type', 1], ['count', 6], ['total', 12], ['dummy', 101]];
const END: [string, number][] = [['type', 1], ['dummy', 119]];

const RECORD_BYTES = 120;
const CRLF = Buffer.from('\r\n');

function fields(bytes: Buffer, layout: [string, number][], recordNo: number): Record<string, string> {
  const total = layout.reduce((sum, [, width]) => sum + width, 0);
  if (total !== RECORD_BYTES) throw new Error(`layout of ${total} bytes`);
  const out: Record<string, string> = {};
  let at = 0;
  for (const [name, width] of layout) {
    const slice = bytes.subarray(at, at + width);
    // Shift_JIS double-byte characters have a lead byte in 0x81–0x9F / 0xE0–0xFC: 全銀 permits none.
    for (const byte of slice) {
      if ((byte >= 0x81 && byte <= 0x9f) || byte >= 0xe0 || byte < 0x20) throw new Error(`record ${recordNo} ${name}: byte 0x${byte.toString(16)} is not a 全銀 character`);
    }
    out[name] = iconv.decode(slice, 'Shift_JIS');
    at += width;
  }
  return out;
}

function numeric(value: string, name: string, recordNo: number): string {
  if (!/^\d+$/.test(value)) throw new Error(`record ${recordNo} ${name}: "${value}" is not zero-padded digits`);
  return value;
}

function blank(value: string, name: string, recordNo: number): void {
  if (value.trim() !== '') throw new Error(`record ${recordNo} ${name}: filler holds "${value}"`);
}

export function parseZengin(file: Buffer): ZenginParsed {
  const records: Buffer[] = [];
  let at = 0;
  while (at < file.length) {
    const end = file.indexOf(CRLF, at);
    if (end < 0) throw new Error(`record ${records.length + 1} is not ended by CRLF`);
    records.push(file.subarray(at, end));
    at = end + CRLF.length;
  }
  records.forEach((record, i) => {
    if (record.length !== RECORD_BYTES) throw new Error(`record ${i + 1} is ${record.length} bytes, not ${RECORD_BYTES}`);
  });
  if (records.length < 3) throw new Error(`${records.length} records: a file needs at least header, trailer and end`);
  const types = records.map((r) => String.fromCharCode(r[0]!)).join('');
  if (!/^12*89$/.test(types)) throw new Error(`record types ${types}: expected 1, 2…, 8, 9`);

  const h = fields(records[0]!, HEADER, 1);
  numeric(h.kindCode!, 'kindCode', 1);
  for (const name of ['companyCode', 'transferDate', 'bankCode', 'branchCode', 'accountType', 'accountNumber']) numeric(h[name]!, name, 1);
  blank(h.dummy!, 'dummy', 1);
  const header: ZenginHeader = {
    kindCode: h.kindCode!,
    codeType: h.codeType!,
    companyCode: h.companyCode!,
    companyName: h.companyName!.trimEnd(),
    transferDate: h.transferDate!,
    bankCode: h.bankCode!,
    bankName: h.bankName!.trimEnd(),
    branchCode: h.branchCode!,
    branchName: h.branchName!.trimEnd(),
    accountType: h.accountType!,
    accountNumber: h.accountNumber!,
  };

  const data = records.slice(1, -2).map((record, i) => {
    const no = i + 2;
    const d = fields(record, DATA, no);
    for (const name of ['bankCode', 'branchCode', 'accountType', 'accountNumber', 'amount']) numeric(d[name]!, name, no);
    blank(d.dummy!, 'dummy', no);
    return {
      bankCode: d.bankCode!,
      bankName: d.bankName!.trimEnd(),
      branchCode: d.branchCode!,
      branchName: d.branchName!.trimEnd(),
      clearingHouse: d.clearingHouse!,
      accountType: d.accountType!,
      accountNumber: d.accountNumber!,
      holder: d.holder!.trimEnd(),
      amount: Number(d.amount),
      newCode: d.newCode!,
    };
  });

  const trailerNo = records.length - 1;
  const t = fields(records[trailerNo - 1]!, TRAILER, trailerNo);
  const trailer = { count: Number(numeric(t.count!, 'count', trailerNo)), total: Number(numeric(t.total!, 'total', trailerNo)) };
  blank(t.dummy!, 'dummy', trailerNo);
  if (trailer.count !== data.length) throw new Error(`trailer count ${trailer.count} but ${data.length} data records`);
  const sum = data.reduce((s, d) => s + d.amount, 0);
  if (trailer.total !== sum) throw new Error(`trailer total ${trailer.total} but the data records sum to ${sum}`);
  blank(fields(records[records.length - 1]!, END, records.length).dummy!, 'dummy', records.length);
  return { header, data, trailer };
}
