/**
 * N-02, the kiosk side of "one editor at a time": before a clerk appraises or settles a reception another PC created
 * or last edited, the counter PC claims it at HQ; while the screen is open it renews the claim (the same call); when
 * the clerk leaves it releases it. A loser is told which terminal holds the reception.
 *
 * Runs in the sync worker (main/sync/worker.ts), asked by the main process over the worker's channel. Offline there
 * is no claim to be had: `CLAIM_OFFLINE` says so; the claims service then lets this PC's own reception be edited
 * (D-08) and shows another PC's read-only ("offline — cannot claim"). A 401 is never treated as offline.
 */
import { claimResponseSchema } from 'kaitori-sync-protocol';
import type { ClaimResult } from './claim-messages.ts';
import { requestHq } from './hq-request.ts';
import type { SyncConnection } from './sync-client.ts';

export type { ClaimResult } from './claim-messages.ts';

export interface ReceptionClaimClientOptions {
  connection: SyncConnection;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
}

export class ReceptionClaimClient {
  private readonly fetch: typeof fetch;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: ReceptionClaimClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  }

  /** Takes the claim, or renews it when this terminal already holds it. */
  async claim(receptionId: string, receptionNumber: string): Promise<ClaimResult> {
    const answer = await this.call('POST', receptionId, { receptionNumber });
    if (answer === null) return { ok: false, code: 'CLAIM_OFFLINE' };
    if (answer.status === 401) return { ok: false, code: 'CLAIM_UNAUTHORIZED' };
    if (answer.status === 403) return { ok: false, code: 'WRONG_STORE' };
    const parsed = claimResponseSchema.safeParse(answer.body);
    if (parsed.success) {
      const claim = parsed.data;
      return claim.ok
        ? { ok: true, receptionId: claim.receptionId, expiresAt: claim.expiresAt, renewSeconds: claim.renewSeconds }
        : { ok: false, code: 'RECEPTION_CLAIMED', holder: claim.holder };
    }
    if (answer.status === 409 && (answer.body as { code?: unknown }).code === 'RECEPTION_CLOSED') {
      return { ok: false, code: 'RECEPTION_CLOSED' };
    }
    // An answer this kiosk cannot read says nothing about the claim: as good as no answer.
    return { ok: false, code: 'CLAIM_OFFLINE' };
  }

  /** Leaving the screen. Best effort: offline, the claim simply expires at HQ after its TTL. */
  async release(receptionId: string): Promise<void> {
    await this.call('DELETE', receptionId);
  }

  private async call(method: string, receptionId: string, body?: unknown): Promise<{ status: number; body: unknown } | null> {
    const path = `api/v1/receptions/${encodeURIComponent(receptionId)}/claim`;
    const response = await requestHq(this.options.connection, this.fetch, this.requestTimeoutMs, { method, path, body });
    if (!response || response.status >= 500) return null;
    try {
      return { status: response.status, body: JSON.parse(response.text) as unknown };
    } catch {
      return response.status === 401 || response.status === 403 ? { status: response.status, body: {} } : null;
    }
  }
}
