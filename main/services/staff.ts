import type { Role, StaffMember } from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { hashSecret } from './passwords.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

interface StaffRow {
  id: string;
  code: string;
  name: string;
  role: Role;
  active: number;
  locked_until: string | null;
  owner: 'hq' | 'store';
}

/**
 * P-05: a manager keeps the store's staff accounts — adds a clerk, resets a forgotten PIN, unlocks a locked code,
 * deactivates someone who left. Accounts are never deleted: the audit log and the ledger name them.
 */
export class StaffService {
  constructor(private readonly deps: ServiceDeps) {}

  list(storeId: string): StaffMember[] {
    const now = this.deps.clock().toISOString();
    const rows = this.deps.db
      // N-03: another PC's staff, known here only as the taker of a reception from the store feed, is not this PC's.
      .prepare('SELECT id, code, name, role, active, locked_until, owner FROM staff WHERE store_id = ? AND remote = 0 ORDER BY active DESC, code')
      .all(storeId) as StaffRow[];
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, role: r.role, active: r.active === 1, locked: r.locked_until !== null && r.locked_until > now, owner: r.owner }));
  }

  add(actor: Actor, input: { code: string; name: string; role: Role; pin: string }): StaffMember[] {
    const { db } = this.deps;
    if (db.prepare('SELECT 1 FROM staff WHERE code = ?').get(input.code)) {
      throw new KioskError('INVALID_INPUT', { fields: { code: 'validation.staffCodeTaken' } });
    }
    const id = this.deps.newId();
    this.change(actor, 'staff.add', id, { role: input.role }, () => {
      db.prepare('INSERT INTO staff (id, store_id, code, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        id,
        actor.terminal.storeId,
        input.code,
        input.name,
        input.role,
        hashSecret(input.pin),
        this.deps.clock().toISOString(),
      );
    });
    return this.list(actor.terminal.storeId);
  }

  /** A new PIN also clears a lockout: the manager has just verified the person at the counter. */
  resetPin(actor: Actor, staffId: string, pin: string): StaffMember[] {
    const pinHash = hashSecret(pin);
    this.change(actor, 'staff.reset_pin', staffId, {}, () => {
      this.refuseHqOwned(staffId);
      this.update('UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ? AND store_id = ?', pinHash, staffId, actor.terminal.storeId);
    });
    return this.list(actor.terminal.storeId);
  }

  setActive(actor: Actor, staffId: string, active: boolean): StaffMember[] {
    if (!active && staffId === actor.staff.id) throw new KioskError('CANNOT_DEACTIVATE_SELF');
    this.change(actor, active ? 'staff.activate' : 'staff.deactivate', staffId, {}, () => {
      this.refuseHqOwned(staffId);
      this.update('UPDATE staff SET active = ? WHERE id = ? AND store_id = ?', active ? 1 : 0, staffId, actor.terminal.storeId);
    });
    return this.list(actor.terminal.storeId);
  }

  /**
   * lifts a PIN lockout without touching the PIN — the one change a store may make to a member HQ publishes
   * (the lock is this counter's state, the PIN is HQ's); the manager has just verified the person at the counter.
   */
  unlock(actor: Actor, staffId: string): StaffMember[] {
    this.change(actor, 'staff.unlock', staffId, {}, () =>
      this.update('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ? AND store_id = ? AND remote = 0', staffId, actor.terminal.storeId),
    );
    return this.list(actor.terminal.storeId);
  }

  /** staff HQ published are kept at HQ (PIN, active); a store can change only its own accounts. In the write. */
  private refuseHqOwned(staffId: string): void {
    const row = this.deps.db.prepare('SELECT owner FROM staff WHERE id = ?').get(staffId) as { owner: string } | undefined;
    if (row?.owner === 'hq') throw new KioskError('MASTER_DATA_HQ_OWNED', { message: 'errors.MASTER_DATA_HQ_OWNED_staff' });
  }

  private update(sql: string, ...params: unknown[]): void {
    if (this.deps.db.prepare(sql).run(...params).changes === 0) throw new KioskError('STAFF_NOT_FOUND');
  }

  private change(actor: Actor, action: string, staffId: string, detail: Record<string, unknown>, apply: () => void): void {
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      apply();
      appendAudit(db, at, this.deps.newId, { staffId: actor.staff.id, terminalId: actor.terminal.id, action, entity: 'staff', entityId: staffId, detail });
    });
  }
}
