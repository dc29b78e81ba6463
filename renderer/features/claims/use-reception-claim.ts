import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskErrorInfo, ReceptionClaim } from '../../../preload/types.ts';
import { call } from '../../api.ts';

/**
 * What the open screen may do with the reception, as its claim at HQ decides (N-02):
 * - `checking`: the first claim is on its way. The screen stays usable meanwhile (a single counter's answer is
 *   instant, a hung HQ's takes up to 2 s): nothing reaches the database without the main process's own checks, and
 *   execute claims again before it commits;
 * - `editable`: this PC holds the claim, or needs none (a single counter; offline with its own reception, D-08);
 * - `heldElsewhere`: another terminal holds it until `expiresAt`;
 * - `offline`: another PC's reception and HQ unreachable: it cannot be claimed, so it is read-only;
 * - `refused`: HQ says it is closed there, or refuses this terminal (the error says which).
 */
export type ClaimView =
  | { state: 'checking' }
  | { state: 'editable' }
  | { state: 'heldElsewhere'; terminal: string; expiresAt: string }
  | { state: 'offline' }
  | { state: 'refused'; error: KioskErrorInfo };

/** How often a screen without a claim quietly tries again (offline, or HQ refusing for a reason that may pass). */
const QUIET_RETRY_MS = 15_000;
/** After the holder's claim expires, a moment for HQ's clock and ours to agree before trying. */
const EXPIRY_GRACE_MS = 1_000;

/**
 * N-02, one editor at a time: the screen that opens a reception for editing (appraisal, settlement) claims it at HQ,
 * renews it every `renewSeconds` while open, and releases it when it goes away (leaving the screen, signing out,
 * the auto-lock: they all unmount it). A reload claims again: HQ renews the same terminal's claim. A renewal that finds
 * another PC holding it (this PC was away longer than the claim's life) turns the screen read-only at once.
 * `retry` is the banner's 再試行; a quiet retry also runs when the holder's claim expires.
 */
export function useReceptionClaim(receptionId: string | null): { view: ClaimView; retry: () => void } {
  const [view, setView] = useState<ClaimView>({ state: 'checking' });
  const attempt = useRef<() => void>(() => {});

  useEffect(() => {
    if (!receptionId) {
      setView({ state: 'editable' });
      return;
    }
    let disposed = false;
    let held = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => attempt.current(), Math.max(ms, 0));
    };
    const claim = async () => {
      clearTimeout(timer);
      const result = await call('reception:claim', { receptionId });
      if (disposed) {
        // Answered after the screen went away: let go of what was just taken.
        if (result.ok && result.value.expiresAt) void call('reception:releaseClaim', { receptionId });
        return;
      }
      if (result.ok) {
        held = result.value.expiresAt !== null;
        setView({ state: 'editable' });
        const next = nextAttemptMs(result.value);
        if (next !== null) later(next);
        return;
      }
      held = false;
      const { code, params } = result.error;
      if (code === 'RECEPTION_CLAIMED' && typeof params?.terminal === 'string' && typeof params.expiresAt === 'string') {
        setView({ state: 'heldElsewhere', terminal: params.terminal, expiresAt: params.expiresAt });
        later(Date.parse(params.expiresAt) - Date.now() + EXPIRY_GRACE_MS);
      } else if (code === 'CLAIM_OFFLINE') {
        setView({ state: 'offline' });
        later(QUIET_RETRY_MS);
      } else if (code === 'RECEPTION_CLOSED' || code === 'RECEPTION_NOT_FOUND') {
        // Settled or cancelled here, or gone: the screen shows that itself and offers no editing.
        setView({ state: 'editable' });
      } else {
        setView({ state: 'refused', error: result.error });
        later(QUIET_RETRY_MS);
      }
    };
    attempt.current = () => void claim();
    setView({ state: 'checking' });
    void claim();
    return () => {
      disposed = true;
      clearTimeout(timer);
      attempt.current = () => {};
      if (held) void call('reception:releaseClaim', { receptionId });
    };
  }, [receptionId]);

  const retry = useCallback(() => attempt.current(), []);
  return { view, retry };
}

/** When to claim again: to renew a held claim, or quietly while HQ is out of reach; never for a single counter. */
function nextAttemptMs(claim: ReceptionClaim): number | null {
  if (claim.expiresAt && claim.renewSeconds) return claim.renewSeconds * 1_000;
  return claim.offline ? QUIET_RETRY_MS : null;
}

/** Whether the clerk may change the reception on this screen now. */
export function claimAllowsEditing(view: ClaimView): boolean {
  return view.state === 'editable' || view.state === 'checking';
}
