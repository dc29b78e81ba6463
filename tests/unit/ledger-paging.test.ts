import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../db/write-transaction.ts';
import type { CallContext } from '../../main/dispatch.ts';
import type { RequestOf } from '../../preload/contract.ts';
import type { LedgerLine, Reception } from '../../preload/types.ts';
import { executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';

// Goods under the identity-check threshold (¥10,000 a transaction), so each settlement is one execute call; names in
// kana, kanji and outside CP932.
const items: RequestOf<'appraisal:addItem'>['item'][] = [
  { categoryId: 'cloth-men', name: 'デニムジャケット', grade: 'B', quantity: 1, unitPrice: 3000 },
  { categoryId: 'brand-wallet', name: 'がま口財布 𠮷', grade: 'A', quantity: 2, unitPrice: 1500 },
  { categoryId: 'brand-wallet', name: 'キーケース 🔑', grade: 'B', quantity: 1, unitPrice: 2000 },
];
const manager: CallContext = { clientId: 'manager-client', window: 'clerk' };
const DAY = { from: '2026-11-27', to: '2026-11-27' };

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
  await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, manager);
});
afterEach(() => t.close());

async function appraised(count: number): Promise<Reception> {
  const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  for (const item of items.slice(0, count)) await t.ok('appraisal:addItem', { receptionId: r.id, item });
  return t.ok('appraisal:complete', { receptionId: r.id });
}

async function settle(r: Reception): Promise<void> {
  await t.ok('settlement:execute', executeRequest(await t.ok('reception:get', { id: r.id })));
}

/** Every page of the period from the first, following `next` (bounded: a loop in the paging cannot hang the test). */
async function allPages(pageSize: number, range = DAY): Promise<LedgerLine[][]> {
  const pages: LedgerLine[][] = [];
  let cursor = '';
  for (let guard = 0; guard < 100; guard++) {
    const page = await t.ok('ledger:page', { ...range, cursor, pageSize });
    pages.push(page.rows);
    if (!page.next) return pages;
    cursor = page.next;
  }
  throw new Error('the ledger never reached its last page');
}

const key = (line: LedgerLine) => `${line.receptionNumber}#${line.position}`;

describe('B-02 issue 14: the ledger a page at a time (keyset on settled instant, reception number, line)', () => {
  it('B-02 lines with equal settled_at — two items of one settlement, settlements in the same second — page without a repeat or a gap', async () => {
    const a = await appraised(3);
    const b = await appraised(2);
    const c = await appraised(2);
    // The clock does not move: all three settle at the same instant, and c is written first.
    await settle(c);
    await settle(a);
    await settle(b);
    const whole = (await t.ok('ledger:list', DAY)).map(key);
    const ours = whole.filter((k) => [a.number, b.number, c.number].some((n) => k.startsWith(`${n}#`)));
    // The ledger's order within one instant is reception number, then line — not the order of writing.
    expect(ours).toEqual([`${a.number}#1`, `${a.number}#2`, `${a.number}#3`, `${b.number}#1`, `${b.number}#2`, `${c.number}#1`, `${c.number}#2`]);
    for (const size of [1, 2, 3, 4, 100]) {
      const pages = await allPages(size);
      expect(pages.flat().map(key), `page size ${size}`).toEqual(whole);
      expect(pages.slice(0, -1).every((page) => page.length === size)).toBe(true);
    }
  });

  it('B-02 a settlement recorded between page 1 and page 2 — even one the clock puts earlier — does not shift page 2', async () => {
    const first = [await appraised(3), await appraised(3), await appraised(2)];
    for (const r of first) {
      t.clock.advance(1000);
      await settle(r);
    }
    const before = await t.ok('ledger:list', DAY);
    const page1 = await t.ok('ledger:page', { ...DAY, cursor: '', pageSize: 3 });
    // The PC's clock was set back (time sync): this settlement sorts before every line already shown.
    const late = await appraised(3);
    t.clock.set('2026-11-27T00:30:00.000Z');
    await settle(late);
    const page2 = await t.ok('ledger:page', { ...DAY, cursor: page1.next!, pageSize: 3 });
    expect(page2.rows.map(key)).toEqual(before.slice(3, 6).map(key));
    // Read again from the start, the new lines are where the ledger's order puts them.
    const again = (await allPages(3)).flat().map(key);
    expect(again).toHaveLength(before.length + 3);
    expect(again.indexOf(`${late.number}#1`)).toBeLessThan(again.indexOf(key(page1.rows[0]!)));
  });

  it('B-02 a correction shows on its line on a later page; the count is the number of lines; a bad cursor is refused', async () => {
    const receptions = [await appraised(3), await appraised(3)];
    for (const r of receptions) await settle(r);
    const target = await t.ok('reception:get', { id: receptions[1]!.id });
    await t.ok(
      'ledger:correct',
      { settlementId: target.settlement!.id, field: 'seller.address', newValue: '東京都渋谷区神宮前9-9-9', reason: '住所の転記誤り' },
      manager,
    );
    const lines = await t.ok('ledger:list', DAY);
    const pages = await allPages(2);
    const corrected = pages.slice(1).flat().filter((line) => line.receptionNumber === target.number);
    expect(corrected.length).toBeGreaterThan(0);
    for (const line of corrected) expect(line.corrections.map((c) => c.newValue)).toEqual(['東京都渋谷区神宮前9-9-9']);

    const first = await t.ok('ledger:page', { ...DAY, cursor: '', pageSize: 2 });
    expect(first).toMatchObject({ total: lines.length, totalCapped: false, pageSize: 2 });
    const bad = await t.call('ledger:page', { ...DAY, cursor: 'not-a-cursor', pageSize: 2 });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'INVALID_INPUT', fields: { cursor: 'validation.cursor' } });
    const backwards = await t.call('ledger:page', { from: '2026-11-28', to: '2026-11-27', cursor: '', pageSize: 2 });
    expect(!backwards.ok && backwards.error.code).toBe('INVALID_INPUT');
  });

  it('B-02 the count stops at 1,000 lines ("1,000 件以上") and the pages still reach the last line', async () => {
    // 1,004 lines in four buybacks of small goods, made by the services so codes and numbers are the kiosk's own;
    // one durable commit per buyback's additions (each addition is a savepoint of it) keeps the test quick.
    const actor = t.core.services.accounts.requireActor('test-client');
    const { receptions, settlement } = t.core.services;
    const numbers: string[] = [];
    for (let buyback = 0; buyback < 4; buyback++) {
      const r = receptions.create(actor, { kind: 'walkIn', seller: walkIn, note: '' });
      writeTransaction(t.core.db, () => {
        for (let i = 1; i <= 251; i++) {
          const item = { categoryId: 'cloth-men', name: `Tシャツ ${i} 👕`, maker: '', model: '', serial: '', colour: '', features: '', grade: 'C' as const };
          receptions.addItem(actor, r.id, { ...item, quantity: 1, unitPrice: 30 });
        }
      });
      const complete = receptions.complete(actor, r.id);
      await settlement.execute(actor, executeRequest(complete));
      numbers.push(complete.number);
    }
    const first = await t.ok('ledger:page', { ...DAY, cursor: '', pageSize: 500 });
    expect(first).toMatchObject({ total: 1_000, totalCapped: true });
    const ours = (await allPages(500)).flat().filter((line) => numbers.includes(line.receptionNumber));
    expect(ours.map(key)).toEqual(numbers.flatMap((number) => Array.from({ length: 251 }, (_, i) => `${number}#${i + 1}`)));
  });
});

