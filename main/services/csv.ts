import { Parser } from '@json2csv/plainjs';

const BOM = '\uFEFF';
// Cells starting with these are read as formulas by Excel and LibreOffice (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a would-be formula with an apostrophe so a spreadsheet shows it as text. */
export function neutraliseCell(value: unknown): unknown {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * S-20, B-02: CSV for Excel on a Japanese PC — UTF-8 with a BOM (without it Excel reads Shift_JIS and garbles
 * Japanese), CRLF line ends, every string cell neutralised against formula injection. Numbers stay numbers.
 */
export function toExcelCsv<T extends Record<string, unknown>>(rows: T[], columns: { key: keyof T & string; header: string }[]): string {
  // Each cell is neutralised as it is read, instead of copying every row first (a month's ledger is ~30,000 rows).
  const parser = new Parser<Record<string, unknown>, Record<string, unknown>>({
    fields: columns.map((c) => ({ label: c.header, value: (row: Record<string, unknown>) => neutraliseCell(row[c.key]) })),
    eol: '\r\n',
    withBOM: false,
  });
  return BOM + parser.parse(rows);
}
