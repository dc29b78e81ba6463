/**
 * The business date (YYYY-MM-DD) an instant belongs to in Asia/Tokyo, as HQ files settlements by it. Japan keeps no
 * daylight saving time, so Tokyo is always UTC+9 and no time-zone database is needed.
 */
export function tokyoBusinessDate(isoInstant: string): string {
  return new Date(Date.parse(isoInstant) + 9 * 3_600_000).toISOString().slice(0, 10);
}
