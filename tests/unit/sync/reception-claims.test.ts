/**
 * N-02 one editor at a time, the counter PC's side: the claims run in the sync worker, bounded, and the offline rule
 * (own receptions editable, another PC's read-only) as the claims service applies it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reception } from '../../../preload/types.ts';
import { ReceptionClaimsService } from '../../../main/services/reception-claims.ts';
import type { ClaimCall, ClaimResult } from '../../../main/sync/claim-messages.ts';
import { claimBoundMs, startSyncWorker, type SyncWorkerProcess, type SyncWorkerRequest } from '../../../main/sync/sync-client.ts';
import { executeRequest, startTestCore, type TestCore, walkIn } from '../../support/core.ts';

/** Under the amount that needs an identity check: this test is about the claim's wait, not the wizard. */
const wallet = { categoryId: 'brand-wallet', name: '長財布 𠮷田モデル', grade: 'B' as const, quantity: 1, unitPrice: 4000 };

let t: TestCore | undefined;
let server: Server | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function appraised(test: TestCore): Promise<Reception> {
  const r = await test.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  await test.ok('appraisal:addItem', { receptionId: r.id, item: wallet });
  return test.ok('appraisal:complete', { receptionId: r.id });
}

/** An HQ stand-in on 127.0.0.1 that accepts every request and never answers (a hung HQ behind a live socket). */
async function hangingHq(seen: string[]): Promise<string> {
  server = createServer((request: IncomingMessage) => {
    seen.push(`${request.method} ${request.url}`);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('N-02 the claim runs in the sync worker, bounded', () => {
  it('N-02 a hung HQ holds up execute of an own reception by the claim bound (2 s) at most, and the screen is told "offline"', async () => {
    t = await startTestCore();
    const seen: string[] = [];
    const hqUrl = await hangingHq(seen);
    await t.core.services.sync.provision({ hqUrl, storeCode: 'S001', terminalCode: 'T01', token: 't'.repeat(32) });
    const r = await appraised(t);

    const openedAt = performance.now();
    const claim = await t.ok('reception:claim', { receptionId: r.id });
    const claimMs = performance.now() - openedAt;
    // Own reception, HQ not answering: editable as offline (D-08), after the bound and not before the worker asked.
    expect(claim).toEqual({ receptionId: r.id, expiresAt: null, renewSeconds: null, offline: true });
    expect(seen).toContain(`POST /api/v1/receptions/${r.id}/claim`);
    expect(claimMs).toBeGreaterThan(1_400);
    expect(claimMs).toBeLessThan(3_500);

    const executeAt = performance.now();
    const settled = await t.ok('settlement:execute', executeRequest(r));
    const executeMs = performance.now() - executeAt;
    expect(settled.reception.status).toBe('settled');
    expect(executeMs).toBeLessThan(3_500);
  }, 30_000);

  it('N-02 a worker that is gone answers at once as offline (no claim needed for an own reception)', async () => {
    t = await startTestCore();
    const seen: string[] = [];
    await t.core.services.sync.provision({ hqUrl: await hangingHq(seen), storeCode: 'S001', terminalCode: 'T01', token: 't'.repeat(32) });
    await t.core.services.sync.stop();
    const r = await appraised(t);
    const startedAt = performance.now();
    expect(await t.ok('reception:claim', { receptionId: r.id })).toMatchObject({ expiresAt: null, offline: true });
    expect(performance.now() - startedAt).toBeLessThan(500);
    expect(seen).toEqual([]);
  });
});

describe('N-02 the main process waits a bounded time for the worker', () => {
  it('N-02 a worker that takes the request and never answers (stuck, or busy for good): the claim is given up after claimBoundMs', async () => {
    const posted: SyncWorkerRequest[] = [];
    const onExit: ((code: number) => void)[] = [];
    const silent: SyncWorkerProcess = {
      postMessage: (message) => void posted.push(message),
      on: () => silent,
      once: (_event, listener) => {
        onExit.push(listener);
        return silent;
      },
      terminate: () => {
        for (const listener of onExit.splice(0)) listener(1);
      },
    };
    const tuning = { claimTimeoutMs: 300 };
    const worker = startSyncWorker({ dbFile: ':memory:', config: { hqUrl: 'http://127.0.0.1:9', storeCode: 'S001', terminalCode: 'T01', token: 't'.repeat(32) }, tuning, spawn: () => silent });
    expect(claimBoundMs(tuning)).toBe(800);
    expect(claimBoundMs(undefined)).toBe(2_000);
    const startedAt = performance.now();
    expect(await worker.claim({ action: 'claim', receptionId: 'r-1', receptionNumber: 'S001-01-20261127-0007' }, claimBoundMs(tuning))).toBeNull();
    const waited = performance.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(790);
    expect(waited).toBeLessThan(1_500);
    expect(posted).toEqual([{ type: 'claim', id: 1, call: { action: 'claim', receptionId: 'r-1', receptionNumber: 'S001-01-20261127-0007' } }]);
    // A worker that ends answers every waiting claim at once (as HQ unreachable), not after the bound.
    const pending = worker.claim({ action: 'release', receptionId: 'r-1' }, 60_000);
    silent.terminate();
    expect(await pending).toBeNull();
  });
});

describe('N-02 the offline rule and held claims (claims service)', () => {
  const future = (clock: TestCore['clock'], seconds: number) => new Date(clock.now().getTime() + seconds * 1000).toISOString();

  function service(test: TestCore, answers: (call: ClaimCall) => ClaimResult | null, foreign: Set<string>, provisioned = true) {
    const calls: ClaimCall[] = [];
    const claims = new ReceptionClaimsService({
      db: test.core.db,
      provisioned: () => provisioned,
      send: async (call) => {
        calls.push(call);
        return answers(call);
      },
      isForeignReception: (id) => foreign.has(id),
      clock: test.clock.now,
    });
    return { claims, calls };
  }

  it('N-02 another PC\'s reception cannot be claimed offline (CLAIM_OFFLINE); this PC\'s own stays editable', async () => {
    t = await startTestCore();
    const own = await appraised(t);
    const theirs = await appraised(t);
    const { claims } = service(t, () => null, new Set([theirs.id]));
    expect(await claims.claim(own.id)).toEqual({ receptionId: own.id, expiresAt: null, renewSeconds: null, offline: true });
    await expect(claims.claim(theirs.id)).rejects.toMatchObject({ code: 'CLAIM_OFFLINE' });
    // Execute takes the same claim first: another PC's reception is not settled offline (refused as any edit is).
    await expect(claims.claimBeforeSettling(theirs.id)).rejects.toMatchObject({ code: 'RECEPTION_NOT_CLAIMED' });
    await expect(claims.claimBeforeSettling(own.id)).resolves.toBeUndefined();
    // Connection removed by IT: still nobody can claim another PC's reception here.
    const unprovisioned = service(t, () => null, new Set([theirs.id]), false);
    await expect(unprovisioned.claims.claim(theirs.id)).rejects.toMatchObject({ code: 'CLAIM_OFFLINE' });
    expect(await unprovisioned.claims.claim(own.id)).toMatchObject({ expiresAt: null, offline: false });
    expect(unprovisioned.calls).toEqual([]);
  });

  it('N-02 the default predicate treats every local reception as this PC\'s own', async () => {
    t = await startTestCore();
    const r = await appraised(t);
    const claims = new ReceptionClaimsService({ db: t.core.db, provisioned: () => true, send: async () => null });
    expect(await claims.claim(r.id)).toMatchObject({ offline: true });
  });

  it('N-02 a held claim is held until it expires, a renewal extends it, a refusal or a release ends it', async () => {
    t = await startTestCore();
    const r = await appraised(t);
    let answer: ClaimResult = { ok: true, receptionId: r.id, expiresAt: future(t.clock, 60), renewSeconds: 20 };
    const { claims, calls } = service(t, () => answer, new Set([r.id]));
    expect(await claims.claim(r.id)).toMatchObject({ expiresAt: answer.ok && answer.expiresAt, renewSeconds: 20, offline: false });
    expect(calls).toEqual([{ action: 'claim', receptionId: r.id, receptionNumber: r.number }]);
    expect(claims.holds(r.id)).toBe(true);
    t.clock.advance(59_000);
    answer = { ok: true, receptionId: r.id, expiresAt: future(t.clock, 60), renewSeconds: 20 };
    await claims.claim(r.id);
    t.clock.advance(59_000);
    expect(claims.holds(r.id)).toBe(true);
    t.clock.advance(2_000);
    expect(claims.holds(r.id)).toBe(false);

    // Away too long: another PC took it. The renewal is refused and names the holder; nothing is held any more.
    await claims.claim(r.id);
    answer = { ok: false, code: 'RECEPTION_CLAIMED', holder: { terminalCode: 'T02', claimedAt: t.clock.now().toISOString(), expiresAt: future(t.clock, 60) } };
    await expect(claims.claim(r.id)).rejects.toMatchObject({ code: 'RECEPTION_CLAIMED', params: { terminal: 'T02' } });
    expect(claims.holds(r.id)).toBe(false);

    answer = { ok: true, receptionId: r.id, expiresAt: future(t.clock, 60), renewSeconds: 20 };
    await claims.claim(r.id);
    await claims.release(r.id);
    expect(claims.holds(r.id)).toBe(false);
    expect(calls.at(-1)).toEqual({ action: 'release', receptionId: r.id });
  });

  it('N-02 the claims of a window whose clerk signed out or was locked are released for it; a signed-in window keeps its own', async () => {
    t = await startTestCore();
    const left = await appraised(t);
    const kept = await appraised(t);
    const signedIn = new Set(['counter-window', 'back-office']);
    const calls: ClaimCall[] = [];
    const claims = new ReceptionClaimsService({
      db: t.core.db,
      provisioned: () => true,
      send: async (call) => {
        calls.push(call);
        return call.action === 'claim' ? { ok: true, receptionId: call.receptionId, expiresAt: future(t!.clock, 60), renewSeconds: 20 } : null;
      },
      signedIn: (clientId) => signedIn.has(clientId),
      clock: t.clock.now,
    });
    await claims.claim(left.id, 'counter-window');
    await claims.claim(kept.id, 'back-office');
    claims.releaseAbandoned();
    expect(calls.filter((call) => call.action === 'release')).toEqual([]);

    signedIn.delete('counter-window');
    claims.releaseAbandoned();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls.filter((call) => call.action === 'release')).toEqual([{ action: 'release', receptionId: left.id }]);
    expect(claims.holds(left.id)).toBe(false);
    expect(claims.holds(kept.id)).toBe(true);
    // Nothing left to release: a second pass sends nothing more.
    claims.releaseAbandoned();
    expect(calls.filter((call) => call.action === 'release')).toHaveLength(1);
  });
});
