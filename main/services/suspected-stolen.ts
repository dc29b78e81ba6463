import type { Reception } from '../../preload/types.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import type { ReceptionsService } from './receptions.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

/**
 * kobutsu.md §8 (法15条3項): any member of staff can flag a transaction as suspected stolen goods, which makes it
 * unsettleable (settlementEligibility) and shows in the reception list; only a manager can lift the flag (declared
 * on the contract's channel, V-03). Every change is audited; the clerk's note stays in suspected_stolen_flags, out of
 * the audit log.
 */
export function flagSuspectedStolen(
  deps: ServiceDeps,
  receptions: ReceptionsService,
  actor: Actor,
  change: { receptionId: string; flagged: boolean; note: string },
): Reception {
  const { db } = deps;
  const at = nowIso(deps);
  writeTransaction(db, () => {
    const row = receptions.lockForChange(change.receptionId);
    const flagged = change.flagged ? 1 : 0;
    if (row.suspected_stolen === flagged) return;
    db.prepare('UPDATE receptions SET suspected_stolen = ?, version = version + 1, updated_at = ? WHERE id = ?').run(flagged, at, row.id);
    db.prepare(
      'INSERT INTO suspected_stolen_flags (id, reception_id, flagged, note, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(deps.newId(), row.id, flagged, change.note, actor.staff.id, at);
    appendAudit(db, at, deps.newId, {
      staffId: actor.staff.id,
      terminalId: actor.terminal.id,
      action: change.flagged ? 'reception.flag_suspected_stolen' : 'reception.unflag_suspected_stolen',
      entity: 'reception',
      entityId: row.id,
      detail: { flagged: change.flagged, from: row.status },
    });
  });
  return receptions.get(change.receptionId);
}
