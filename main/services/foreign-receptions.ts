/**
 * N-03 with N-02: another PC's receptions live here as ordinary rows (main/sync/store-feed.ts). Editing or settling
 * one needs a live claim this PC holds at HQ, so two PCs never edit one reception at once.
 *
 * How this PC knows it holds a claim: the claims service (reception-claims.ts) records what HQ granted, with its
 * expiry, and forgets what was released or refused; the guard the appraisal and settlement services call reads that
 * record. Nothing is persisted: after a restart the screen claims again before it edits (a claim outlives no process
 * that stopped renewing it anyway).
 */
import type { Db } from '../../db/open.ts';
import { KioskError } from '../errors.ts';

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

/** What the appraisal and settlement services ask before they change a reception. */
export type ReceptionEditGuard = (receptionId: string) => void;

/**
 * Refuses a change to another PC's reception unless this PC holds its claim (RECEPTION_NOT_CLAIMED). This PC's own
 * receptions are never refused here: offline it keeps working on them (D-08).
 */
export function claimGuard(db: Db, held: { holds(receptionId: string): boolean }): ReceptionEditGuard {
  return (receptionId) => {
    if (isForeignReception(db, receptionId) && !held.holds(receptionId)) throw new KioskError('RECEPTION_NOT_CLAIMED');
  };
}
