/**
 * D-06 D-08 S-02 B-09: the real kiosk core (temp SQLite, its sync worker thread, its lease client) against a real HQ
 * on 127.0.0.1, driven through the IPC contract exactly as the renderer drives it. Every wait is bounded.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CoreSyncOptions, DATABASE_FILE } from '../../main/core.ts';
import { hashSecret } from '../../main/services/passwords.ts';
import { saveSyncConnection } from '../../main/sync/provisioning.ts';
import type { SessionState, SyncStatus } from '../../preload/types.ts';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { backends, freePort, type RunningHq, settlementIdsAtHq, startHq, until } from './support/hq.ts';

const backend = backends()[0]!;
const wallet = { categoryId: 'brand-wallet', name: '長財布', grade: 'B' as const, quantity: 1, unitPrice: 4000 };
/** Short backoff so a recovered HQ is reached within the test; a long idle ping so only wake() explains a quick send. */
const FAST: CoreSyncOptions = {
  tuning: { backoff: { baseMs: 50, capMs: 300 }, requestTimeoutMs: 2_000, idlePingMs: 60_000 },
  leaseRequestTimeoutMs: 2_000,
};


// The first worker of a run compiles its TypeScript entry through tsx, which can take seconds on a busy machine.
describe(`kiosk core with HQ sync (HQ on ${backend.name})`, { timeout: 45_000 }, () => {
  let hq: RunningHq | undefined;
  const kiosks: TestCore[] = [];
  afterEach(async () => {
    for (const kiosk of kiosks.splice(0)) await kiosk.close();
    await hq?.close();
    hq = undefined;
  });

  async function kiosk(options: Parameters<typeof startTestCore>[0] = {}): Promise<TestCore> {
    const t = await startTestCore({ signIn: 'manager', sync: FAST, ...options });
    kiosks.push(t);
    return t;
  }

  function record(t: TestCore): { statuses: SyncStatus[]; sessions: SessionState[] } {
    const statuses: SyncStatus[] = [];
    const sessions: SessionState[] = [];
    t.core.events.on('sync:status', (status) => statuses.push(status));
    t.core.events.on('session:changed', (state) => sessions.push(state));
    return { statuses, sessions };
  }

  function connection(url: string, token: string) {
    return { hqUrl: url, storeCode: 'S001', terminalCode: 'T01', token };
  }

  /** A walk-in buyback settled through the contract; returns the settlement id and how long execute took. */
  async function settle(t: TestCore): Promise<{ id: string; ms: number }> {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: wallet });
    const done = await t.ok('appraisal:complete', { receptionId: r.id });
    const id = randomUUID();
    const started = performance.now();
    await t.ok('settlement:execute', {
      receptionId: done.id,
      version: done.version,
      settlementId: id,
      cancelledItemIds: [],
      ecPublishItemIds: [],
      agreedTermsVersion: 1,
      paymentMethod: 'cash',
      printMethod: 'none',
      points: null,
    });
    return { id, ms: performance.now() - started };
  }

  /** One buyback queues its settlement and the reception's four changes (N-01: created, item added, appraised, settled). */
  const ROWS_PER_BUYBACK = 5;
  const outboxCount = (t: TestCore) => (t.core.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  /** The demo store comes with a settled and a cancelled buyback, queued like any other. */
  const queuedIds = (t: TestCore, kind?: 'settlement') =>
    (
      t.core.db.prepare('SELECT aggregate_id FROM outbox WHERE kind = COALESCE(?, kind) ORDER BY aggregate_id').all(
        kind ?? null,
      ) as { aggregate_id: string }[]
    ).map((row) => row.aggregate_id);

  it('D-06 without HQ provisioned the badge says not configured and no worker runs', async () => {
    const t = await kiosk({ signIn: 'clerk' });
    const demo = queuedIds(t).length;
    expect(await t.ok('sync:status', {})).toMatchObject({ configured: false, online: false, backlog: demo });
    expect(t.core.services.sync.running).toBe(false);
    await settle(t);
    expect(await t.ok('sync:status', {})).toMatchObject({ configured: false, backlog: demo + ROWS_PER_BUYBACK });
  });

  it('D-06 provisioning is manager-only, checks the URL, and keeps the token encrypted (never in the database file)', async () => {
    hq = await startHq(backend);
    const clerk = await kiosk({ signIn: 'clerk' });
    expect((await clerk.call('sync:provision', connection(hq.url, hq.token))).ok).toBe(false);
    expect(await clerk.call('sync:provision', connection(hq.url, hq.token))).toMatchObject({
      ok: false,
      error: { code: 'MANAGER_REQUIRED' },
    });

    const t = await kiosk();
    // Plain HTTP is for loopback only: a token sent in clear over the shop's network could be replayed.
    expect(await t.call('sync:provision', connection('http://hq.example.com', hq.token))).toMatchObject({
      ok: false,
      error: { code: 'SYNC_CONFIG_INVALID', fields: { hqUrl: 'errors.SYNC_CONFIG_INVALID' } },
    });
    expect(await t.call('sync:provision', { ...connection(hq.url, hq.token), token: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { token: 'validation.token' } },
    });

    const saved = await t.ok('sync:provision', connection(hq.url, hq.token));
    expect(saved).toEqual({ hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', updatedAt: expect.any(String) });
    expect(JSON.stringify(await t.ok('sync:connection', {}))).not.toContain(hq.token);
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
      const path = join(t.dataDir, file);
      if (existsSync(path)) expect(readFileSync(path).includes(Buffer.from(hq.token))).toBe(false);
    }
    expect(t.core.services.sync.connection()?.token).toBe(hq.token);
    expect(t.core.services.sync.running).toBe(true);

    // Cleared, the worker stops and the badge says so.
    expect(await t.ok('sync:clear', {})).toEqual({ cleared: true });
    expect(t.core.services.sync.running).toBe(false);
    expect(await t.ok('sync:connection', {})).toBeNull();
    expect(await t.ok('sync:status', {})).toMatchObject({ configured: false });
  });

  it('D-06 D-08 B-09 a settlement made through the contract reaches HQ exactly once, sent right after the commit', async () => {
    hq = await startHq(backend);
    const t = await kiosk();
    const { statuses } = record(t);
    const demo = queuedIds(t, 'settlement');
    await t.ok('sync:provision', connection(hq.url, hq.token));
    await until('the demo backlog sent', () => statuses.find((s) => s.online && s.backlog === 0), 20_000);
    expect(await settlementIdsAtHq(hq.db)).toEqual(demo);

    statuses.length = 0;
    const { id } = await settle(t);
    // The idle ping is a minute away: only the wake after the commit explains a send within seconds.
    const drained = await until('backlog 0', () => statuses.find((s) => s.online && s.backlog === 0 && s.lastSyncAt));
    expect(drained).toMatchObject({ configured: true, online: true, backlog: 0, dead: 0, lastError: null });
    const expected = [...demo, id].sort();
    expect(await settlementIdsAtHq(hq.db)).toEqual(expected);
    expect(outboxCount(t)).toBe(0);

    // Waking again sends nothing more: still exactly one copy.
    statuses.length = 0;
    await t.ok('sync:wake', {});
    await until('another cycle', () => statuses.at(-1));
    expect(await settlementIdsAtHq(hq.db)).toEqual(expected);
    expect(await t.ok('sync:status', {})).toMatchObject({ online: true, backlog: 0 });
  });

  it('D-08 with HQ down the settlement still completes at once, the backlog grows offline, and drains once HQ is up', async () => {
    const port = await freePort();
    const token = 'kiosk-core-offline-token-0123456789';
    const t = await kiosk();
    const { statuses } = record(t);
    const demo = queuedIds(t, 'settlement');
    const queued = queuedIds(t).length;
    await t.ok('sync:provision', connection(`http://127.0.0.1:${port}`, token));
    // Provisioned while HQ is unreachable, the signed-in terminal stays signed in (its lease is taken later).
    expect((await t.ok('session:state', {})).terminal?.code).toBe('T01');

    const first = await settle(t);
    const second = await settle(t);
    // Nothing in the settlement waits for the network.
    expect(first.ms).toBeLessThan(1_000);
    expect(second.ms).toBeLessThan(1_000);
    const backlog = queued + 2 * ROWS_PER_BUYBACK;
    const offline = await until('offline with the backlog', () => statuses.find((s) => s.backlog === backlog && s.lastError));
    expect(offline).toMatchObject({ configured: true, online: false, backlog });
    expect(offline.lastError).toMatch(/^NETWORK/);
    expect(await t.ok('sync:status', {})).toMatchObject({ online: false, backlog });

    hq = await startHq(backend, { port, token });
    statuses.length = 0;
    await t.ok('sync:wake', {});
    await until('drained', () => statuses.find((s) => s.online && s.backlog === 0));
    expect(await settlementIdsAtHq(hq.db)).toEqual([...demo, first.id, second.id].sort());
    expect(outboxCount(t)).toBe(0);
  });

  it('B-02 P-07 issue 13 §6 a ledger correction and an EC publish change made at the counter reach HQ through the outbox', async () => {
    hq = await startHq(backend);
    const t = await kiosk();
    const { statuses } = record(t);
    await t.ok('sync:provision', connection(hq.url, hq.token));
    const { id } = await settle(t);
    await until('the settlement at HQ', async () => ((await settlementIdsAtHq(hq!.db)).includes(id) ? true : undefined));

    // Wait until the worker has recorded HQ's answer and gone idle: the correction and the EC change must wake it.
    await until('the outbox drained', () => (outboxCount(t) === 0 ? true : undefined));
    // A correction refused by its own rule leaves nothing to send.
    const before = outboxCount(t);
    expect(await t.call('ledger:correct', { settlementId: id, field: 'seller.birthDate', newValue: '1980-02-30', reason: '誤記' })).toMatchObject({
      ok: false,
    });
    expect(outboxCount(t)).toBe(before);

    statuses.length = 0;
    const correction = await t.ok('ledger:correct', {
      settlementId: id,
      field: 'seller.address',
      newValue: '東京都千代田区丸の内1-1-1 𠮷ビル 3F',
      reason: '本人確認書類と照合し住所の誤記を訂正',
    });
    const stock = t.core.db.prepare('SELECT id, code FROM stock_items WHERE settlement_id = ?').get(id) as { id: string; code: string };
    await t.ok('stock:setEcPublished', { stockItemId: stock.id, published: true });
    await until('both sent', () => statuses.find((s) => s.online && s.backlog === 0));

    const read = (await (
      await fetch(`${hq.url}/api/v1/settlements/${id}`, { headers: { authorization: `Bearer ${hq.adminToken}` } })
    ).json()) as { corrections: { id: string; field: string; newValue: string; staffCode: string }[]; ecPublishChanges: Record<string, { published: boolean }> };
    expect(read.corrections).toEqual([
      expect.objectContaining({ id: correction.id, field: 'seller.address', newValue: '東京都千代田区丸の内1-1-1 𠮷ビル 3F', staffCode: '9001' }),
    ]);
    expect(read.ecPublishChanges).toEqual({ [stock.code]: expect.objectContaining({ published: true }) });
  });

  it('S-02 a second device signing in with the same terminal account is refused with TERMINAL_IN_USE until the first signs out', async () => {
    hq = await startHq(backend);
    const a = await kiosk();
    await a.ok('sync:provision', connection(hq.url, hq.token));

    // Device B (its own data folder, so its own device id) is provisioned while signed in: it cannot take the lease,
    // so its terminal session ends and every screen hears it.
    const b = await kiosk();
    const bEvents = record(b);
    await b.ok('sync:provision', connection(hq.url, hq.token));
    expect(bEvents.sessions.at(-1)).toEqual({ terminal: null, staff: null, notice: { reason: 'lease_refused', code: 'TERMINAL_IN_USE' } });
    // The sign-in screen says why (S-02).
    expect(await b.ok('session:state', {})).toEqual({ terminal: null, staff: null, notice: { reason: 'lease_refused', code: 'TERMINAL_IN_USE' } });
    expect(await b.call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).toMatchObject({
      ok: false,
      error: { code: 'TERMINAL_IN_USE', message: 'errors.TERMINAL_IN_USE' },
    });
    // A wrong password is still just a wrong password.
    expect(await b.call('session:terminalSignIn', { code: 'T01', password: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'TERMINAL_SIGN_IN_FAILED' },
    });

    // A signs out (releasing the lease); B may now sign in, and A in turn is refused.
    await a.ok('session:terminalSignOut', {});
    expect((await b.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).terminal?.code).toBe('T01');
    expect(await a.call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).toMatchObject({
      ok: false,
      error: { code: 'TERMINAL_IN_USE' },
    });
    // The HQ token belongs to T01: another terminal account on this kiosk would sign in unguarded, so it is refused.
    a.core.db
      .prepare(
        `INSERT INTO terminals (id, store_id, code, number, name, password_hash, created_at)
         SELECT ?, store_id, 'T02', 2, 'レジ2', ?, created_at FROM terminals WHERE code = 'T01'`,
      )
      .run(randomUUID(), hashSecret('second-terminal'));
    expect(await a.call('session:terminalSignIn', { code: 'T02', password: 'second-terminal' })).toMatchObject({
      ok: false,
      error: { code: 'TERMINAL_MISMATCH' },
    });
  });

  it('S-02 D-08 a session open while HQ was unreachable takes the lease at the first heartbeat that gets through', async () => {
    const port = await freePort();
    const token = 'kiosk-core-resume-token-0123456789';
    const a = await kiosk();
    await a.ok('sync:provision', connection(`http://127.0.0.1:${port}`, token));
    expect((await a.ok('session:state', {})).terminal?.code).toBe('T01');
    await a.core.lease.heartbeat();
    expect((await a.ok('session:state', {})).terminal?.code).toBe('T01');

    hq = await startHq(backend, { port, token });
    await a.core.lease.heartbeat();
    const b = await kiosk({ signIn: false });
    saveSyncConnection(b.core.db, b.core.config.keyProvider, connection(hq.url, token));
    expect(await b.call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).toMatchObject({
      ok: false,
      error: { code: 'TERMINAL_IN_USE' },
    });
    // A first sign-in with HQ unreachable and no lease confirmed to this device before: refused (the 72 h rule).
    await hq.stopServer();
    expect(await b.call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).toMatchObject({
      ok: false,
      error: { code: 'LEASE_OFFLINE_NO_RECENT_LEASE' },
    });
  });

  it('S-02 a device whose lease HQ gave to another after expiry is signed out at its next heartbeat (LEASE_LOST)', async () => {
    let hqNow = Date.parse('2026-11-27T01:00:00.000Z');
    hq = await startHq(backend, { clock: () => new Date(hqNow), lease: { ttlSeconds: 90, heartbeatSeconds: 30 } });
    const a = await kiosk();
    const aEvents = record(a);
    await a.ok('sync:provision', connection(hq.url, hq.token));
    expect((await a.ok('session:state', {})).terminal?.code).toBe('T01');

    const b = await kiosk({ signIn: false });
    // B provisioned from the database side, as a provisioning file would: the lease port reads it at sign-in.
    saveSyncConnection(b.core.db, b.core.config.keyProvider, connection(hq.url, hq.token));
    expect(await b.call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).toMatchObject({
      ok: false,
      error: { code: 'TERMINAL_IN_USE' },
    });

    // A goes silent past the TTL; B takes the terminal; A's next heartbeat learns it lost it.
    hqNow += 91_000;
    expect((await b.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).terminal?.code).toBe('T01');
    await a.core.lease.heartbeat();
    expect(aEvents.sessions.at(-1)).toEqual({ terminal: null, staff: null, notice: { reason: 'lease_lost', code: 'TERMINAL_IN_USE' } });
    expect((await a.ok('session:state', {})).terminal).toBeNull();
    const audit = a.core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'terminal.lease_lost'`).get() as {
      n: number;
    };
    expect(audit.n).toBe(1);
  });
});
