import type { AccessRole } from '../../preload/contract.ts';
import type { Role, SessionNotice, SessionState, StaffInfo, TerminalInfo } from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import { appendAudit } from './audit.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import { APPROVAL_ATTEMPTS, approvalPauseMs, terminalSignInWaitMs } from '../domain/attempt-limits.ts';
import { verifySecret } from './passwords.ts';
import { readSetting } from './settings.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { cachedStatement } from '../../db/statements.ts';

interface StaffSession {
  staff: StaffInfo;
  lastActivity: number;
}

/** Who is acting: the device's terminal account and the signed-in member of staff (P-05). */
export interface Actor {
  terminal: TerminalInfo;
  staff: StaffInfo;
}

interface StaffRow {
  id: string;
  code: string;
  name: string;
  role: Role;
  pin_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
}

export type TerminalLeaseRefusal =
  | 'TERMINAL_IN_USE'
  | 'TERMINAL_MISMATCH'
  | 'LEASE_OFFLINE_NO_RECENT_LEASE'
  | 'LEASE_UNAUTHORIZED';
export type TerminalLeaseOutcome = { ok: true } | { ok: false; code: TerminalLeaseRefusal };

/**
 * S-02's single login for a terminal account, across devices: the HQ lease where HQ is provisioned
 * (main/sync/terminal-lease.ts). Injected, so accounts never talk to the network themselves.
 */
export interface TerminalLeasePort {
  /**
   * Takes the lease and keeps it alive; onLost is called if HQ later says another device has it. `resume` is for a
   * session already open: while HQ cannot be reached it stays open and the lease is taken once HQ answers.
   */
  acquire(terminalCode: string, onLost: () => void, mode?: 'sign-in' | 'resume'): Promise<TerminalLeaseOutcome>;
  /** Gives the lease back (signing out). Best effort. */
  release(): Promise<void>;
}

/** Without HQ: nothing to ask; the single-instance lock keeps one kiosk process on the PC. */
export const localTerminalLease: TerminalLeasePort = {
  acquire: async () => ({ ok: true }),
  release: async () => {},
};

function leaseRefused(code: TerminalLeaseRefusal): KioskError {
  switch (code) {
    case 'TERMINAL_IN_USE':
      return new KioskError('TERMINAL_IN_USE');
    case 'TERMINAL_MISMATCH':
      return new KioskError('TERMINAL_MISMATCH');
    case 'LEASE_OFFLINE_NO_RECENT_LEASE':
      return new KioskError('LEASE_OFFLINE_NO_RECENT_LEASE');
    case 'LEASE_UNAUTHORIZED':
      return new KioskError('LEASE_UNAUTHORIZED');
  }
}

/**
 * Accounts (S-01, S-02, P-05). The terminal account is the device's identity: one open terminal session per
 * database, i.e. per counter PC (the single-instance lock keeps one process on it; the HQ lease keeps the account
 * on one PC). Staff sign in on top of it, per renderer client; several staff may be signed in at once.
 */
export class AccountsService {
  private readonly staffSessions = new Map<string, StaffSession>();
  /** Issue 13 §6: wrong manager PINs typed into the approval dialog, per clerk asking. In memory: a restart needs a manager. */
  private readonly approvalLimits = new Map<string, { failures: number; timesHit: number; pausedUntil: number }>();
  /** Why the terminal session ended without anyone signing out, for the sign-in screen (S-02). */
  private terminalNotice: SessionNotice | null = null;
  /** Clients whose staff session the idle clock ended, for the sign-in screen (P-05). */
  private readonly idleLocked = new Set<string>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly lease: TerminalLeasePort = localTerminalLease,
  ) {}

  currentTerminal(): TerminalInfo | null {
    const row = this.deps.db
      .prepare(
        `SELECT t.id, t.code, t.name, t.number, s.id AS storeId, s.code AS storeCode, s.name AS storeName
           FROM terminal_sessions ts
           JOIN terminals t ON t.id = ts.terminal_id
           JOIN stores s ON s.id = t.store_id
          WHERE ts.ended_at IS NULL
          ORDER BY ts.started_at DESC LIMIT 1`,
      )
      .get() as TerminalInfo | undefined;
    return row ?? null;
  }

  /**
   * V-03: what this client holds, for the dispatcher and the event filter. Never counts as activity: an event pushed
   * to a screen, or a refused call, must not keep an idle session open.
   */
  heldRole(clientId: string): AccessRole {
    if (!this.currentTerminal()) return 'none';
    const session = this.liveStaffSession(clientId);
    if (!session) return 'terminal';
    return session.staff.role === 'manager' ? 'manager' : 'staff';
  }

  state(clientId: string): SessionState {
    const terminal = this.currentTerminal();
    const session = terminal ? this.liveStaffSession(clientId) : null;
    const notice = !terminal ? this.terminalNotice : !session && this.idleLocked.has(clientId) ? ({ reason: 'idle' } as const) : null;
    return { terminal, staff: session?.staff ?? null, notice };
  }

  /**
   * S-01; S-02: where HQ is provisioned the password alone is not enough, the device must also get the lease.
   * Issue 13 §6: failures in a row per terminal code make the next try wait (terminalSignInWaitMs); a try during the
   * wait is refused without looking at the password, and every failure is audited.
   */
  async signInTerminal(code: string, password: string): Promise<TerminalInfo> {
    const { db } = this.deps;
    const now = this.deps.clock();
    const throttle = db.prepare('SELECT failures, blocked_until FROM terminal_sign_in_failures WHERE code = ?').get(code) as
      | { failures: number; blocked_until: string | null }
      | undefined;
    if (throttle?.blocked_until && Date.parse(throttle.blocked_until) > now.getTime()) {
      throw new KioskError('TERMINAL_SIGN_IN_WAIT', { params: { seconds: Math.ceil((Date.parse(throttle.blocked_until) - now.getTime()) / 1000) } });
    }
    const row = db.prepare('SELECT id, password_hash FROM terminals WHERE code = ?').get(code) as
      | { id: string; password_hash: string }
      | undefined;
    if (!row || !verifySecret(password, row.password_hash)) {
      const failures = (throttle?.failures ?? 0) + 1;
      const waitMs = terminalSignInWaitMs(failures);
      const at = now.toISOString();
      writeTransaction(db, () => {
        db.prepare(
          `INSERT INTO terminal_sign_in_failures (code, failures, last_failure_at, blocked_until) VALUES (?, ?, ?, ?)
           ON CONFLICT (code) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
             blocked_until = excluded.blocked_until`,
        ).run(code, failures, at, waitMs > 0 ? new Date(now.getTime() + waitMs).toISOString() : null);
        appendAudit(db, at, this.deps.newId, {
          staffId: null,
          terminalId: row?.id ?? null,
          action: 'terminal.sign_in_failed',
          entity: 'terminal',
          // The code as typed when it names no terminal: it is a device account name, not personal data.
          entityId: row?.id ?? code,
          detail: { failures, waitSeconds: Math.ceil(waitMs / 1000), knownCode: row !== undefined },
        });
      });
      if (waitMs > 0) throw new KioskError('TERMINAL_SIGN_IN_WAIT', { params: { seconds: Math.ceil(waitMs / 1000) } });
      throw new KioskError('TERMINAL_SIGN_IN_FAILED');
    }
    if (throttle) writeTransaction(db, () => db.prepare('DELETE FROM terminal_sign_in_failures WHERE code = ?').run(code));
    const outcome = await this.lease.acquire(code, () => this.endTerminalSession('terminal.lease_lost', 'TERMINAL_IN_USE'));
    if (!outcome.ok) {
      appendAudit(db, nowIso(this.deps), this.deps.newId, {
        staffId: null,
        terminalId: row.id,
        action: 'terminal.sign_in_refused',
        entity: 'terminal',
        entityId: row.id,
        detail: { code: outcome.code },
      });
      throw leaseRefused(outcome.code);
    }
    const at = nowIso(this.deps);
    try {
      writeTransaction(db, () => {
        db.prepare('UPDATE terminal_sessions SET ended_at = ? WHERE ended_at IS NULL').run(at);
        db.prepare('INSERT INTO terminal_sessions (id, terminal_id, started_at) VALUES (?, ?, ?)').run(this.deps.newId(), row.id, at);
        appendAudit(db, at, this.deps.newId, { staffId: null, terminalId: row.id, action: 'terminal.sign_in', entity: 'terminal', entityId: row.id });
      });
    } catch (error) {
      await this.lease.release();
      throw error;
    }
    this.staffSessions.clear();
    this.idleLocked.clear();
    this.terminalNotice = null;
    return this.currentTerminal()!;
  }

  /**
   * S-02 for a terminal session already open: after a restart, or when IT provisions HQ while signed in. The device
   * takes (or re-takes) the lease; refused by HQ, the session ends as if HQ had taken it away. HQ unreachable, the
   * session stays (it was opened legitimately) and the lease is taken at the first heartbeat that gets through.
   */
  async resumeLease(): Promise<void> {
    const terminal = this.currentTerminal();
    if (!terminal) return;
    const onLost = () => this.endTerminalSession('terminal.lease_lost');
    const outcome = await this.lease.acquire(terminal.code, onLost, 'resume');
    if (!outcome.ok && this.currentTerminal()?.id === terminal.id) this.endTerminalSession('terminal.lease_refused', outcome.code);
  }

  /** HQ unprovisioned: the lease goes back to HQ; the terminal stays signed in under the local rule. */
  async releaseLease(): Promise<void> {
    await this.lease.release();
  }

  /** S-02: a manager ends the terminal session (the contract declares the manager role; dispatch checked it). */
  async signOutTerminal(actor: Actor): Promise<void> {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      db.prepare('UPDATE terminal_sessions SET ended_at = ? WHERE ended_at IS NULL').run(at);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'terminal.sign_out',
        entity: 'terminal',
        entityId: actor.terminal.id,
      });
    });
    this.staffSessions.clear();
    this.idleLocked.clear();
    this.terminalNotice = null;
    await this.lease.release();
    this.deps.events.emit('session:changed', { terminal: null, staff: null, notice: null });
  }

  /**
   * The terminal session ends without anyone signing out (the HQ lease is gone, or HQ refused it when a manager
   * provisioned HQ); every screen returns to sign-in and says why.
   */
  private endTerminalSession(action: 'terminal.lease_lost' | 'terminal.lease_refused', code: TerminalLeaseRefusal = 'TERMINAL_IN_USE'): void {
    const terminal = this.currentTerminal();
    if (!terminal) return;
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      db.prepare('UPDATE terminal_sessions SET ended_at = ? WHERE ended_at IS NULL').run(at);
      appendAudit(db, at, this.deps.newId, { staffId: null, terminalId: terminal.id, action, entity: 'terminal', entityId: terminal.id, detail: { code } });
    });
    this.staffSessions.clear();
    this.terminalNotice = { reason: action === 'terminal.lease_lost' ? 'lease_lost' : 'lease_refused', code };
    this.deps.events.emit('session:changed', { terminal: null, staff: null, notice: this.terminalNotice });
  }

  signInStaff(clientId: string, code: string, pin: string): StaffInfo {
    const staff = this.checkPin(code, pin, 'staff.sign_in');
    this.staffSessions.set(clientId, { staff, lastActivity: this.deps.clock().getTime() });
    this.idleLocked.delete(clientId);
    return staff;
  }

  /**
   * P-05: the one idle clock. The renderer reports that a person used the screen (keys, pointer, touch; throttled);
   * nothing else counts — a screen polling the printer queue or the sync status never keeps a session open.
   */
  reportActivity(clientId: string): void {
    const session = this.liveStaffSession(clientId);
    if (session) session.lastActivity = this.deps.clock().getTime();
  }

  /** Ends the staff sessions idle too long and tells their screens (called on a timer by the composition root). */
  lockIdleSessions(): void {
    let locked = false;
    for (const clientId of [...this.staffSessions.keys()]) {
      if (!this.liveStaffSession(clientId)) locked = true;
    }
    if (locked) this.deps.events.emit('session:changed', { terminal: this.currentTerminal(), staff: null, notice: { reason: 'idle' } });
  }

  /**
   * P-05: a manager approves at the counter by typing their code and PIN, without taking over the clerk's session.
   * Issue 13 §6: wrong PINs here never count towards the manager's own sign-in lockout (a clerk could lock the manager
   * out by mistyping); they count against the clerk asking, who after APPROVAL_ATTEMPTS wrong tries must wait a pause
   * that doubles each time. Every failure is audited.
   */
  approveAsManager(code: string, pin: string, requestedBy?: Actor): StaffInfo {
    const asking = requestedBy?.staff.id ?? 'counter';
    const now = this.deps.clock().getTime();
    const limit = this.approvalLimits.get(asking) ?? { failures: 0, timesHit: 0, pausedUntil: 0 };
    if (limit.pausedUntil > now) {
      throw new KioskError('APPROVAL_ATTEMPTS_EXCEEDED', { params: { minutes: Math.ceil((limit.pausedUntil - now) / 60_000) } });
    }
    let staff: StaffInfo;
    try {
      staff = this.checkPin(code, pin, 'staff.manager_approval', { countsTowardsLockout: false, requestedBy: requestedBy?.staff.id ?? null });
    } catch (error) {
      if (error instanceof KioskError && error.code === 'STAFF_SIGN_IN_FAILED') {
        limit.failures++;
        if (limit.failures >= APPROVAL_ATTEMPTS) {
          limit.timesHit++;
          limit.failures = 0;
          limit.pausedUntil = now + approvalPauseMs(limit.timesHit);
          this.approvalLimits.set(asking, limit);
          throw new KioskError('APPROVAL_ATTEMPTS_EXCEEDED', { params: { minutes: Math.ceil(approvalPauseMs(limit.timesHit) / 60_000) } });
        }
        this.approvalLimits.set(asking, limit);
      }
      throw error;
    }
    if (staff.role !== 'manager') throw new KioskError('MANAGER_REQUIRED');
    this.approvalLimits.delete(asking);
    return staff;
  }

  /**
   * A manager confirms something with their own code and PIN where nobody may be signed in (the tamper alert). Counts
   * towards their own lockout like a sign-in.
   */
  confirmManager(code: string, pin: string, action: string): StaffInfo {
    const staff = this.checkPin(code, pin, action, { countsTowardsLockout: true, requestedBy: null, terminalOptional: true });
    if (staff.role !== 'manager') throw new KioskError('MANAGER_REQUIRED');
    return staff;
  }

  /** Verifies a staff code and PIN, with lockout after repeated failures where they count; every outcome is audited. */
  private checkPin(
    code: string,
    pin: string,
    successAction: string,
    options: { countsTowardsLockout: boolean; requestedBy: string | null; terminalOptional?: boolean } = { countsTowardsLockout: true, requestedBy: null },
  ): StaffInfo {
    const terminal = options.terminalOptional ? this.currentTerminal() : this.requireTerminal();
    const { db } = this.deps;
    const security = readSetting(db, 'security');
    const row = db.prepare('SELECT * FROM staff WHERE code = ? AND active = 1').get(code) as StaffRow | undefined;
    if (!row) throw new KioskError('STAFF_SIGN_IN_FAILED');
    const now = this.deps.clock();
    if (row.locked_until && Date.parse(row.locked_until) > now.getTime()) {
      throw new KioskError('STAFF_LOCKED', { params: { minutes: Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 60_000) } });
    }
    const at = now.toISOString();
    const requestedBy = options.requestedBy ? { requestedBy: options.requestedBy } : {};
    if (!verifySecret(pin, row.pin_hash)) {
      if (!options.countsTowardsLockout) {
        appendAudit(db, at, this.deps.newId, {
          staffId: row.id,
          terminalId: terminal?.id ?? null,
          action: `${successAction}_failed`,
          entity: 'staff',
          entityId: row.id,
          detail: requestedBy,
        });
        throw new KioskError('STAFF_SIGN_IN_FAILED');
      }
      const attempts = row.failed_attempts + 1;
      const locked = attempts >= security.maxPinAttempts;
      const lockedUntil = locked ? new Date(now.getTime() + security.lockoutMinutes * 60_000).toISOString() : null;
      writeTransaction(db, () => {
        db.prepare('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(locked ? 0 : attempts, lockedUntil, row.id);
        appendAudit(db, at, this.deps.newId, {
          staffId: row.id,
          terminalId: terminal?.id ?? null,
          action: locked ? 'staff.locked' : 'staff.sign_in_failed',
          entity: 'staff',
          entityId: row.id,
          detail: { attempts },
        });
      });
      if (locked) throw new KioskError('STAFF_LOCKED', { params: { minutes: security.lockoutMinutes } });
      throw new KioskError('STAFF_SIGN_IN_FAILED');
    }
    writeTransaction(db, () => {
      if (options.countsTowardsLockout) db.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
      appendAudit(db, at, this.deps.newId, { staffId: row.id, terminalId: terminal?.id ?? null, action: successAction, entity: 'staff', entityId: row.id, detail: requestedBy });
    });
    return { id: row.id, code: row.code, name: row.name, role: row.role };
  }

  signOutStaff(clientId: string): void {
    this.staffSessions.delete(clientId);
    this.idleLocked.delete(clientId);
  }

  requireTerminal(): TerminalInfo {
    const terminal = this.currentTerminal();
    if (!terminal) throw new KioskError('TERMINAL_REQUIRED');
    return terminal;
  }

  /**
   * S-01: every action on transactions needs the terminal session and a signed-in member of staff; some need a
   * manager. A call is not activity (reportActivity is); a session idle too long is locked, never extended.
   */
  requireActor(clientId: string, options: { role?: Role } = {}): Actor {
    const terminal = this.requireTerminal();
    const session = this.liveStaffSession(clientId);
    if (!session) throw new KioskError('STAFF_REQUIRED');
    if (options.role === 'manager' && session.staff.role !== 'manager') throw new KioskError('MANAGER_REQUIRED');
    return { terminal, staff: session.staff };
  }

  private liveStaffSession(clientId: string): StaffSession | null {
    const session = this.staffSessions.get(clientId);
    if (!session) return null;
    const idleMs = readSetting(this.deps.db, 'security').idleLockMinutes * 60_000;
    if (this.deps.clock().getTime() - session.lastActivity > idleMs) {
      this.staffSessions.delete(clientId);
      this.idleLocked.add(clientId);
      return null;
    }
    // staff deactivated since they signed in (by HQ's master data, pulled in the background, or by a manager)
    // lose their session at their next call; a role HQ changed applies at once.
    const row = cachedStatement(this.deps.db, 'SELECT active, role FROM staff WHERE id = ?').get(session.staff.id) as
      | { active: number; role: Role }
      | undefined;
    if (row?.active !== 1) {
      this.staffSessions.delete(clientId);
      return null;
    }
    if (row.role !== session.staff.role) session.staff = { ...session.staff, role: row.role };
    return session;
  }
}
