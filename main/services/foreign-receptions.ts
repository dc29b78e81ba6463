/**
 * N-03 with N-02: another PC's receptions live here as ordinary rows (main/sync/store-feed.ts). Editing or settling
 * one needs a live claim this PC holds at HQ, so two PCs never edit one reception at once.
 *
 * How this PC knows it holds a claim: every answer of the claims service passes through ClaimTrackingService (the
 * claims service with one hook: it records what HQ granted, with its expiry, and forgets what was released). The
 * guard the appraisal and settlement services call reads that record. Nothing is persisted: after a restart the
 * screen claims again before it edits (a claim outlives no process that stopped renewing it anyway).
 */
import type { Db } from '../../db/open.ts';
import type { ReceptionClaim } from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import { ReceptionClaimsService } from './reception-claims.ts';

/**
 * A reception taken at another PC (its terminal is known here only from the store feed), or whose newest change came
 * from another PC. This is the predicate the claims service takes as `isForeignReception`.
 */
export function isForeignReception(db: Db, receptionId: string): boolean {
  const row = db
    .prepare(
      `SELECT t.remote AS remote_origin,
              r.changed_by_terminal IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM terminals own WHERE own.code = r.changed_by_terminal AND own.remote = 0) AS changed_elsewhere
         FROM receptions r JOIN terminals t ON t.id = r.terminal_id WHERE r.id = ?`,
    )
    .get(receptionId) as { remote_origin: number; changed_elsewhere: number } | undefined;
  return row !== undefined && (row.remote_origin === 1 || row.changed_elsewhere === 1);
}

/** The claims HQ granted this PC and when each runs out unless renewed. */
export class HeldClaims {
  private readonly held = new Map<string, number>();

  /**
   * `now` is the wall clock (ms), not the kiosk's business clock: HQ's expiry is a wall-clock instant, and both
   * machines keep wall time by NTP; a skew between them only shortens or lengthens the offline grace by that skew.
   */
  constructor(private readonly now: () => number = Date.now) {}

  record(claim: ReceptionClaim): void {
    // `expiresAt: null` is "no claim needed" (not connected to HQ, or HQ unreachable): it holds nothing.
    if (claim.expiresAt === null) this.held.delete(claim.receptionId);
    else this.held.set(claim.receptionId, Date.parse(claim.expiresAt));
  }

  forget(receptionId: string): void {
    this.held.delete(receptionId);
  }

  holds(receptionId: string): boolean {
    return this.expiresAt(receptionId) !== null;
  }

  /** When the live claim on it runs out, or null when this PC holds none (or it ran out). */
  expiresAt(receptionId: string): string | null {
    const until = this.held.get(receptionId);
    return until !== undefined && until > this.now() ? new Date(until).toISOString() : null;
  }
}

/** What the appraisal and settlement services ask before they change a reception. */
export type ReceptionEditGuard = (receptionId: string) => void;

/**
 * Refuses a change to another PC's reception unless this PC holds its claim (RECEPTION_NOT_CLAIMED). This PC's own
 * receptions are never refused here: offline it keeps working on them (D-08).
 */
export function claimGuard(db: Db, held: HeldClaims): ReceptionEditGuard {
  return (receptionId) => {
    if (isForeignReception(db, receptionId) && !held.holds(receptionId)) throw new KioskError('RECEPTION_NOT_CLAIMED');
  };
}

/** The claims service, recording each claim HQ grants and each release (the hook HeldClaims reads). */
export class ClaimTrackingService extends ReceptionClaimsService {
  private readonly db: Db;

  constructor(
    options: ConstructorParameters<typeof ReceptionClaimsService>[0],
    private readonly held: HeldClaims,
  ) {
    super(options);
    this.db = options.db;
  }

  override async claim(receptionId: string): Promise<ReceptionClaim> {
    try {
      const claim = await super.claim(receptionId);
      if (claim.expiresAt === null && isForeignReception(this.db, receptionId)) {
        // "No claim needed" (HQ unreachable or not connected) holds for this PC's own receptions only. Another PC's
        // stays editable here only while the claim HQ granted before the outage lasts (no other PC can hold it
        // meanwhile); after that it is read-only until HQ answers again (issue 19, "offline — cannot claim").
        const until = this.held.expiresAt(receptionId);
        if (until === null) throw new KioskError('RECEPTION_NOT_CLAIMED');
        return { receptionId, expiresAt: until, renewSeconds: null };
      }
      this.held.record(claim);
      return claim;
    } catch (error) {
      // Refused (another PC holds it, or it closed elsewhere): whatever this PC held is gone.
      this.held.forget(receptionId);
      throw error;
    }
  }

  override async release(receptionId: string): Promise<{ released: true }> {
    this.held.forget(receptionId);
    return super.release(receptionId);
  }
}
