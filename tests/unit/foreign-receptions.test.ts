/**
 * N-03 with N-02: which receptions are another PC's (the `isForeignReception` predicate the claims service takes),
 * the record of claims this PC holds, and the guard that refuses a change to another PC's reception without one.
 * The real core on a real SQLite file; another PC's receptions arrive as the store feed writes them.
 */
import { randomUUID } from 'node:crypto';
import type { ReceptionPayload, StoreFeedEntry } from 'kaitori-sync-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ClaimTrackingService, HeldClaims, isForeignReception } from '../../main/services/foreign-receptions.ts';
import { applyStoreFeedPage } from '../../main/sync/store-feed.ts';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Another PC's reception (T02, number 2) as HQ's feed carries it: real number and stock-code formats. */
function fromT02(version: number, overrides: Partial<ReceptionPayload> = {}): StoreFeedEntry {
  const receptionId = overrides.receptionId ?? randomUUID();
  return {
    seq: version,
    reception: {
      schemaVersion: 1,
      changeId: randomUUID(),
      receptionId,
      receptionNumber: 'S001-02-20261127-0007',
      storeCode: 'S001',
      terminalCode: 'T02',
      staffCode: '9201',
      version,
      status: 'appraising',
      sellerName: '𠮷野 さくら🌸',
      sellerNameKana: 'よしの サクラ',
      memberNumber: null,
      itemCount: 1,
      itemsTotal: 100_000_000,
      adjustmentAmount: 0,
      createdAt: '2026-11-27T01:00:00.000Z',
      changedAt: '2026-11-27T01:05:00.000Z',
      items: [
        {
          id: randomUUID(),
          position: 1,
          stockCode: 'S001-02-0000123',
          categoryId: 'brand-wallet',
          name: '長財布（クロコダイル）🐊 とても長い名前の商品'.repeat(4),
          maker: 'エルメス',
          model: 'ドゴン',
          serial: '',
          colour: '黒',
          features: '',
          grade: 'S',
          quantity: 1,
          unitPrice: 100_000_000,
          productCode: '',
          weightCg: null,
          metalPricePerGram: null,
          ecPublish: false,
          cancelled: false,
          createdAt: '2026-11-27T01:01:00.000Z',
        },
      ],
      originTerminalCode: 'T02',
      originStaffCode: '9201',
      ...overrides,
    },
  };
}

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
    // This kiosk is not connected to HQ: no claim can be had for another PC's reception; its own needs none.
    expect(await t.call('reception:claim', { receptionId: id })).toMatchObject({ ok: false, error: { code: 'RECEPTION_NOT_CLAIMED' } });
    const own = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    expect(await t.ok('reception:claim', { receptionId: own.id })).toEqual({ receptionId: own.id, expiresAt: null, renewSeconds: null });
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

  it('N-03 HeldClaims: a granted claim holds until its expiry, a release or a refusal ends it, and "no claim needed" holds nothing', () => {
    let now = Date.parse('2026-11-27T01:00:00.000Z');
    const held = new HeldClaims(() => now);
    const id = randomUUID();
    held.record({ receptionId: id, expiresAt: '2026-11-27T01:01:00.000Z', renewSeconds: 20 });
    expect(held.holds(id)).toBe(true);
    now += 59_999;
    expect(held.expiresAt(id)).toBe('2026-11-27T01:01:00.000Z');
    now += 1;
    expect(held.holds(id)).toBe(false);
    held.record({ receptionId: id, expiresAt: '2026-11-27T01:02:00.000Z', renewSeconds: 20 });
    held.forget(id);
    expect(held.holds(id)).toBe(false);
    held.record({ receptionId: id, expiresAt: '2026-11-27T01:02:00.000Z', renewSeconds: 20 });
    held.record({ receptionId: id, expiresAt: null, renewSeconds: null });
    expect(held.holds(id)).toBe(false);
  });

  it('N-03 a claim granted before HQ went away keeps another PC’s reception editable until it expires, then read-only', async () => {
    t = await startTestCore({ signIn: 'manager' });
    const entry = fromT02(2);
    applyStoreFeedPage(t.core.db, [entry], 2, { terminalCode: 'T01', at });
    const id = entry.reception.receptionId;
    let now = Date.parse('2026-11-27T01:00:00.000Z');
    const held = new HeldClaims(() => now);
    // Not connected: the base service answers "no claim needed" — what it answers while HQ is unreachable.
    const claims = new ClaimTrackingService({ db: t.core.db, connection: () => null }, held);
    await expect(claims.claim(id)).rejects.toMatchObject({ code: 'RECEPTION_NOT_CLAIMED' });
    held.record({ receptionId: id, expiresAt: '2026-11-27T01:01:00.000Z', renewSeconds: 20 });
    expect(await claims.claim(id)).toEqual({ receptionId: id, expiresAt: '2026-11-27T01:01:00.000Z', renewSeconds: null });
    now += 60_000;
    await expect(claims.claim(id)).rejects.toMatchObject({ code: 'RECEPTION_NOT_CLAIMED' });
  });
});
