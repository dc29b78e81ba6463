/**
 * S-02 where HQ is provisioned: the terminal account's single login is an HQ lease held by this device. Implements
 * the lease port AccountsService signs in through; keeps the lease alive with an unref'd heartbeat timer and tells
 * the accounts service when HQ says the lease is gone. Not provisioned, it lets every sign-in through and the
 * single-instance lock is the only rule (one kiosk process per PC).
 */
import type { Db } from '../../db/open.ts';
import type { TerminalLeaseOutcome, TerminalLeasePort } from '../services/accounts.ts';
import { LeaseClient } from './lease-client.ts';
import type { SyncConnection } from './sync-client.ts';

/** This installation's id, made once and kept in the kiosk database: HQ tells devices apart by it. */
export function ensureDeviceId(db: Db, newId: () => string): string {
  db.prepare(`INSERT INTO sync_state (key, value) VALUES ('device_id', ?) ON CONFLICT (key) DO NOTHING`).run(newId());
  return (db.prepare(`SELECT value FROM sync_state WHERE key = 'device_id'`).get() as { value: string }).value;
}

export interface HqTerminalLeaseOptions {
  db: Db;
  /** The HQ connection now, or null when not provisioned. Read at each sign-in: IT may provision at any time. */
  connection: () => SyncConnection | null;
  deviceId: string;
  fetch?: typeof fetch;
  clock?: () => Date;
  requestTimeoutMs?: number;
  /** Heartbeat period; by default what HQ asks for (heartbeatSeconds), 30 s while signed in offline. */
  heartbeatMs?: number;
}

const OFFLINE_HEARTBEAT_MS = 30_000;

export class HqTerminalLease implements TerminalLeasePort {
  private client: LeaseClient | null = null;
  private onLost: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  /** A resumed session whose lease HQ has not confirmed yet (HQ was unreachable): each tick asks for it again. */
  private pending = false;

  constructor(private readonly options: HqTerminalLeaseOptions) {}

  /** Whether anything could still touch the database (a timer or a request in flight). */
  get busy(): boolean {
    return this.timer !== null || this.beating !== null || this.inFlight.size > 0;
  }

  async acquire(
    terminalCode: string,
    onLost: () => void,
    mode: 'sign-in' | 'resume' = 'sign-in',
  ): Promise<TerminalLeaseOutcome> {
    this.stopHeartbeat();
    this.client = null;
    this.onLost = null;
    this.pending = false;
    const connection = this.options.connection();
    if (!connection) return { ok: true };
    // The HQ token belongs to one terminal; signing in as another would leave that account unguarded.
    if (connection.terminalCode !== terminalCode) return { ok: false, code: 'TERMINAL_MISMATCH' };
    const client = new LeaseClient({
      db: this.options.db,
      connection,
      deviceId: this.options.deviceId,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      ...(this.options.requestTimeoutMs ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
    });
    const result = await this.track(client.acquire());
    const pending = !result.ok && result.code === 'LEASE_OFFLINE_NO_RECENT_LEASE' && mode === 'resume';
    if (!result.ok && !pending) {
      return { ok: false, code: result.code === 'LEASE_LOST' ? 'TERMINAL_IN_USE' : result.code };
    }
    // Closing while HQ answered: keep the lease (as close() does) but start nothing that outlives the database.
    if (this.closed) return { ok: true };
    this.client = client;
    this.onLost = onLost;
    this.pending = pending;
    const periodMs =
      this.options.heartbeatMs ??
      (result.ok && result.mode === 'online' ? result.heartbeatSeconds * 1000 : OFFLINE_HEARTBEAT_MS);
    this.timer = setInterval(() => void this.heartbeat(), periodMs);
    // The heartbeat never keeps the process alive on its own.
    this.timer.unref();
    return { ok: true };
  }

  /** One heartbeat now (the timer's tick). A lost lease ends the sign-in through onLost. */
  heartbeat(): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    this.beating ??= (async () => {
      try {
        const result = this.pending ? await client.acquire() : await client.heartbeat();
        if (this.client !== client) return;
        if (result.ok) {
          this.pending = false;
          return;
        }
        // Unreachable HQ counts as held (the offline rule); any answer that is not a renewal means the lease is
        // gone: taken over after expiry (LEASE_LOST, or TERMINAL_IN_USE for an offline sign-in) or a revoked token.
        if (result.code === 'LEASE_OFFLINE_NO_RECENT_LEASE') return;
        const lost = this.onLost;
        this.stopHeartbeat();
        this.client = null;
        this.onLost = null;
        lost?.();
      } finally {
        this.beating = null;
      }
    })();
    return this.beating;
  }

  async release(): Promise<void> {
    this.stopHeartbeat();
    const client = this.client;
    this.client = null;
    this.onLost = null;
    if (client) await this.track(client.release());
  }

  /**
   * At quit: stops the heartbeat and waits for exchanges in flight, but keeps the lease. The terminal session
   * survives a restart, and this same device re-takes the lease when it starts again.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.stopHeartbeat();
    this.client = null;
    this.onLost = null;
    await Promise.allSettled([this.beating, ...this.inFlight]);
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    return promise.finally(() => this.inFlight.delete(promise));
  }
}
