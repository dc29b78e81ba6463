import { useEffect } from 'react';
import { useReportActivityMutation } from '../../kiosk-api.ts';

/** At most one report per this many milliseconds, however fast the clerk types. */
const REPORT_EVERY_MS = 2_000;

/**
 * P-05: the counter locks after a few idle minutes so a customer never finds a clerk's session open. The one idle
 * clock is the main process's: this only tells it that a person is using the screen (keys, pointer, touch),
 * throttled. Screens that poll do not count, and the main process pushes the lock when it comes.
 */
export function useActivityReport(active: boolean): void {
  const [report] = useReportActivityMutation();
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const seen = () => {
      const now = Date.now();
      if (now - last < REPORT_EVERY_MS) return;
      last = now;
      void report({});
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
    for (const event of events) window.addEventListener(event, seen, { passive: true, capture: true });
    return () => {
      for (const event of events) window.removeEventListener(event, seen, { capture: true });
    };
  }, [active, report]);
}
