import type { ClaimHolder } from 'kaitori-sync-protocol';

/**
 * N-02: a reception's claim as the sync worker and the main process pass it over the worker's message channel: what
 * main asks for (take or renew, release) and what HQ answered to a claim.
 */
export type ClaimCall =
  | { action: 'claim'; receptionId: string; receptionNumber: string }
  | { action: 'release'; receptionId: string };

export type ClaimResult =
  | { ok: true; receptionId: string; expiresAt: string; renewSeconds: number }
  | { ok: false; code: 'RECEPTION_CLAIMED'; holder: ClaimHolder }
  | { ok: false; code: 'RECEPTION_CLOSED' | 'WRONG_STORE' | 'CLAIM_UNAUTHORIZED' | 'CLAIM_OFFLINE' };
