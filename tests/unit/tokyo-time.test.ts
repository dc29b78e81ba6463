import { describe, expect, it } from 'vitest';
import { formatTokyoDateTime, tokyoDate, tokyoDay, tokyoDaysUtc, tokyoDayStartUtc } from '../../common/tokyo-time.ts';

const intlDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
const intlTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

describe('one Tokyo-date helper (UTC stored, Asia/Tokyo shown)', () => {
  it('agrees with Intl Asia/Tokyo across day, month, year and leap-day boundaries', () => {
    const instants = [
      '2026-11-27T14:59:59.999Z',
      '2026-11-27T15:00:00.000Z',
      '2026-12-31T15:00:00.000Z',
      '2028-02-28T15:00:00.000Z',
      '2028-02-29T14:59:00.000Z',
      '2000-01-01T00:00:00.000Z',
    ];
    for (let t = Date.UTC(2021, 0, 1); t < Date.UTC(2027, 0, 1); t += 79_191_131) instants.push(new Date(t).toISOString());
    for (const iso of instants) {
      expect(tokyoDate(new Date(iso))).toBe(intlDate.format(new Date(iso)));
      expect(formatTokyoDateTime(iso)).toBe(intlTime.format(new Date(iso)));
    }
  });

  it('P-01 the reception-number day turns at 15:00 UTC (midnight in Tokyo)', () => {
    expect(tokyoDay(new Date('2026-11-27T14:59:59Z'))).toBe('20261127');
    expect(tokyoDay(new Date('2026-11-27T15:00:00Z'))).toBe('20261128');
  });

  it('B-02 a range of Tokyo days is the UTC half-open interval the ledger and lists filter on', () => {
    expect(tokyoDayStartUtc('2026-11-27')).toBe('2026-11-26T15:00:00.000Z');
    expect(tokyoDaysUtc('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-31T15:00:00.000Z', to: '2026-11-30T15:00:00.000Z' });
  });

  it('refuses what is not a date rather than printing "Invalid Date"', () => {
    expect(() => tokyoDate(new Date('nope'))).toThrow(RangeError);
    expect(() => tokyoDayStartUtc('2026-13-45')).toThrow(RangeError);
  });
});
