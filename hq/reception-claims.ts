/**
 * N-02, one editor at a time: a counter PC claims a reception before it appraises or settles it. The claim is a lease
 * HQ grants atomically — one conditional upsert, on SQLite and PostgreSQL alike — to one terminal at a time; the
 * holder renews it with the same call while its screen is open and releases it when the clerk leaves. A claim nobody
 * renews expires, so a PC that crashed holding one frees the reception after one TTL.
 */
import type { ClaimHolder } from 'kaitori-sync-protocol';
import type { HqQueryable } from './db.ts';
import type { Terminal } from './terminals.ts';

export interface ClaimTiming {
  ttlSeconds: number;
  renewSeconds: number;
}

export type ClaimOutcome =
  | { ok: true; receptionId: string; expiresAt: string; ttlSeconds: number; renewSeconds: number }
  | { ok: false; code: 'RECEPTION_CLAIMED'; holder: ClaimHolder }
  | { ok: false; code: 'RECEPTION_CLOSED'; status: string }
  | { ok: false; code: 'WRONG_STORE' };

/** Statuses after which nobody may edit the reception any more. */
const CLOSED = ['settled', 'cancelled', 'deleted'];

export async function claimReception(
  db: HqQueryable,
  terminal: Terminal,
  receptionId: string,
  receptionNumber: string,
  now: Date,
  timing: ClaimTiming,
): Promise<ClaimOutcome> {
  const known = await db.query<{ store_code: string; status: string }>(
    'SELECT store_code, status FROM store_receptions WHERE reception_id = ?',
    [receptionId],
  );
  if (known[0] && known[0].store_code !== terminal.storeCode) return { ok: false, code: 'WRONG_STORE' };
  if (known[0] && CLOSED.includes(known[0].status)) return { ok: false, code: 'RECEPTION_CLOSED', status: known[0].status };
  const settled = await db.query('SELECT id FROM settlements WHERE reception_id = ? LIMIT 1', [receptionId]);
  if (settled.length > 0) return { ok: false, code: 'RECEPTION_CLOSED', status: 'settled' };
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + timing.ttlSeconds * 1000).toISOString();
  // A refused upsert is judged by one read of the row as it is now. Between the two, the holder may release it or a
  // settlement may close it; a row gone by then is tried once more (bounded: each round needs another PC to act).
  for (let attempt = 0; attempt < 3; attempt++) {
    // Taken when free, expired, or already the caller's (a renewal keeps its first claimed_at). Never across stores.
    const taken = await db.execute(
      `INSERT INTO reception_claims (reception_id, store_code, reception_number, terminal_id, terminal_code, claimed_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (reception_id) DO UPDATE SET terminal_id = excluded.terminal_id, terminal_code = excluded.terminal_code,
         claimed_at = CASE WHEN reception_claims.terminal_id = excluded.terminal_id THEN reception_claims.claimed_at
                           ELSE excluded.claimed_at END,
         expires_at = excluded.expires_at
       WHERE reception_claims.store_code = excluded.store_code AND reception_claims.closed = 0
         AND (reception_claims.expires_at <= ? OR reception_claims.terminal_id = excluded.terminal_id)`,
      [receptionId, terminal.storeCode, receptionNumber, terminal.id, terminal.terminalCode, at, expiresAt, at],
    );
    if (taken.rowCount === 1) return { ok: true, receptionId, expiresAt, ...timing };
    const rows = await db.query<{ store_code: string; terminal_code: string; claimed_at: string; expires_at: string; closed: number | string }>(
      'SELECT store_code, terminal_code, claimed_at, expires_at, closed FROM reception_claims WHERE reception_id = ?',
      [receptionId],
    );
    const row = rows[0];
    if (!row) continue;
    // Another store's reception: its terminals are none of this store's business.
    if (row.store_code !== terminal.storeCode) return { ok: false, code: 'WRONG_STORE' };
    // Settled while this claim was on its way: the settlement's ingest closed the claim in its own transaction.
    if (Number(row.closed) === 1) return { ok: false, code: 'RECEPTION_CLOSED', status: 'settled' };
    if (row.expires_at > at) {
      return { ok: false, code: 'RECEPTION_CLAIMED', holder: { terminalCode: row.terminal_code, claimedAt: row.claimed_at, expiresAt: row.expires_at } };
    }
  }
  // Three rounds of other PCs taking and letting go in between: answered as a failure the kiosk retries (CLAIM_REFUSED).
  throw new Error(`reception ${receptionNumber}: claim contended three times`);
}

/** Releases only the caller's own claim; a claim a settlement closed stays closed. */
export async function releaseClaim(db: HqQueryable, terminal: Terminal, receptionId: string): Promise<boolean> {
  const released = await db.execute('DELETE FROM reception_claims WHERE reception_id = ? AND terminal_id = ? AND closed = 0', [
    receptionId,
    terminal.id,
  ]);
  return released.rowCount === 1;
}
