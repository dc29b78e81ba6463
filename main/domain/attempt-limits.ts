/**
 * Issue 13 §6: how long a sign-in must wait after failures. The first few mistakes cost nothing (people mistype);
 * after that each failure doubles the wait, up to a cap, so guessing a terminal password by trying thousands of them
 * takes days instead of minutes, while the right password still works once the wait is over.
 */
export const TERMINAL_FREE_FAILURES = 4;
export const TERMINAL_MAX_WAIT_MS = 15 * 60_000;

/** The wait that starts after the `failures`-th failure in a row (1-based). */
export function terminalSignInWaitMs(failures: number): number {
  if (failures <= TERMINAL_FREE_FAILURES) return 0;
  return Math.min(TERMINAL_MAX_WAIT_MS, 1_000 * 2 ** Math.min(failures - TERMINAL_FREE_FAILURES - 1, 20));
}

/**
 * P-05, issue 13 §6: a manager's PIN typed into the approval dialog at a clerk's counter. Wrong PINs there never count
 * towards the manager's own sign-in lockout (a clerk could lock the manager out), they count against the clerk asking:
 * a few tries, then a pause that doubles each time the limit is hit again.
 */
export const APPROVAL_ATTEMPTS = 3;
export const APPROVAL_FIRST_PAUSE_MS = 5 * 60_000;
export const APPROVAL_MAX_PAUSE_MS = 4 * 60 * 60_000;

export function approvalPauseMs(timesLimitHit: number): number {
  if (timesLimitHit <= 0) return 0;
  return Math.min(APPROVAL_MAX_PAUSE_MS, APPROVAL_FIRST_PAUSE_MS * 2 ** Math.min(timesLimitHit - 1, 20));
}
