import type { Db } from '../../db/open.ts';
import type { ReceptionClaim, ReceptionStatus } from '../../preload/types.ts';
import { isClosed } from '../domain/eligibility.ts';
import { KioskError } from '../errors.ts';
import type { ClaimCall, ClaimResult } from '../sync/claim-messages.ts';

export interface ReceptionClaimsOptions {
  db: Db;
  /** Whether this PC is connected to HQ at all; a single counter (not provisioned) needs no claims. */
  provisioned: () => boolean;
  /**
   * Takes, renews or releases a claim at HQ: the sync worker does it off the main thread (KioskSync.claim), within a
   * bound. Null: HQ could not be reached, or did not answer in time.
   */
  send: (call: ClaimCall) => Promise<ClaimResult | null>;
  /**
   * Whether the reception was taken in at another PC of the store (it came here through the store feed). Such a
   * reception is only ever edited under a live claim: offline it is read-only (CLAIM_OFFLINE).
   */
  isForeignReception?: (receptionId: string) => boolean;
  /**
   * Whether a client (a clerk window) still has a member of staff signed in. A screen cannot release its claim
   * after its clerk signed out or was locked (the release call needs a signed-in clerk), so this service does it.
   */
  signedIn?: (clientId: string) => boolean;
  /**
   * The wall clock (default: the system's), not the kiosk's business clock: HQ's expiry is a wall-clock instant, and
   * both machines keep wall time by NTP; a skew only shortens or lengthens the offline grace by that skew.
   */
  clock?: () => Date;
}

/**
 * N-02, one editor at a time, as the counter sees it. The appraisal screen and the settlement wizard claim the
 * reception when they open and renew it while open (`reception:claim`), release it on leave
 * (`reception:releaseClaim`); settlement takes the claim once more right before it commits, so two PCs can never
 * both settle one reception. The HTTP runs in the sync worker; a hanging HQ costs at most its bound (2 s).
 *
 * Offline (D-08) a PC keeps working on its own receptions: an unreachable HQ does not stop a settlement; HQ refuses it
 * later (RECEPTION_CLAIMED, shown to the manager) only if another PC held the claim meanwhile. Another PC's reception
 * cannot be claimed offline (CLAIM_OFFLINE), so it stays read-only here.
 */
export class ReceptionClaimsService {
  /** The claims this PC holds at HQ: their expiry (ms), what `holds` answers, and the window whose screen holds it. */
  private readonly held = new Map<string, { until: number; clientId: string | null }>();
  private readonly isForeign: (receptionId: string) => boolean;
  private readonly clock: () => Date;

  constructor(private readonly options: ReceptionClaimsOptions) {
    this.isForeign = options.isForeignReception ?? (() => false);
    this.clock = options.clock ?? (() => new Date());
  }

  /** `clientId`: the window whose screen holds the claim, released for it when its clerk signs out or is locked. */
  async claim(receptionId: string, clientId: string | null = null): Promise<ReceptionClaim> {
    const row = this.options.db.prepare('SELECT number, status FROM receptions WHERE id = ?').get(receptionId) as
      | { number: string; status: ReceptionStatus }
      | undefined;
    if (!row) throw new KioskError('RECEPTION_NOT_FOUND');
    // S-13, S-19: nobody edits a settled or cancelled transaction, so there is nothing to claim.
    if (isClosed(row.status)) throw new KioskError('RECEPTION_CLOSED', { params: { status: row.status } });
    const foreign = this.isForeign(receptionId);
    if (!this.options.provisioned()) {
      if (foreign) return this.offlineForeign(receptionId);
      return { receptionId, expiresAt: null, renewSeconds: null, offline: false };
    }
    const result = await this.options.send({ action: 'claim', receptionId, receptionNumber: row.number });
    return this.answer(receptionId, result ?? { ok: false, code: 'CLAIM_OFFLINE' }, foreign, clientId ?? this.held.get(receptionId)?.clientId ?? null);
  }

  /**
   * The claim execute takes right before it commits. A reception already settled or cancelled takes none: execute
   * itself answers it (the same settlement again is a replay of a double tap or a retried call, S-16; another one is
   * ALREADY_SETTLED), so a retry never fails on the claim.
   */
  async claimBeforeSettling(receptionId: string): Promise<void> {
    const row = this.options.db.prepare('SELECT status FROM receptions WHERE id = ?').get(receptionId) as { status: ReceptionStatus } | undefined;
    if (row && isClosed(row.status)) return;
    try {
      await this.claim(receptionId);
    } catch (error) {
      // Execute is an edit: another PC's reception settled without a live claim is refused as any edit is (the guard's
      // RECEPTION_NOT_CLAIMED, which says that offline it is read-only); the screen's claim said CLAIM_OFFLINE already.
      if (error instanceof KioskError && error.code === 'CLAIM_OFFLINE') throw new KioskError('RECEPTION_NOT_CLAIMED');
      throw error;
    }
  }

  async release(receptionId: string): Promise<{ released: true }> {
    this.held.delete(receptionId);
    if (this.options.provisioned()) await this.options.send({ action: 'release', receptionId });
    return { released: true };
  }

  /**
   * Whether this PC holds a live claim on the reception at HQ: the record the edit guard reads (claimGuard in
   * foreign-receptions.ts). Nothing is persisted: after a restart the screen claims again before it edits.
   */
  holds(receptionId: string): boolean {
    return this.heldUntil(receptionId) !== null;
  }

  /** When this PC's live claim on the reception runs out unless renewed, or null when it holds none. */
  heldUntil(receptionId: string): string | null {
    const held = this.held.get(receptionId);
    return held !== undefined && held.until > this.clock().getTime() ? new Date(held.until).toISOString() : null;
  }

  /**
   * Signing out, the auto-lock and the end of the terminal session unmount the screen after its clerk is gone: the
   * claims of windows without a signed-in clerk are released here (best effort, as on leave), so another PC can take
   * the reception at once instead of after the claim's life.
   */
  releaseAbandoned(): void {
    const signedIn = this.options.signedIn;
    if (!signedIn) return;
    for (const [receptionId, held] of [...this.held]) {
      if (held.clientId === null || signedIn(held.clientId)) continue;
      void this.release(receptionId).catch(() => {});
    }
  }

  private answer(receptionId: string, result: ClaimResult, foreign: boolean, clientId: string | null): ReceptionClaim {
    if (result.ok) {
      this.held.set(receptionId, { until: Date.parse(result.expiresAt), clientId });
      return { receptionId, expiresAt: result.expiresAt, renewSeconds: result.renewSeconds, offline: false };
    }
    // HQ out of reach says nothing about the claim: one granted before the outage still holds until it runs out.
    if (result.code !== 'CLAIM_OFFLINE') this.held.delete(receptionId);
    switch (result.code) {
      case 'RECEPTION_CLAIMED':
        throw new KioskError('RECEPTION_CLAIMED', {
          params: { terminal: result.holder.terminalCode, expiresAt: result.holder.expiresAt },
        });
      case 'CLAIM_OFFLINE':
        // D-08: this PC's own reception stays editable offline; another PC's cannot be claimed, so it is read-only.
        if (foreign) return this.offlineForeign(receptionId);
        return { receptionId, expiresAt: null, renewSeconds: null, offline: true };
      case 'RECEPTION_CLOSED':
        throw new KioskError('RECEPTION_CLOSED_AT_HQ');
      default:
        throw new KioskError('CLAIM_REFUSED');
    }
  }

  /**
   * Another PC's reception with HQ out of reach: editable only while a claim HQ granted before the outage lasts (no
   * other PC can hold it meanwhile), then read-only until HQ answers again (CLAIM_OFFLINE, "offline — cannot claim").
   */
  private offlineForeign(receptionId: string): ReceptionClaim {
    const until = this.heldUntil(receptionId);
    if (until === null) throw new KioskError('CLAIM_OFFLINE');
    return { receptionId, expiresAt: until, renewSeconds: null, offline: true };
  }
}
