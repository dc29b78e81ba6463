import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { AuditRow } from '../../main/services/audit.ts';

/**
 * The real sqlite3 command-line tool (Debian package sqlite3), as an insider with the database file would use it.
 * Stops at the first error (-bail); returns what the tool printed and its exit status.
 */
export function sqlite3(file: string, sql: string): { status: number; stdout: string; stderr: string } {
  const run = spawnSync('sqlite3', ['-bail', file], { input: sql, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

export function sqlite3Json<T>(file: string, sql: string): T[] {
  const run = spawnSync('sqlite3', ['-json', file, sql], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim() === '' ? [] : (JSON.parse(run.stdout) as T[]);
}

/** SQL text literal. */
export const q = (value: string | null) => (value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`);

/** An audit row as `sqlite3 -json` prints it. */
type AuditRowText = AuditRow;

/** The audit chain's scheme before it was keyed (readable in the shipped source): SHA-256 over the previous hash and the row. */
export function unkeyedHash(prevHash: string, row: Omit<AuditRowText, 'seq' | 'prev_hash' | 'hash' | 'key_id'>): string {
  const canonical = JSON.stringify([row.id, row.at, row.staff_id, row.terminal_id, row.action, row.entity, row.entity_id, row.detail]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/**
 * What an insider does to make an edit of audit row `seq` look untouched: drop the append-only guard, change the row,
 * recompute the unkeyed chain from that row to `untilSeq` (the end if omitted) as if it had never been keyed, and put
 * the guard back exactly as it was.
 */
export function rewriteAuditRow(file: string, seq: number, change: (row: AuditRowText) => AuditRowText, untilSeq?: number): void {
  const rows = sqlite3Json<AuditRowText>(file, 'SELECT * FROM audit_log ORDER BY seq');
  const guard = sqlite3Json<{ sql: string }>(file, "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'")[0]!.sql;
  let prevHash = rows[rows.findIndex((r) => r.seq === seq) - 1]?.hash ?? '0'.repeat(64);
  const statements: string[] = ['DROP TRIGGER audit_log_no_update;'];
  for (const original of rows.filter((r) => r.seq >= seq && (untilSeq === undefined || r.seq <= untilSeq))) {
    const row = original.seq === seq ? change(original) : original;
    const hash = unkeyedHash(prevHash, row);
    statements.push(
      `UPDATE audit_log SET detail = ${q(row.detail)}, action = ${q(row.action)}, prev_hash = ${q(prevHash)}, hash = ${q(hash)}, key_id = NULL WHERE seq = ${row.seq};`,
    );
    prevHash = hash;
  }
  statements.push(`${guard};`);
  const run = sqlite3(file, statements.join('\n'));
  if (run.status !== 0) throw new Error(run.stderr);
}
