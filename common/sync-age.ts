/**
 * D-08: how old the oldest settlement HQ has not heard of is, and when that age becomes a warning. The worker computes
 * it for each status it reports; the renderer recomputes it every few seconds, so the badge ticks while offline or
 * before HQ is set up, when no new status arrives.
 */
export const OLDEST_WARNING_MINUTES = 24 * 60;

/** Whole minutes since `oldestIso` (never negative), or null when nothing waits. */
export function unsentAgeMinutes(oldestIso: string | null, now: Date): number | null {
  if (oldestIso === null) return null;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(oldestIso)) / 60_000));
}

export function isSyncWarning(
  status: { dead: number; chainDivergence: unknown; oldestUnsentAt: string | null },
  now: Date,
): boolean {
  const age = unsentAgeMinutes(status.oldestUnsentAt, now);
  return status.dead > 0 || Boolean(status.chainDivergence) || (age !== null && age > OLDEST_WARNING_MINUTES);
}
