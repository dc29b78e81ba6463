/**
 * N-03 with N-02: which receptions are another PC's (the `isForeignReception` predicate the claims service takes),
 * the record of claims this PC holds, and the guard that refuses a change to another PC's reception without one.
 * The real core on a real SQLite file; another PC's receptions arrive as the store feed writes them.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isForeignReception } from '../../main/services/foreign-receptions.ts';
import { ReceptionClaimsService } from '../../main/services/reception-claims.ts';
import type { ClaimResult } from '../../main/sync/claim-messages.ts';
import { applyStoreFeedPage } from '../../main/sync/store-feed.ts';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { fromT02 } from '../support/foreign-reception.ts';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const at = '2026-11-27T01:10:00.000Z';

describe('N-03 another PC’s receptions here', () => {
  it('N-03 isForeignReception: taken at another PC, or last changed by one — never this PC’s own, nor an unknown id', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const db = t.core.db;
    const own = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const entry = fromT02(3);
    expect(applyStoreFeedPage(db, [entry], 3, { terminalCode: 'T01', at })).toBe(1);
    const cases: [string, string, boolean][] = [
      ['this PC’s own reception', own.id, false],
      ['taken at T02', entry.reception.receptionId, true],
      ['unknown id', randomUUID(), false],
    ];
    for (const [name, id, foreign] of cases) expect({ name, foreign: isForeignReception(db, id) }).toEqual({ name, foreign });

    // T02 changed this PC's own reception (it held the claim): now it needs a claim here too.
    const changed = fromT02(own.version + 1, { receptionId: own.id, receptionNumber: own.number, originTerminalCode: 'T01', originStaffCode: '9001', items: [] });
    expect(applyStoreFeedPage(db, [changed], 4, { terminalCode: 'T01', at })).toBe(1);
    expect(isForeignReception(db, own.id)).toBe(true);
    expect((await t.ok('reception:list', { number: own.number })).rows[0]).toMatchObject({ changedBy: 'T02' });
  });

  it('N-03 a change to another PC’s reception without this PC’s claim is refused (RECEPTION_NOT_CLAIMED) and changes nothing; offline it stays read-only', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const entry = fromT02(2);
    applyStoreFeedPage(t.core.db, [entry], 2, { terminalCode: 'T01', at });
    const id = entry.reception.receptionId;
    const before = await t.ok('reception:get', { id });
    expect(before).toMatchObject({ number: 'S001-02-20261127-0007', version: 2 });
    expect(before.items[0]).toMatchObject({ stockCode: 'S001-02-0000123', unitPrice: 100_000_000 });
    for (const [channel, request] of [
      ['appraisal:complete', { receptionId: id }],
      ['appraisal:setAdjustment', { receptionId: id, amount: -1_000, reason: '箱なし' }],
      ['reception:flagSuspectedStolen', { receptionId: id, flagged: true }],
    ] as const) {
      expect(await t.call(channel, request as never)).toMatchObject({ ok: false, error: { code: 'RECEPTION_NOT_CLAIMED' } });
    }
    // This kiosk is not connected to HQ: no claim can be had for another PC's reception ("offline — cannot claim");
    // its own needs none.
    expect(await t.call('reception:claim', { receptionId: id })).toMatchObject({ ok: false, error: { code: 'CLAIM_OFFLINE' } });
    const own = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    expect(await t.ok('reception:claim', { receptionId: own.id })).toEqual({ receptionId: own.id, expiresAt: null, renewSeconds: null, offline: false });
    expect(await t.ok('reception:get', { id })).toEqual(before);
  });

  it('N-03 the feed removes another PC’s reception deleted there, and never touches one settled here', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const db = t.core.db;
    const entry = fromT02(2);
    applyStoreFeedPage(db, [entry], 2, { terminalCode: 'T01', at });
    const deleted = { ...entry, seq: 3, reception: { ...entry.reception, changeId: randomUUID(), version: 3, status: 'deleted' as const } };
    expect(applyStoreFeedPage(db, [deleted], 3, { terminalCode: 'T01', at })).toBe(1);
    expect(await t.call('reception:get', { id: entry.reception.receptionId })).toMatchObject({ ok: false, error: { code: 'RECEPTION_NOT_FOUND' } });

    // This PC's own settled reception: a later change from elsewhere (a PC that missed the settlement) changes nothing.
    const demoSettled = db.prepare(`SELECT id, number, version FROM receptions WHERE status = 'settled' LIMIT 1`).get() as { id: string; number: string; version: number };
    const before = await t.ok('reception:get', { id: demoSettled.id });
    const late = fromT02(demoSettled.version + 5, { receptionId: demoSettled.id, receptionNumber: demoSettled.number, status: 'appraising' });
    expect(applyStoreFeedPage(db, [late], 5, { terminalCode: 'T01', at })).toBe(0);
    expect(await t.ok('reception:get', { id: demoSettled.id })).toEqual(before);
  });

  it('N-03 a claim granted before HQ went away keeps another PC’s reception editable until it expires, then read-only', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const entry = fromT02(2);
    applyStoreFeedPage(t.core.db, [entry], 2, { terminalCode: 'T01', at });
    const id = entry.reception.receptionId;
    let now = Date.parse('2026-11-27T01:00:00.000Z');
    // HQ answers once (the claim), then is out of reach (null, as the worker answers then).
    let hq: ClaimResult | null = { ok: true, receptionId: id, expiresAt: '2026-11-27T01:01:00.000Z', renewSeconds: 20 };
    const claims = new ReceptionClaimsService({
      db: t.core.db,
      provisioned: () => true,
      send: async () => hq,
      isForeignReception: (receptionId) => isForeignReception(t!.core.db, receptionId),
      clock: () => new Date(now),
    });
    expect(await claims.claim(id)).toMatchObject({ expiresAt: '2026-11-27T01:01:00.000Z', offline: false });
    hq = null;
    now += 30_000;
    expect(await claims.claim(id)).toEqual({ receptionId: id, expiresAt: '2026-11-27T01:01:00.000Z', renewSeconds: null, offline: true });
    expect(claims.holds(id)).toBe(true);
    now += 30_000;
    await expect(claims.claim(id)).rejects.toMatchObject({ code: 'CLAIM_OFFLINE' });
    expect(claims.holds(id)).toBe(false);
  });
});
