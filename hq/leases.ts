/**
 * Terminal leases (S-02): a terminal account is signed in on one device at a time. A device takes the lease, renews
 * it with heartbeats, and releases it at sign-out; a lease nobody renews expires, so a crashed device frees its
 * terminal after one TTL. The take-over is a single conditional upsert, atomic on both engines.
 */
import { randomUUID } from 'node:crypto';
import type { HqQueryable } from './db.ts';
import type { Terminal } from './terminals.ts';

export interface LeaseTiming {
  ttlSeconds: number;
  heartbeatSeconds: number;
}

export type LeaseOutcome =
  | { ok: true; leaseId: string; expiresAt: string; ttlSeconds: number; heartbeatSeconds: number }
  | { ok: false; code: 'TERMINAL_IN_USE'; expiresAt: string }
  | { ok: false; code: 'LEASE_LOST' };

export async function acquireLease(
  db: HqQueryable,
  terminal: Terminal,
  deviceId: string,
  now: Date,
  timing: LeaseTiming,
): Promise<LeaseOutcome> {
  const leaseId = randomUUID();
  const expiresAt = new Date(now.getTime() + timing.ttlSeconds * 1000).toISOString();
  // The same device may take its lease again (an app restart); another device only once the lease has expired.
  const taken = await db.execute(
    `INSERT INTO terminal_leases (terminal_id, lease_id, device_id, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (terminal_id) DO UPDATE SET lease_id = excluded.lease_id, device_id = excluded.device_id,
       acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
     WHERE terminal_leases.expires_at <= ? OR terminal_leases.device_id = excluded.device_id`,
    [terminal.id, leaseId, deviceId, now.toISOString(), expiresAt, now.toISOString()],
  );
  if (taken.rowCount === 1) return { ok: true, leaseId, expiresAt, ...timing };
  const rows = await db.query<{ expires_at: string }>('SELECT expires_at FROM terminal_leases WHERE terminal_id = ?', [
    terminal.id,
  ]);
  return { ok: false, code: 'TERMINAL_IN_USE', expiresAt: rows[0]?.expires_at ?? expiresAt };
}

/** Renews only the caller's own lease: one taken over by another device after expiry is lost for good. */
export async function renewLease(
  db: HqQueryable,
  terminal: Terminal,
  leaseId: string,
  deviceId: string,
  now: Date,
  timing: LeaseTiming,
): Promise<LeaseOutcome> {
  const expiresAt = new Date(now.getTime() + timing.ttlSeconds * 1000).toISOString();
  const renewed = await db.execute(
    'UPDATE terminal_leases SET expires_at = ? WHERE terminal_id = ? AND lease_id = ? AND device_id = ?',
    [expiresAt, terminal.id, leaseId, deviceId],
  );
  if (renewed.rowCount === 1) return { ok: true, leaseId, expiresAt, ...timing };
  return { ok: false, code: 'LEASE_LOST' };
}

export async function releaseLease(db: HqQueryable, terminal: Terminal, leaseId: string): Promise<boolean> {
  const released = await db.execute('DELETE FROM terminal_leases WHERE terminal_id = ? AND lease_id = ?', [
    terminal.id,
    leaseId,
  ]);
  return released.rowCount === 1;
}
