// Whether a settlement is under way, for the updater's gate (D-09). No electron import.
import type { Db } from '../../db/open.ts';

/**
 * A settlement wizard keeps its draft in settlement_drafts until execute or cancel deletes it (B-06). A draft touched
 * in the last `windowMs` means a clerk is in the middle of one; an older draft is a wizard abandoned at some point
 * and must not hold updates back forever. If the question cannot be answered, assume a settlement is running:
 * delaying an update is harmless, restarting under a clerk's hands is not.
 */
export function isSettlementInProgress(db: Db, now: Date, windowMs = 30 * 60_000): boolean {
  try {
    const since = new Date(now.getTime() - windowMs).toISOString();
    const row = db.prepare('SELECT EXISTS (SELECT 1 FROM settlement_drafts WHERE updated_at >= ?) AS busy').get(since) as
      | { busy: number }
      | undefined;
    return row?.busy === 1;
  } catch {
    return true;
  }
}
