/**
 * The kiosk side of the terminal lease (S-02): signing in with a terminal account takes the lease from HQ, a
 * heartbeat renews it, signing out releases it. A second device asking while the lease is live is refused
 * (TERMINAL_IN_USE) and the sign-in screen says so.
 *
 * Offline rule (D-08):
 *  - A device that holds a lease keeps working while HQ is unreachable; heartbeats that fail leave it signed in and
 *    the next one that gets through renews (or re-takes) the lease.
 *  - A first sign-in while HQ is unreachable is allowed only when HQ confirmed a lease for this terminal to this same
 *    device within the last `offlineGraceHours` (default 72 h, a long weekend's outage), as cached in sync_lease.
 *    The cache survives sign-out on purpose: the shop must be able to open next morning with the network down.
 *    Anything else is refused with LEASE_OFFLINE_NO_RECENT_LEASE. The window bounds how long a device that lost its
 *    lease to another one could, offline, still sign in; HQ catches it at the next heartbeat (LEASE_LOST).
 *  - 401 (a revoked or wrong token) is never treated as offline.
 */
import { requestHq } from './hq-request.ts';
import type { Db } from '../../db/open.ts';
import type { SyncConnection } from './sync-client.ts';

export const DEFAULT_OFFLINE_GRACE_HOURS = 72;

export interface LeaseClientOptions {
  db: Db;
  connection: SyncConnection;
  /** A stable id of this installation (not of the terminal account). */
  deviceId: string;
  fetch?: typeof fetch;
  clock?: () => Date;
  requestTimeoutMs?: number;
  offlineGraceHours?: number;
}

export type LeaseResult =
  | { ok: true; mode: 'online'; leaseId: string; expiresAt: string; heartbeatSeconds: number }
  | { ok: true; mode: 'offline'; leaseId: string; confirmedAt: string }
  | { ok: false; code: 'TERMINAL_IN_USE'; expiresAt: string | null }
  | { ok: false; code: 'LEASE_LOST' }
  | { ok: false; code: 'LEASE_OFFLINE_NO_RECENT_LEASE' }
  | { ok: false; code: 'LEASE_UNAUTHORIZED' };

interface CachedLease {
  device_id: string;
  lease_id: string;
  confirmed_at: string;
  expires_at: string;
}

type Exchange = { kind: 'answer'; status: number; body: Record<string, unknown> } | { kind: 'offline' };

export class LeaseClient {
  private readonly fetch: typeof fetch;
  private readonly clock: () => Date;
  private readonly requestTimeoutMs: number;
  private readonly graceMs: number;
  private current: { leaseId: string; mode: 'online' | 'offline' } | null = null;

  constructor(private readonly options: LeaseClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.clock = options.clock ?? (() => new Date());
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.graceMs = (options.offlineGraceHours ?? DEFAULT_OFFLINE_GRACE_HOURS) * 3_600_000;
  }

  /** Whether this device currently counts as signed in on the terminal account. */
  get held(): boolean {
    return this.current !== null;
  }

  async acquire(): Promise<LeaseResult> {
    const answer = await this.requestLease();
    if (answer.kind === 'offline') return this.acquireOffline();
    return this.leaseAnswer(answer);
  }

  /** Renews the lease; call every heartbeatSeconds while signed in. Unreachable HQ keeps the device signed in. */
  async heartbeat(): Promise<LeaseResult> {
    if (!this.current) return { ok: false, code: 'LEASE_LOST' };
    // Signed in offline: the first heartbeat that reaches HQ takes the lease for real, or learns it is taken.
    if (this.current.mode === 'offline') {
      const answer = await this.requestLease();
      return answer.kind === 'offline' ? this.offlineHeld() : this.leaseAnswer(answer);
    }
    const { leaseId } = this.current;
    const answer = await this.call('PUT', `api/v1/lease/${encodeURIComponent(leaseId)}`, {
      deviceId: this.options.deviceId,
    });
    if (answer.kind === 'offline') return this.offlineHeld();
    if (answer.status === 401 || answer.status === 403) {
      this.current = null;
      return { ok: false, code: 'LEASE_UNAUTHORIZED' };
    }
    if (answer.status === 409) {
      this.current = null;
      return { ok: false, code: 'LEASE_LOST' };
    }
    return this.confirmed(answer.body);
  }

  /** Signing out. Best effort: offline, the lease simply expires at HQ after its TTL. */
  async release(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (!current || current.mode === 'offline') return;
    await this.call('DELETE', `api/v1/lease/${encodeURIComponent(current.leaseId)}`);
  }

  private requestLease(): Promise<Exchange> {
    const { terminalCode } = this.options.connection;
    return this.call('POST', 'api/v1/lease', { terminalCode, deviceId: this.options.deviceId });
  }

  private leaseAnswer(answer: Exchange & { kind: 'answer' }): LeaseResult {
    if (answer.status === 401 || answer.status === 403) {
      this.current = null;
      return { ok: false, code: 'LEASE_UNAUTHORIZED' };
    }
    if (answer.status === 409) {
      this.current = null;
      const error = answer.body.error as { expiresAt?: string } | undefined;
      return { ok: false, code: 'TERMINAL_IN_USE', expiresAt: error?.expiresAt ?? null };
    }
    return this.confirmed(answer.body);
  }

  private offlineHeld(): LeaseResult {
    const cached = this.cached();
    return {
      ok: true,
      mode: 'offline',
      leaseId: this.current?.leaseId ?? cached?.lease_id ?? '',
      confirmedAt: cached?.confirmed_at ?? '',
    };
  }

  private acquireOffline(): LeaseResult {
    const cached = this.cached();
    const now = this.clock().getTime();
    if (!cached || cached.device_id !== this.options.deviceId || now - Date.parse(cached.confirmed_at) > this.graceMs) {
      return { ok: false, code: 'LEASE_OFFLINE_NO_RECENT_LEASE' };
    }
    this.current = { leaseId: cached.lease_id, mode: 'offline' };
    return { ok: true, mode: 'offline', leaseId: cached.lease_id, confirmedAt: cached.confirmed_at };
  }

  private confirmed(body: Record<string, unknown>): LeaseResult {
    const leaseId = String(body.leaseId);
    const expiresAt = String(body.expiresAt);
    const heartbeatSeconds = Number(body.heartbeatSeconds ?? 30);
    this.options.db
      .prepare(
        `INSERT INTO sync_lease (terminal_code, device_id, lease_id, confirmed_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (terminal_code) DO UPDATE SET device_id = excluded.device_id, lease_id = excluded.lease_id,
           confirmed_at = excluded.confirmed_at, expires_at = excluded.expires_at`,
      )
      .run(this.options.connection.terminalCode, this.options.deviceId, leaseId, this.clock().toISOString(), expiresAt);
    this.current = { leaseId, mode: 'online' };
    return { ok: true, mode: 'online', leaseId, expiresAt, heartbeatSeconds };
  }

  private cached(): CachedLease | undefined {
    return this.options.db
      .prepare('SELECT device_id, lease_id, confirmed_at, expires_at FROM sync_lease WHERE terminal_code = ?')
      .get(this.options.connection.terminalCode) as CachedLease | undefined;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Exchange> {
    const response = await requestHq(this.options.connection, this.fetch, this.requestTimeoutMs, { method, path, body });
    if (!response) return { kind: 'offline' };
    // A 5xx, a proxy's error page or any other unexpected answer says nothing about the lease: treat it as HQ
    // being unreachable, which keeps a signed-in device working.
    if (!response.ok && ![401, 403, 409].includes(response.status)) return { kind: 'offline' };
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(response.text) as Record<string, unknown>;
    } catch {
      if (response.ok) return { kind: 'offline' };
    }
    return { kind: 'answer', status: response.status, body: parsed };
  }
}
