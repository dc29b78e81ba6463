/**
 * M-07: a till's close reaches HQ through the outbox, exactly once, and HQ shows closes per store and business day.
 * A real HQ on 127.0.0.1 over SQLite (and PostgreSQL when configured); the real kiosk core with its sync worker.
 */
import { randomUUID } from 'node:crypto';
import type { TillClosePayload } from 'kaitori-sync-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreSyncOptions } from '../../main/core.ts';
import type { SyncStatus } from '../../preload/types.ts';
import { executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { backends, freePort, postBatch, type RunningHq, startHq, until } from './support/hq.ts';

const FAST: CoreSyncOptions = {
  tuning: { backoff: { baseMs: 50, capMs: 300 }, requestTimeoutMs: 2_000, idlePingMs: 60_000 },
  leaseRequestTimeoutMs: 2_000,
};

/** A close as the kiosk writes it: an evening at S001's first counter, ¥10 short, approved by the manager. */
function aClose(overrides: Partial<TillClosePayload> = {}): TillClosePayload {
  return {
    schemaVersion: 1,
    tillSessionId: randomUUID(),
    storeCode: 'S001',
    terminalCode: 'T01',
    openedByStaffCode: '1001',
    staffCode: '1001',
    openedAt: '2026-11-27T00:30:00.000Z',
    closedAt: '2026-11-27T11:05:00.000Z', // 20:05 in Tokyo
    openingFloat: 50_000,
    openingCounts: { '10000': 4, '1000': 9, '100': 9, '10': 10 },
    payouts: { count: 3, amount: 36_300 },
    otherMethods: [{ method: 'bank_transfer', label: '銀行振込', count: 1, amount: 120_000 }],
    payIns: { count: 1, amount: 10_000 },
    payOuts: { count: 1, amount: 3_000 },
    exchanges: { count: 0, amount: 0 },
    checks: [{ at: '2026-11-27T06:00:00.000Z', expected: 20_700, counted: 20_700, difference: 0 }],
    expected: 20_700,
    counted: 20_690,
    difference: -10,
    closingCounts: { '10000': 1, '5000': 1, '1000': 5, '500': 1, '100': 1, '50': 1, '10': 4 },
    approvedByStaffCode: '9001',
    ...overrides,
  };
}

async function adminGet<T>(hq: RunningHq, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hq.url}${path}`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
  return { status: response.status, body: (await response.json()) as T };
}


describe.each(backends())('M-07 till closes at HQ on $name', { timeout: 45_000 }, (backend) => {
  let hq: RunningHq | undefined;
  const kiosks: TestCore[] = [];
  afterEach(async () => {
    for (const kiosk of kiosks.splice(0)) await kiosk.close();
    await hq?.close();
    hq = undefined;
  });

  it('M-07 HQ stores a close once: a resend is a duplicate, another body under its id a conflict, a close that does not add up is invalid', async () => {
    hq = await startHq(backend);
    const close = aClose();
    const item = { kind: 'till_close', id: close.tillSessionId, payload: close };
    expect((await postBatch(hq, { protocol: 2, items: [item] })).body.results).toEqual([
      expect.objectContaining({ id: close.tillSessionId, status: 'stored' }),
    ]);
    expect((await postBatch(hq, { protocol: 2, items: [item] })).body.results).toEqual([
      expect.objectContaining({ status: 'duplicate' }),
    ]);
    const changed = { ...item, payload: { ...close, counted: 20_700, difference: 0 } };
    expect((await postBatch(hq, { protocol: 2, items: [changed] })).body.results).toEqual([
      expect.objectContaining({ status: 'conflict', error: expect.objectContaining({ code: 'IDEMPOTENCY_CONFLICT' }) }),
    ]);
    const wrong = aClose({ difference: 0 });
    const otherStore = aClose({ storeCode: 'S002' });
    expect(
      (
        await postBatch(hq, {
          protocol: 2,
          items: [
            { kind: 'till_close', id: wrong.tillSessionId, payload: wrong },
            { kind: 'till_close', id: otherStore.tillSessionId, payload: otherStore },
            { kind: 'till_close', id: randomUUID(), payload: aClose() },
          ],
        })
      ).body.results.map((r) => (r.error as { code: string }).code),
    ).toEqual(['INVALID_PAYLOAD', 'WRONG_STORE', 'ID_MISMATCH']);

    // Filed under the Tokyo business day of the close; the stored copy is the first body, untouched by the conflict.
    const day = await adminGet<{ closes: Record<string, unknown>[]; totals: Record<string, number> }>(
      hq,
      '/api/v1/till-closes?date=2026-11-27&store=S001',
    );
    expect(day.body.closes).toEqual([
      expect.objectContaining({
        id: close.tillSessionId,
        terminalCode: 'T01',
        staffCode: '1001',
        openingFloat: 50_000,
        payoutCount: 3,
        payoutAmount: 36_300,
        expected: 20_700,
        counted: 20_690,
        difference: -10,
        approvedByStaffCode: '9001',
      }),
    ]);
    expect(day.body.totals).toEqual({ count: 1, expected: 20_700, counted: 20_690, difference: -10 });
    expect((await adminGet<{ closes: unknown[] }>(hq, '/api/v1/till-closes?date=2026-11-26')).body.closes).toEqual([]);
    expect((await adminGet<unknown>(hq, '/api/v1/till-closes?date=27-11-2026')).status).toBe(400);
    expect((await adminGet<Record<string, unknown>>(hq, `/api/v1/till-closes/${close.tillSessionId}`)).body).toMatchObject({
      otherMethods: [{ method: 'bank_transfer', count: 1, amount: 120_000 }],
      checks: [{ counted: 20_700 }],
      closingCounts: { '10': 4 },
    });
    expect((await adminGet<unknown>(hq, `/api/v1/till-closes/${randomUUID()}`)).status).toBe(404);

    const page = await fetch(`${hq.url}/?date=2026-11-27&store=S001`, {
      headers: { authorization: `Basic ${Buffer.from(`hq:${hq.adminToken}`).toString('base64')}` },
    });
    const html = await page.text();
    expect(html).toContain('レジ締め / Till closes');
    expect(html).toMatch(/<td>¥20,700<\/td><td>¥20,690<\/td><td>-¥10<\/td><td>9001<\/td>/);
  });

  it('M-07 a close made at the counter while HQ is down waits in the outbox and arrives once HQ is up, once', async () => {
    const port = await freePort();
    const token = 'kiosk-till-close-token-0123456789ab';
    const t = await startTestCore({ signIn: 'manager', sync: FAST, openTill: false });
    kiosks.push(t);
    const statuses: SyncStatus[] = [];
    t.core.events.on('sync:status', (status) => statuses.push(status));
    await t.ok('sync:provision', { hqUrl: `http://127.0.0.1:${port}`, storeCode: 'S001', terminalCode: 'T01', token });

    await t.ok('till:open', { counts: { '10000': 5 } });
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: 'brand-wallet', name: '長財布', grade: 'B', quantity: 1, unitPrice: 4000 } });
    await t.ok('settlement:execute', executeRequest(await t.ok('appraisal:complete', { receptionId: r.id })));
    const closed = await t.ok('till:close', { counts: { '10000': 4, '1000': 5, '500': 1, '100': 4, '50': 1, '10': 4 }, approval: null });
    expect(closed).toMatchObject({ expected: 46_000, counted: 45_990, difference: -10 });
    const queued = () => t.core.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'till_close'`).get() as { n: number };
    await until('offline', () => statuses.find((s) => s.lastError?.startsWith('NETWORK')), 20_000);
    expect(queued()).toEqual({ n: 1 });

    hq = await startHq(backend, { port, token });
    statuses.length = 0;
    await t.ok('sync:wake', {});
    await until('drained', () => statuses.find((s) => s.online && s.backlog === 0), 20_000);
    expect(queued()).toEqual({ n: 0 });
    const date = new Date(Date.parse(closed.closedAt) + 9 * 3_600_000).toISOString().slice(0, 10);
    const day = await adminGet<{ closes: Record<string, unknown>[] }>(hq, `/api/v1/till-closes?date=${date}&store=S001`);
    expect(day.body.closes).toEqual([
      expect.objectContaining({ id: closed.id, terminalCode: 'T01', staffCode: '9001', expected: 46_000, counted: 45_990, difference: -10 }),
    ]);
    // The kiosk sending it again (a lost answer) changes nothing at HQ.
    const stored = (await adminGet<Record<string, unknown>>(hq, `/api/v1/till-closes/${closed.id}`)).body;
    const { receivedAt: _r, ...payload } = stored;
    expect((await postBatch(hq, { protocol: 2, items: [{ kind: 'till_close', id: closed.id, payload }] })).body.results).toEqual([
      expect.objectContaining({ status: 'duplicate' }),
    ]);
    expect((await adminGet<{ closes: unknown[] }>(hq, `/api/v1/till-closes?date=${date}`)).body.closes).toHaveLength(1);
  });
});
