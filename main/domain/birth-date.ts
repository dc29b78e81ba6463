import { tokyoDay } from './reception-number.ts';

/** Today's date in Tokyo as YYYY-MM-DD. */
export function tokyoIsoDate(instant: Date): string {
  const day = tokyoDay(instant);
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
}

/** P-01: a birth date after today (in Tokyo) is a typing mistake, never a seller. */
export function isFutureBirthDate(birthDate: string, now: Date): boolean {
  return birthDate > tokyoIsoDate(now);
}
