import { createHash } from 'node:crypto';
import type { Db } from '../../db/open.ts';

export interface AuditEntry {
  staffId: string | null;
  terminalId: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** Never personal data: ids, statuses, amounts, counts. */
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  id: string;
  at: string;
  staff_id: string | null;
  terminal_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

function rowHash(prevHash: string, row: Omit<AuditRow, 'seq' | 'hash' | 'prev_hash'>): string {
  const canonical = JSON.stringify([row.id, row.at, row.staff_id, row.terminal_id, row.action, row.entity, row.entity_id, row.detail]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * B-05: appends one entry to the hash-chained audit log. Call inside the transaction of the change it records.
 * Triggers make the table append-only; the chain makes an edit of the file itself detectable (verifyAuditChain).
 */
export function appendAudit(db: Db, at: string, newId: () => string, entry: AuditEntry): void {
  const last = db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { hash: string } | undefined;
  const prevHash = last?.hash ?? GENESIS;
  const row = {
    id: newId(),
    at,
    staff_id: entry.staffId,
    terminal_id: entry.terminalId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    detail: JSON.stringify(entry.detail ?? {}),
  };
  db.prepare(
    `INSERT INTO audit_log (id, at, staff_id, terminal_id, action, entity, entity_id, detail, prev_hash, hash)
     VALUES (@id, @at, @staff_id, @terminal_id, @action, @entity, @entity_id, @detail, @prev_hash, @hash)`,
  ).run({ ...row, prev_hash: prevHash, hash: rowHash(prevHash, row) });
}

/** Returns the seq of the first entry whose hash does not match, or null when the chain is intact. */
export function verifyAuditChain(db: Db): number | null {
  let prevHash = GENESIS;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    if (row.prev_hash !== prevHash || rowHash(prevHash, row) !== row.hash) return row.seq;
    prevHash = row.hash;
  }
  return null;
}
