import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { deriveKey, type KeyEntry, type Keyring } from '../crypto/keyring.ts';

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
  /** The HMAC key that sealed the row; null for rows written before the chain was keyed (plain SHA-256). */
  key_id: string | null;
}

/** Why a row does not hold. */
export type ChainBreakReason =
  | 'link' // prev_hash is not the hash of the row before it: a row was removed, inserted or reordered
  | 'hash' // the row's content does not give its hash: the row was edited
  | 'unkeyed_after_keyed' // an unkeyed row where only keyed ones may be: someone recomputed the old unkeyed chain
  | 'checkpoint' // the row the verified checkpoint vouches for was changed or is gone
  | 'checkpoint_forged' // the checkpoint's own MAC does not hold
  | 'legacy_rewritten'; // the rows from before the chain was keyed no longer lead to the keyed row that sealed them

export interface ChainBreak {
  seq: number;
  reason: ChainBreakReason;
}

export interface ChainReport {
  ok: boolean;
  /** The first break no manager has acknowledged. */
  firstBreak: ChainBreak | null;
  /** Breaks passed over because a manager acknowledged them (their audit row checked). */
  acknowledged: ChainBreak[];
  /** Rows looked at by this check. */
  checkedRows: number;
  /** Keyed rows sealed with a key this PC does not have (a database brought from another PC): linked, not provable. */
  unverifiableRows: number;
  lastSeq: number;
}

const GENESIS = '0'.repeat(64);
/** The keyed row that seals the unkeyed rows written before migration 025 (main/services/integrity.ts). */
export const LEGACY_SEAL_ACTION = 'audit.chain_keyed';
/** The keyed row that records a manager's acknowledgement of a break. */
export const ACKNOWLEDGE_ACTION = 'audit.break_acknowledged';
const AUDIT_PURPOSE = 'audit-chain/v1';

/** The chain's MAC keys: the one new rows are sealed with, and every one this PC can check. */
export interface AuditKeys {
  current: KeyEntry;
  find(keyId: string): Buffer | null;
}

/** The chain keys of every key on the ring; keys imported later (another PC's) are picked up when they arrive. */
export function auditKeysFrom(keyring: Keyring): AuditKeys {
  let version = -1;
  let derived = new Map<string, Buffer>();
  return {
    current: deriveKey(keyring.current.key, AUDIT_PURPOSE),
    find: (keyId) => {
      if (version !== keyring.version) {
        derived = new Map(keyring.all().map((entry) => {
          const auditKey = deriveKey(entry.key, AUDIT_PURPOSE);
          return [auditKey.keyId, auditKey.key] as const;
        }));
        version = keyring.version;
      }
      return derived.get(keyId) ?? null;
    },
  };
}

// The chain key belongs to the connection: services keep calling appendAudit(db, …) and cannot forget the key.
const keysByDb = new WeakMap<Db, AuditKeys>();

export function bindAuditKeys(db: Db, keys: AuditKeys): void {
  keysByDb.set(db, keys);
}

function keysOf(db: Db): AuditKeys {
  const keys = keysByDb.get(db);
  // Fail closed: an audit row nobody can prove is worth less than a refused change.
  if (!keys) throw new Error('the audit chain key is not bound to this database connection');
  return keys;
}

type HashedFields = Pick<AuditRow, 'id' | 'at' | 'staff_id' | 'terminal_id' | 'action' | 'entity' | 'entity_id' | 'detail' | 'key_id'>;

/** The unkeyed scheme of rows written before migration 025: anyone with the file can recompute it. */
function legacyHash(prevHash: string, row: HashedFields): string {
  const canonical = JSON.stringify([row.id, row.at, row.staff_id, row.terminal_id, row.action, row.entity, row.entity_id, row.detail]);
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** B-05 keyed: HMAC-SHA256 with a key derived from the device key, over the previous hash and every column. */
function keyedHash(key: Buffer, prevHash: string, row: HashedFields): string {
  const canonical = JSON.stringify([row.id, row.at, row.staff_id, row.terminal_id, row.action, row.entity, row.entity_id, row.detail, row.key_id]);
  return createHmac('sha256', key).update(prevHash).update(canonical).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * B-05: appends one entry to the keyed, hash-chained audit log. Call inside the transaction of the change it records
 * (alone, it opens its own write transaction, so the read of the last hash and the insert cannot be split by another
 * writer). Triggers make the table append-only; the keyed chain makes an edit of the file itself detectable.
 */
export function appendAudit(db: Db, at: string, newId: () => string, entry: AuditEntry): void {
  if (!db.inTransaction) {
    writeTransaction(db, () => appendAudit(db, at, newId, entry));
    return;
  }
  const key = keysOf(db).current;
  const statements = statementsOf(db);
  const last = statements.last.get() as { hash: string } | undefined;
  const prevHash = last?.hash ?? GENESIS;
  const row: HashedFields = {
    id: newId(),
    at,
    staff_id: entry.staffId,
    terminal_id: entry.terminalId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    detail: JSON.stringify(entry.detail ?? {}),
    key_id: key.keyId,
  };
  statements.insert.run({ ...row, prev_hash: prevHash, hash: keyedHash(key.key, prevHash, row) });
}

// Prepared once per connection: every change of every service appends a row.
const statementsByDb = new WeakMap<Db, { last: Statement; insert: Statement }>();

function statementsOf(db: Db): { last: Statement; insert: Statement } {
  let statements = statementsByDb.get(db);
  if (!statements) {
    statements = {
      last: db.prepare('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(
        `INSERT INTO audit_log (id, at, staff_id, terminal_id, action, entity, entity_id, detail, prev_hash, hash, key_id)
         VALUES (@id, @at, @staff_id, @terminal_id, @action, @entity, @entity_id, @detail, @prev_hash, @hash, @key_id)`,
      ),
    };
    statementsByDb.set(db, statements);
  }
  return statements;
}

/**
 * Checks the chain in seq order from a known point, a slice at a time (the background check runs it in slices so the
 * counter never waits). Rows are only ever appended, so a walk that resumes after other writes sees the same past.
 */
export class ChainWalk {
  private prevHash: string;
  private keyedSeen: boolean;
  private seq: number;
  private checkedRows = 0;
  private unverifiableRows = 0;
  private broken: ChainBreak | null = null;
  private readonly acknowledged: ChainBreak[] = [];
  private readonly acknowledgements: Map<number, number>;

  constructor(
    private readonly db: Db,
    private readonly keys: AuditKeys,
    from: { seq: number; hash: string; keyedOnly: boolean },
  ) {
    this.prevHash = from.hash;
    this.keyedSeen = from.keyedOnly;
    this.seq = from.seq;
    const rows = db.prepare('SELECT break_seq, ack_seq FROM audit_acknowledgements').all() as { break_seq: number; ack_seq: number }[];
    this.acknowledgements = new Map(rows.map((row) => [row.break_seq, row.ack_seq]));
  }

  /** Checks up to `limit` more rows; returns true when the end of the chain (or a break) was reached. */
  step(limit = Number.MAX_SAFE_INTEGER): boolean {
    if (this.broken) return true;
    let seen = 0;
    const rows = this.db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').iterate(this.seq, limit) as Iterable<AuditRow>;
    for (const row of rows) {
      seen++;
      this.checkedRows++;
      this.seq = row.seq;
      const reason = this.check(row);
      if (reason) {
        if (!this.isAcknowledged(row.seq)) {
          this.broken = { seq: row.seq, reason };
          return true;
        }
        // A manager has seen this one: go on from the row as it now stands, to find any later break.
        this.acknowledged.push({ seq: row.seq, reason });
        if (row.key_id !== null) this.keyedSeen = true;
      }
      this.prevHash = row.hash;
    }
    return seen < limit;
  }

  private check(row: AuditRow): ChainBreakReason | null {
    if (row.prev_hash !== this.prevHash) return row.action === LEGACY_SEAL_ACTION ? 'legacy_rewritten' : 'link';
    if (row.key_id === null) {
      if (this.keyedSeen) return 'unkeyed_after_keyed';
      return legacyHash(this.prevHash, row) === row.hash ? null : 'hash';
    }
    this.keyedSeen = true;
    const key = this.keys.find(row.key_id);
    if (!key) {
      this.unverifiableRows++;
      return null;
    }
    // A plain comparison: nobody can time this loop from outside, and it runs over millions of rows.
    return keyedHash(key, this.prevHash, row) === row.hash ? null : 'hash';
  }

  /** Only if the keyed row recording the acknowledgement is genuine (its own MAC) and names this break. */
  private isAcknowledged(seq: number): boolean {
    const ackSeq = this.acknowledgements.get(seq);
    if (ackSeq === undefined) return false;
    const ack = this.db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(ackSeq) as AuditRow | undefined;
    if (!ack || ack.key_id === null || ack.action !== ACKNOWLEDGE_ACTION) return false;
    const key = this.keys.find(ack.key_id);
    if (!key || !sameHex(keyedHash(key, ack.prev_hash, ack), ack.hash)) return false;
    return (JSON.parse(ack.detail) as { seq?: unknown }).seq === seq;
  }

  report(): ChainReport {
    return {
      ok: this.broken === null,
      firstBreak: this.broken,
      acknowledged: [...this.acknowledged],
      checkedRows: this.checkedRows,
      unverifiableRows: this.unverifiableRows,
      lastSeq: this.seq,
    };
  }
}

function walk(db: Db, keys: AuditKeys, from: { seq: number; hash: string; keyedOnly: boolean }): ChainReport {
  const chain = new ChainWalk(db, keys, from);
  chain.step();
  return chain.report();
}

/** A walk of the whole chain from its first row, for checking in slices. */
export function wholeChainWalk(db: Db): ChainWalk {
  return new ChainWalk(db, keysOf(db), { seq: 0, hash: GENESIS, keyedOnly: false });
}

/** The whole chain from its first row (a manager's full check). */
export function verifyWholeChain(db: Db): ChainReport {
  return walk(db, keysOf(db), { seq: 0, hash: GENESIS, keyedOnly: false });
}

/** Returns the seq of the first entry that does not hold, or null when the chain is intact. */
export function verifyAuditChain(db: Db): number | null {
  return verifyWholeChain(db).firstBreak?.seq ?? null;
}

interface CheckpointRow {
  seq: number;
  hash: string;
  key_id: string;
  mac: string;
  verified_at: string;
}

function checkpointMac(key: Buffer, seq: number, hash: string, verifiedAt: string): string {
  return createHmac('sha256', key).update(JSON.stringify(['audit-checkpoint', seq, hash, verifiedAt])).digest('hex');
}

/** Moves the verified checkpoint to `seq` (whose stored hash it records). */
export function writeCheckpoint(db: Db, seq: number, at: string): void {
  const key = keysOf(db).current;
  const hash = seq === 0 ? GENESIS : (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: string }).hash;
  db.prepare(
    `INSERT INTO audit_checkpoint (id, seq, hash, key_id, mac, verified_at) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, key_id = excluded.key_id, mac = excluded.mac,
       verified_at = excluded.verified_at`,
  ).run(seq, hash, key.keyId, checkpointMac(key.key, seq, hash, at), at);
}

export type CheckpointState = { kind: 'none' } | { kind: 'valid'; seq: number; hash: string } | { kind: 'unreadable' } | { kind: 'forged' };

/** The checkpoint, if any, and whether its MAC holds (unreadable: sealed with a key this PC does not have). */
export function readCheckpoint(db: Db): CheckpointState {
  const row = db.prepare('SELECT seq, hash, key_id, mac, verified_at FROM audit_checkpoint WHERE id = 1').get() as CheckpointRow | undefined;
  if (!row) return { kind: 'none' };
  const key = keysOf(db).find(row.key_id);
  if (!key) return { kind: 'unreadable' };
  if (!sameHex(checkpointMac(key, row.seq, row.hash, row.verified_at), row.mac)) return { kind: 'forged' };
  return { kind: 'valid', seq: row.seq, hash: row.hash };
}

/**
 * The start-up check: from the verified checkpoint to the end only, so it costs the rows written since the last
 * start, not the whole log. After the checkpoint every row must be keyed. The checkpoint itself must still match its
 * row: editing, deleting or unkeying a row at or before it and recomputing the chain moves that row's hash.
 */
export function verifySinceCheckpoint(db: Db, checkpoint: { seq: number; hash: string }): ChainReport {
  if (checkpoint.seq > 0) {
    const broken = (): ChainReport => ({
      ok: false,
      firstBreak: { seq: checkpoint.seq, reason: 'checkpoint' },
      acknowledged: [],
      checkedRows: 1,
      unverifiableRows: 0,
      lastSeq: checkpoint.seq,
    });
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(checkpoint.seq) as AuditRow | undefined;
    if (!row || !sameHex(row.hash, checkpoint.hash)) return broken();
    // The row at the checkpoint must still seal the row before it. Rewriting any earlier row and recomputing the
    // (unkeyed, or any) chain from there changes the hash of the row just before the checkpoint: caught here with two
    // reads. An edit that does not recompute the chain is found by the full check (and the background check after start).
    const before = db.prepare('SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1').get(checkpoint.seq) as { hash: string } | undefined;
    if (row.prev_hash !== (before?.hash ?? GENESIS)) {
      return row.action === LEGACY_SEAL_ACTION ? { ...broken(), firstBreak: { seq: row.seq, reason: 'legacy_rewritten' } } : broken();
    }
    const key = row.key_id === null ? null : keysOf(db).find(row.key_id);
    if (row.key_id === null || (key && !sameHex(keyedHash(key, row.prev_hash, row), row.hash))) return broken();
  }
  return walk(db, keysOf(db), { seq: checkpoint.seq, hash: checkpoint.hash, keyedOnly: true });
}

/** The last row of the chain (what HQ anchors; i13-sync reads the same two columns). */
export function chainHead(db: Db): { seq: number; hash: string } {
  return (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: GENESIS };
}

export function hasUnkeyedTail(db: Db): boolean {
  const last = db.prepare('SELECT key_id FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { key_id: string | null } | undefined;
  return last !== undefined && last.key_id === null;
}

/**
 * Whether any row is keyed. Asked only when there is no checkpoint: on the first start after the upgrade it reads the
 * unkeyed rows once; a chain whose checkpoint was removed and an unkeyed row added at its end is thereby never taken
 * for a not-yet-upgraded one.
 */
export function hasKeyedRows(db: Db): boolean {
  return db.prepare('SELECT 1 FROM audit_log WHERE key_id IS NOT NULL ORDER BY seq DESC LIMIT 1').get() !== undefined;
}
