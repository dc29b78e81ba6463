import { performance } from 'node:perf_hooks';
import type { Migration } from '../../db/migrate.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import type { AuditChainAlert, AuditChainCheck, AuditChainStatus } from '../../preload/types.ts';
import {
  ACKNOWLEDGE_ACTION,
  appendAudit,
  type ChainReport,
  chainHead,
  hasKeyedRows,
  hasUnkeyedTail,
  LEGACY_SEAL_ACTION,
  readCheckpoint,
  verifySinceCheckpoint,
  verifyWholeChain,
  wholeChainWalk,
  writeCheckpoint,
} from './audit.ts';
import type { ServiceDeps } from './deps.ts';

/**
 * The database guards (triggers) that keep the ledger and the audit log what they were. An insider can drop one with
 * the sqlite3 tool, delete what it guarded and put it back, so the start-up check cannot prove the data; it does catch
 * a guard left missing or weakened, and a manager's acknowledgement puts it back as the migrations define it.
 */
export const GUARD_TRIGGERS: readonly string[] = [
  'audit_log_no_update',
  'audit_log_no_delete',
  'ledger_corrections_no_update',
  'ledger_corrections_no_delete',
  'receptions_settled_no_delete',
  'settlements_retention_no_delete',
  'receptions_settled_no_update',
  'receptions_cancelled_final',
  'reception_items_settled_no_update',
  'reception_items_settled_no_insert',
  'reception_items_settled_no_delete',
  'settlements_no_update',
  'stock_items_settled_no_update',
  'stock_items_settled_no_delete',
];

const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** Each guard's CREATE statement as the last migration that defines it has it (what SQLite keeps in sqlite_master). */
export function guardDefinitions(migrations: readonly Migration[], names: readonly string[] = GUARD_TRIGGERS): Map<string, string> {
  const wanted = new Set(names);
  const definitions = new Map<string, string>();
  for (const migration of migrations) {
    const statements = migration.sql.matchAll(/CREATE\s+TRIGGER\s+(\w+)[\s\S]*?\bEND\b|DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(\w+)/gi);
    for (const match of statements) {
      if (match[1] && wanted.has(match[1])) definitions.set(match[1], match[0]);
      if (match[2]) definitions.delete(match[2]);
    }
  }
  return definitions;
}

/** Rows per slice of the background check (a few ms each) and the pause between slices, so the counter stays quick. */
const BACKGROUND_SLICE_ROWS = 1_000;
const BACKGROUND_PAUSE_MS = 10;
/** A manager is waiting for the full check: bigger slices, no pause, still yielding to other calls between them. */
const FULL_CHECK_SLICE_ROWS = 5_000;

/**
 * B-05, issue 13 §4: keeps watch over the keyed audit chain. At start it checks the rows written since the last verified
 * checkpoint (fast at millions of rows) and that the guards are in place; a manager can check the whole chain. A break
 * raises an alert that blocks the counter until a manager acknowledges it; the break, the acknowledgement and every
 * full check are themselves audit rows.
 */
export class IntegrityService {
  private alert: AuditChainAlert | null = null;
  private lastCheck: AuditChainCheck | null = null;

  private readonly guards: Map<string, string>;

  constructor(
    private readonly deps: ServiceDeps,
    migrations: readonly Migration[],
  ) {
    this.guards = guardDefinitions(migrations);
  }

  status(): AuditChainStatus {
    return { alert: this.alert, lastCheck: this.lastCheck };
  }

  /** Run once when the core starts, before anyone can work. */
  checkAtStart(): AuditChainStatus {
    const started = performance.now();
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    const missing = this.missingGuards();
    const checkpoint = readCheckpoint(db);
    let report: ChainReport;
    if (checkpoint.kind === 'valid') {
      report = verifySinceCheckpoint(db, checkpoint);
    } else if (checkpoint.kind === 'forged') {
      const seq = (db.prepare('SELECT seq FROM audit_checkpoint WHERE id = 1').get() as { seq: number }).seq;
      report = { ok: false, firstBreak: { seq, reason: 'checkpoint_forged' }, acknowledged: [], checkedRows: 0, unverifiableRows: 0, lastSeq: seq };
    } else if (checkpoint.kind === 'none' && (chainHead(db).seq === 0 || (hasUnkeyedTail(db) && !hasKeyedRows(db)))) {
      // A new database, or the first start after the chain became keyed: seal what is there (see sealLegacyChain).
      report = this.sealLegacyChain(at);
    } else {
      // No checkpoint although keyed rows exist (someone removed it), or one sealed with a key this PC lacks (a
      // database brought from another PC): the whole chain once, then a fresh checkpoint if it holds.
      report = verifyWholeChain(db);
      if (report.ok) {
        writeTransaction(db, () => {
          appendAudit(db, at, this.deps.newId, this.systemEntry('audit.checkpoint_rebuilt', { checkpoint: checkpoint.kind, unverifiableRows: report.unverifiableRows }));
          writeCheckpoint(db, chainHead(db).seq, at);
        });
      }
    }
    if (report.ok && checkpoint.kind === 'valid' && report.lastSeq > checkpoint.seq) {
      writeTransaction(db, () => writeCheckpoint(db, report.lastSeq, at));
    }
    if (!report.ok) {
      // Tampering is the exception: then the whole chain is read to name the first row that does not hold (one a
      // manager already acknowledged does not count).
      const whole = verifyWholeChain(db);
      if (whole.firstBreak && whole.firstBreak.seq < (report.firstBreak?.seq ?? Number.MAX_SAFE_INTEGER)) {
        report = { ...report, firstBreak: whole.firstBreak };
      }
    }
    this.lastCheck = this.describe('start', at, report, started);
    this.raise(report, missing, at);
    return this.status();
  }

  /**
   * After start, the whole chain once more in small slices between counter calls, so an edit before the checkpoint that
   * did not recompute the chain is found within minutes of every start without slowing start-up. Resolves when done
   * or stopped.
   */
  async checkInBackground(signal: AbortSignal): Promise<void> {
    const report = await this.walkWholeChain(signal, BACKGROUND_SLICE_ROWS, BACKGROUND_PAUSE_MS);
    if (!report || signal.aborted) return;
    if (!report.ok && !this.alert) this.raise(report, this.missingGuards(), this.deps.clock().toISOString());
  }

  /**
   * A manager's full check of the whole chain, from its first row. Audited, whatever it finds. It reads in slices and
   * yields between them: at millions of rows it takes a while, and the counter must keep answering meanwhile.
   */
  async verifyFull(actor: { staffId: string; terminalId: string | null }): Promise<AuditChainCheck> {
    const started = performance.now();
    const { db } = this.deps;
    const report = (await this.walkWholeChain(new AbortController().signal, FULL_CHECK_SLICE_ROWS, 0))!;
    const at = this.deps.clock().toISOString();
    const missing = this.missingGuards();
    this.lastCheck = this.describe('full', at, report, started);
    appendAudit(db, at, this.deps.newId, {
      staffId: actor.staffId,
      terminalId: actor.terminalId,
      action: 'audit.verify',
      entity: 'audit_log',
      entityId: String(report.lastSeq),
      detail: { ok: report.ok && missing.length === 0, checkedRows: report.checkedRows, firstBreak: report.firstBreak, guardsMissing: missing.length },
    });
    this.raise(report, missing, at);
    return this.lastCheck;
  }

  private async walkWholeChain(signal: AbortSignal, sliceRows: number, pauseMs: number): Promise<ChainReport | null> {
    const chain = wholeChainWalk(this.deps.db);
    while (!chain.step(sliceRows)) {
      await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
      if (signal.aborted) return null;
    }
    return chain.report();
  }

  /**
   * A manager has seen the alert (and will report it): the break is recorded, the checkpoint moves to the current end
   * of the chain, and the counter works again. A later full check still finds the break; its audit rows stay.
   */
  acknowledge(manager: { staffId: string; terminalId: string | null }): AuditChainStatus {
    const alert = this.alert;
    if (!alert) return this.status();
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      appendAudit(db, at, this.deps.newId, {
        staffId: manager.staffId,
        terminalId: manager.terminalId,
        action: ACKNOWLEDGE_ACTION,
        entity: 'audit_log',
        entityId: String(alert.seq),
        detail: { seq: alert.seq, reason: alert.reason, guards: alert.guards },
      });
      this.reinstallGuards(this.missingGuards());
      const ackSeq = chainHead(db).seq;
      if (alert.seq > 0) {
        db.prepare('INSERT INTO audit_acknowledgements (break_seq, ack_seq) VALUES (?, ?) ON CONFLICT (break_seq) DO UPDATE SET ack_seq = excluded.ack_seq').run(alert.seq, ackSeq);
      }
      writeCheckpoint(db, ackSeq, at);
    });
    this.alert = null;
    return this.status();
  }

  /**
   * A chain with no checkpoint and only unkeyed rows (or none): rows written before migration 025 were shipped with a
   * plain SHA-256 chain and the log is append-only, so they cannot be re-keyed. One keyed row is appended whose MAC
   * covers the last unkeyed hash: from now on, recomputing the old chain after an edit breaks that row. An edit made
   * before this moment cannot be told from the original — the honest limit of an unkeyed past (HQ's anchor is the
   * outside witness). The unkeyed rows are not re-checked here (that would scan the whole log at start); the
   * manager's full check does it.
   */
  private sealLegacyChain(at: string): ChainReport {
    const { db } = this.deps;
    const head = chainHead(db);
    writeTransaction(db, () => {
      if (head.seq > 0) {
        appendAudit(db, at, this.deps.newId, this.systemEntry(LEGACY_SEAL_ACTION, { legacyHeadSeq: head.seq, legacyHeadHash: head.hash }));
      }
      writeCheckpoint(db, chainHead(db).seq, at);
    });
    return { ok: true, firstBreak: null, acknowledged: [], checkedRows: 0, unverifiableRows: 0, lastSeq: chainHead(db).seq };
  }

  private missingGuards(): string[] {
    const rows = this.deps.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
    const present = new Map(rows.map((row) => [row.name, normalise(row.sql)]));
    return [...this.guards].filter(([name, sql]) => present.get(name) !== normalise(sql)).map(([name]) => name);
  }

  /** Puts missing or altered guards back as the migrations define them (inside the caller's transaction). */
  private reinstallGuards(names: readonly string[]): void {
    for (const name of names) {
      const sql = this.guards.get(name);
      if (!sql) continue;
      this.deps.db.exec(`DROP TRIGGER IF EXISTS ${name}`);
      this.deps.db.exec(sql);
    }
  }

  private raise(report: ChainReport, missingGuards: string[], at: string): void {
    const { db } = this.deps;
    if (report.firstBreak) {
      const row = db.prepare('SELECT at, action FROM audit_log WHERE seq = ?').get(report.firstBreak.seq) as { at: string; action: string } | undefined;
      this.alert = { seq: report.firstBreak.seq, reason: report.firstBreak.reason, rowAt: row?.at ?? null, rowAction: row?.action ?? null, guards: missingGuards, detectedAt: at };
    } else if (missingGuards.length > 0) {
      this.alert = { seq: 0, reason: 'guard_removed', rowAt: null, rowAction: null, guards: missingGuards, detectedAt: at };
    } else {
      return;
    }
    const alert = this.alert;
    appendAudit(db, at, this.deps.newId, this.systemEntry('audit.break_detected', { seq: alert.seq, reason: alert.reason, guards: alert.guards }));
  }

  private systemEntry(action: string, detail: Record<string, unknown>) {
    return { staffId: null, terminalId: null, action, entity: 'audit_log', entityId: 'chain', detail };
  }

  private describe(kind: 'start' | 'full', at: string, report: ChainReport, started: number): AuditChainCheck {
    return {
      kind,
      at,
      ok: report.ok,
      checkedRows: report.checkedRows,
      unverifiableRows: report.unverifiableRows,
      acknowledged: report.acknowledged,
      lastSeq: report.lastSeq,
      durationMs: Math.round(performance.now() - started),
    };
  }
}
