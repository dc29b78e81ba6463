import { describe, expect, it } from 'vitest';
import type { TillSessionDetail } from '../../../common/till.ts';
import { type TillReportData, tillReportLayout } from '../../../main/printing/layouts/till-report.ts';
import { MAX_YEN } from '../../../preload/contract.ts';
import { readPapers } from '../../support/escpos-emulator.ts';
import { displayColumns } from './fixtures.ts';

const COLUMNS = { 80: 48, 58: 32 } as const;

/** A long day at the largest amounts the contract allows, with names outside CP932 (𠮷, emoji). */
function bigDay(overrides: Partial<TillSessionDetail> = {}): TillReportData {
  return {
    id: '8f0c2a3e-2f6b-4a53-9d1e-0b7b8f3f4c11',
    openedAt: '2026-11-26T23:55:00.000Z', // 08:55 on the 27th in Tokyo
    openedByName: '𠮷田 ひかり',
    closedAt: '2026-11-27T12:30:00.000Z',
    closedByName: 'ヤマダ タロウ（遅番）😀',
    openingFloat: MAX_YEN,
    expected: MAX_YEN,
    counted: MAX_YEN - 1,
    difference: -1,
    approvedByName: '佐藤 店長',
    shopName: 'かいとり屋 渋谷店',
    terminalCode: 'T01',
    terminalName: 'レジ1',
    openingCounts: { '10000': 10_000 },
    closingCounts: { '10000': 9_999, '5000': 1, '2000': 2, '500': 1, '100': 4, '50': 1, '10': 4, '5': 1, '1': 4 },
    payouts: { count: 9_999, amount: MAX_YEN },
    otherMethods: [
      { method: 'bank_transfer', label: '銀行振込', labelEn: 'Bank transfer', count: 120, amount: MAX_YEN },
      { method: 'qr-pay', label: 'QRコード決済（店舗独自の長い名前）', labelEn: 'QR pay', count: 3, amount: 45_600 },
    ],
    payIns: { count: 2, amount: MAX_YEN },
    payOuts: { count: 1, amount: 3_000 },
    exchanges: { count: 1, amount: 10_000 },
    movements: [{ kind: 'pay_out', amount: 3_000, reason: '切手代（郵便局）📮', at: '2026-11-27T03:00:00.000Z', staffName: '𠮷田 ひかり' }],
    checks: [{ at: '2026-11-27T06:00:00.000Z', staffName: '佐藤 店長', expected: MAX_YEN, counted: MAX_YEN, difference: 0 }],
    reprintedAt: null,
    ...overrides,
  };
}

describe('M-07 close report layout', () => {
  for (const paperWidth of [80, 58] as const) {
    it(`M-07 at ${paperWidth} mm no line is wider than the paper and no amount is cut, even at MAX_YEN`, () => {
      const read = readPapers(tillReportLayout(bigDay(), { paperWidth }));
      expect(read.unknownCommands).toEqual([]);
      expect(read.uncut.items).toEqual([]);
      const [paper] = read.papers;
      for (const line of paper!.lines) expect(displayColumns(line), line).toBeLessThanOrEqual(COLUMNS[paperWidth]);
      const text = paper!.text.replace(/ +/g, ' ');
      for (const whole of ['9,999件 ¥100,000,000', '120件 ¥100,000,000', '3件 ¥45,600', '¥99,990,000', '¥99,999,999', '-¥1', '2026/11/27 08:55', '2026/11/27 21:30']) {
        expect(text).toContain(whole);
      }
      expect(text).not.toContain('再発行');
    });
  }

  it('M-07 a reprint is marked 再発行 with its time; an open session says so instead of a close time', () => {
    const [reprint] = readPapers(tillReportLayout(bigDay({ reprintedAt: '2026-11-28T00:10:00.000Z' } as Partial<TillSessionDetail>), { paperWidth: 80 })).papers;
    expect(reprint!.text).toContain('【再発行】2026/11/28 09:10');
    const open = bigDay({ closedAt: null, closedByName: null, counted: null, difference: null, closingCounts: null, approvedByName: null });
    const [paper] = readPapers(tillReportLayout(open, { paperWidth: 58 })).papers;
    expect(paper!.text.replace(/ +/g, ' ')).toContain('締め （未締め）');
    expect(paper!.text).not.toContain('金種別');
  });
});
