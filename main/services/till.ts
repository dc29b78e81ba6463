import type { DenominationCounts, TillCheck, TillClose, TillMovementKind, TillState } from '../../common/till.ts';
import type { StaffInfo } from '../../preload/types.ts';
import { cachedStatement } from '../../db/statements.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { type CountProblem, checkDenominationCounts, expectedCash } from '../domain/till.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { readSetting } from './settings.ts';

const PROBLEM_MESSAGES: Record<CountProblem, string> = {
  unknownDenomination: 'validation.denominationUnknown',
  notInteger: 'validation.integer',
  negative: 'validation.countNegative',
  tooMany: 'validation.tooLarge',
};

interface OpenSessionRow {
  id: string;
  opened_at: string;
  opened_by_name: string;
  opening_float: number;
  opening_counts: string;
}

/**
 * M-02 / M-03: the till of this counter PC. A clerk opens it with the counted float; each cash settlement is a payout
 * recorded by `recordPayout` inside the settlement's own transaction, so a settlement and its payout exist together
 * or not at all.
 */
function requireValidCounts(counts: Record<string, number>): { total: number; counts: DenominationCounts } {
  const checked = checkDenominationCounts(counts);
  if (checked.ok) return checked;
  const fields = Object.fromEntries(Object.entries(checked.problems).map(([key, problem]) => [`counts.${key}`, PROBLEM_MESSAGES[problem]]));
  throw new KioskError('TILL_COUNT_INVALID', { fields });
}

export class TillService {
  constructor(private readonly deps: ServiceDeps) {}

  current(terminalId: string): TillState {
    const row = this.openSession(terminalId);
    if (!row) return { open: false };
    const movements = cachedStatement(
      this.deps.db,
      `SELECT m.kind, m.amount, m.exchanged, m.reason, m.at, s.name AS staff_name
         FROM till_movements m JOIN staff s ON s.id = m.staff_id
        WHERE m.till_session_id = ? ORDER BY m.at, m.rowid`,
    ).all(row.id) as { kind: 'payout' | TillMovementKind; amount: number; exchanged: number | null; reason: string | null; at: string; staff_name: string }[];
    const payouts = movements.filter((m) => m.kind === 'payout');
    return {
      open: true,
      id: row.id,
      openedAt: row.opened_at,
      openedByName: row.opened_by_name,
      openingFloat: row.opening_float,
      openingCounts: JSON.parse(row.opening_counts) as DenominationCounts,
      payoutCount: payouts.length,
      paidOut: payouts.reduce((sum, m) => sum - m.amount, 0),
      movements: movements.flatMap((m) =>
        m.kind === 'payout'
          ? []
          : [{ kind: m.kind, amount: m.exchanged ?? Math.abs(m.amount), reason: m.reason ?? '', at: m.at, staffName: m.staff_name }],
      ),
      expectedCash: expectedCash(
        row.opening_float,
        movements.map((m) => m.amount),
      ),
    };
  }

  /** M-02: opens this counter's till with the float counted per denomination. Bad counts change nothing. */
  open(actor: Actor, counts: Record<string, number>): TillState {
    const checked = requireValidCounts(counts);
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      if (this.openSession(actor.terminal.id)) throw new KioskError('TILL_ALREADY_OPEN');
      const id = this.deps.newId();
      db.prepare(
        `INSERT INTO till_sessions (id, store_id, terminal_id, opened_at, opened_by, opening_float, opening_counts)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, actor.terminal.storeId, actor.terminal.id, at, actor.staff.id, checked.total, JSON.stringify(checked.counts));
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'till.open',
        entity: 'till_session',
        entityId: id,
        detail: { openingFloat: checked.total, counts: checked.counts },
      });
    });
    return this.current(actor.terminal.id);
  }

  /**
   * M-04: cash put in (入金) or taken out (出金) without a sale, or notes changed for coins (両替), with its reason and
   * audited. Taking out more than should be in the till is refused; an exchange leaves the expected cash as it was.
   */
  move(actor: Actor, kind: TillMovementKind, amount: number, reason: string): TillState {
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      const state = this.current(actor.terminal.id);
      if (!state.open) throw new KioskError('TILL_NOT_OPEN');
      if (kind === 'pay_out' && amount > state.expectedCash) {
        throw new KioskError('TILL_CASH_SHORT', { params: { amount: state.expectedCash } });
      }
      const signed = kind === 'pay_in' ? amount : kind === 'pay_out' ? -amount : 0;
      const id = this.deps.newId();
      db.prepare(
        `INSERT INTO till_movements (id, till_session_id, kind, amount, reason, exchanged, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, state.id, kind, signed, reason, kind === 'exchange' ? amount : null, actor.staff.id, at);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: `till.${kind}`,
        entity: 'till_session',
        entityId: state.id,
        detail: { amount, reason },
      });
    });
    return this.current(actor.terminal.id);
  }

  /**
   * M-05: a check (点検) mid-day: the drawer counted per denomination against the expected cash, recorded in the audit
   * with the difference; the till stays open and nothing else changes.
   */
  check(actor: Actor, counts: Record<string, number>): TillCheck {
    const checked = requireValidCounts(counts);
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    return writeTransaction(db, () => {
      const state = this.current(actor.terminal.id);
      if (!state.open) throw new KioskError('TILL_NOT_OPEN');
      const difference = checked.total - state.expectedCash;
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'till.check',
        entity: 'till_session',
        entityId: state.id,
        detail: { expected: state.expectedCash, counted: checked.total, difference, counts: checked.counts },
      });
      return { at, expected: state.expectedCash, counted: checked.total, difference };
    });
  }

  /**
   * M-05: closes this counter's till with the drawer counted per denomination: expected, counted and the difference
   * are recorded and audited. A difference above the shop's limit needs a manager (the one signed in, or one who
   * approved with code and PIN); without one nothing changes. A closed till takes no more payouts until reopened.
   */
  close(actor: Actor, counts: Record<string, number>, approvedBy: StaffInfo | null): TillClose {
    const checked = requireValidCounts(counts);
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    const limit = readSetting(db, 'till').closeApprovalYen;
    return writeTransaction(db, () => {
      const state = this.current(actor.terminal.id);
      if (!state.open) throw new KioskError('TILL_NOT_OPEN');
      const difference = checked.total - state.expectedCash;
      const approver = actor.staff.role === 'manager' ? actor.staff : approvedBy?.role === 'manager' ? approvedBy : null;
      if (Math.abs(difference) > limit && !approver) {
        throw new KioskError('TILL_CLOSE_NEEDS_APPROVAL', { params: { amount: difference, limit } });
      }
      const approvedById = Math.abs(difference) > limit ? (approver?.id ?? null) : null;
      db.prepare(
        `UPDATE till_sessions SET closed_at = ?, closed_by = ?, closing_counts = ?, closing_expected = ?, closing_counted = ?,
                closing_difference = ?, close_approved_by = ?
          WHERE id = ? AND closed_at IS NULL`,
      ).run(at, actor.staff.id, JSON.stringify(checked.counts), state.expectedCash, checked.total, difference, approvedById, state.id);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'till.close',
        entity: 'till_session',
        entityId: state.id,
        detail: { expected: state.expectedCash, counted: checked.total, difference, counts: checked.counts, approvedBy: approvedById },
      });
      return {
        id: state.id,
        openedAt: state.openedAt,
        closedAt: at,
        openingFloat: state.openingFloat,
        payoutCount: state.payoutCount,
        paidOut: state.paidOut,
        expected: state.expectedCash,
        counted: checked.total,
        difference,
        approvedByName: approvedById ? (approver?.name ?? null) : null,
      };
    });
  }

  /**
   * M-03: the cash a settlement hands out, as a payout of the open till. Runs inside the settlement's transaction
   * (it must: a payout without its settlement, or the reverse, would make the expected cash wrong).
   */
  recordPayout(payout: { settlementId: string; amount: number; actor: Actor; at: string }): void {
    const { db } = this.deps;
    if (!db.inTransaction) throw new Error('recordPayout runs inside the settlement transaction');
    const session = this.openSession(payout.actor.terminal.id);
    if (!session) throw new KioskError('TILL_NOT_OPEN');
    // M-06: the drawer cannot hand out cash it does not hold. The wizard warns before execute; this refusal is the
    // rule itself (a second counter call, a stale screen), and it undoes the whole settlement.
    const expected = this.expectedCashOf(session);
    if (payout.amount > expected) {
      throw new KioskError('TILL_SHORTFALL', { params: { expected, amount: payout.amount, shortfall: payout.amount - expected } });
    }
    const id = this.deps.newId();
    cachedStatement(
      db,
      `INSERT INTO till_movements (id, till_session_id, kind, amount, settlement_id, staff_id, at) VALUES (?, ?, 'payout', ?, ?, ?, ?)`,
    ).run(id, session.id, -payout.amount, payout.settlementId, payout.actor.staff.id, payout.at);
    appendAudit(db, payout.at, this.deps.newId, {
      staffId: payout.actor.staff.id,
      terminalId: payout.actor.terminal.id,
      action: 'till.payout',
      entity: 'till_session',
      entityId: session.id,
      detail: { settlementId: payout.settlementId, amount: payout.amount },
    });
  }

  /**
   * M-06: a manager approves paying a buyback in cash the till does not hold: the cash brought from the safe goes in
   * as a pay-in whose audit names the manager, the reception and the shortfall it covered. The signed-in manager, or
   * one approving with code and PIN at the clerk's counter; without one nothing changes.
   */
  fundShortfall(actor: Actor, request: { amount: number; reason: string; receptionNumber: string }, approvedBy: StaffInfo | null): TillState {
    const approver = actor.staff.role === 'manager' ? actor.staff : approvedBy?.role === 'manager' ? approvedBy : null;
    if (!approver) throw new KioskError('MANAGER_REQUIRED');
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      const session = this.openSession(actor.terminal.id);
      if (!session) throw new KioskError('TILL_NOT_OPEN');
      const id = this.deps.newId();
      db.prepare(`INSERT INTO till_movements (id, till_session_id, kind, amount, reason, staff_id, at) VALUES (?, ?, 'pay_in', ?, ?, ?, ?)`).run(
        id,
        session.id,
        request.amount,
        request.reason,
        actor.staff.id,
        at,
      );
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'till.shortfall_funded',
        entity: 'till_session',
        entityId: session.id,
        detail: { amount: request.amount, reason: request.reason, receptionNumber: request.receptionNumber, approvedBy: approver.id },
      });
    });
    return this.current(actor.terminal.id);
  }

  /** The opening float plus every movement so far, summed by SQLite (execute asks on every cash settlement). */
  private expectedCashOf(session: OpenSessionRow & { id: string }): number {
    const row = cachedStatement(this.deps.db, 'SELECT COALESCE(SUM(amount), 0) AS moved FROM till_movements WHERE till_session_id = ?').get(session.id) as {
      moved: number;
    };
    return expectedCash(session.opening_float, [row.moved]);
  }

  private openSession(terminalId: string): OpenSessionRow | undefined {
    return cachedStatement(
      this.deps.db,
      `SELECT t.id, t.opened_at, s.name AS opened_by_name, t.opening_float, t.opening_counts
         FROM till_sessions t JOIN staff s ON s.id = t.opened_by
        WHERE t.terminal_id = ? AND t.closed_at IS NULL`,
    ).get(terminalId) as OpenSessionRow | undefined;
  }
}
