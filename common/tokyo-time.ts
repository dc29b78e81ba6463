/**
 * The one place that turns UTC instants into Tokyo calendar days and clock times (data is stored in UTC, people read
 * Japan time). Japan has kept UTC+9 without daylight saving time since 1952, so this is arithmetic, not a time-zone
 * database lookup: no Intl.DateTimeFormat is built per call (the ledger calls it per line), and the answer is the
 * same on a counter PC set to any zone. tests/unit/tokyo-time.test.ts checks it against Intl with Asia/Tokyo.
 */
const TOKYO_OFFSET_MS = 9 * 3_600_000;

function shifted(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${String(instant)}`);
  return new Date(ms + TOKYO_OFFSET_MS).toISOString();
}

/** Tokyo calendar date of an instant, `YYYY-MM-DD`. */
export function tokyoDate(instant: Date | string): string {
  return shifted(instant).slice(0, 10);
}

/** Tokyo calendar day as `YYYYMMDD` (reception numbers). */
export function tokyoDay(instant: Date): string {
  const date = tokyoDate(instant);
  return `${date.slice(0, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}

/** `2026/11/27 10:05` in Japan time: receipts, labels and the screens. */
export function formatTokyoDateTime(instant: Date | string): string {
  const iso = shifted(instant);
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 16)}`;
}

/** The UTC instant at which a Tokyo calendar day (`YYYY-MM-DD`) begins. */
export function tokyoDayStartUtc(date: string): string {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not a calendar date: ${date}`);
  return new Date(ms - TOKYO_OFFSET_MS).toISOString();
}

/** A range of whole Tokyo days, from the start of `from` to the start of the day after `to`, in UTC. */
export function tokyoDaysUtc(from: string, to: string): { from: string; to: string } {
  return { from: tokyoDayStartUtc(from), to: new Date(Date.parse(tokyoDayStartUtc(to)) + 86_400_000).toISOString() };
}
