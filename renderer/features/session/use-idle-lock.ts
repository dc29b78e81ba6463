import { useEffect } from 'react';
import { useStaffSignOutMutation } from '../../kiosk-api.ts';

/**
 * P-05: after a few idle minutes the counter returns to the sign-in screen, so a customer never finds a clerk's
 * session open. The main process enforces the same limit on every call; a wizard draft survives (it lives there).
 */
export function useIdleLock(active: boolean, minutes = 5) {
  // The setting is read after sign-in; until then the default applies.
  const [signOut] = useStaffSignOutMutation();
  useEffect(() => {
    if (!active) return;
    let timer = window.setTimeout(() => void signOut({}), minutes * 60_000);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void signOut({}), minutes * 60_000);
    };
    const events = ['pointerdown', 'keydown', 'touchstart'] as const;
    for (const event of events) window.addEventListener(event, reset, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const event of events) window.removeEventListener(event, reset);
    };
  }, [active, minutes, signOut]);
}
