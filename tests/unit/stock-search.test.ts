import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../db/write-transaction.ts';
import { DATABASE_FILE } from '../../main/core.ts';
import { DEMO_SIGNATURE_PNG, signedDeclaration } from '../../main/services/demo.ts';
import type { RequestOf } from '../../preload/contract.ts';
import type { Reception, StockItem } from '../../preload/types.ts';
import { cashFromSafe, executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';

type Item = RequestOf<'appraisal:addItem'>['item'];
const switchConsole: Item = { categoryId: 'game-console', name: 'ニンテンドースイッチ 本体', maker: '任天堂', model: 'HAC-001', serial: 'XAW10012345678', grade: 'B', quantity: 1, unitPrice: 20_000 };
const watch: Item = { categoryId: 'watch-wrist', name: 'ロレックス デイトジャスト 𠮷', maker: 'ROLEX', model: '116234', serial: 'V123456', grade: 'A', quantity: 1, unitPrice: 100_000_000 };
const plush: Item = { categoryId: 'hobby-figure', name: 'ちいかわ ぬいぐるみ 🐹', maker: 'ちいかわ', grade: 'C', quantity: 3, unitPrice: 500 };

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

/** A buyback appraised and settled through the contract (signed declaration), so codes and numbers are the kiosk's own. */
async function settled(items: Item[]): Promise<Reception> {
  let r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  for (const item of items) r = await t.ok('appraisal:addItem', { receptionId: r.id, item });
  r = await t.ok('appraisal:complete', { receptionId: r.id });
  await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: DEMO_SIGNATURE_PNG });
  await cashFromSafe(t, r.totals.total);
  await t.ok('settlement:execute', executeRequest(r, { verification: signedDeclaration(walkIn) }));
  return t.ok('reception:get', { id: r.id });
}

const names = (rows: StockItem[]) => rows.map((row) => row.name);

describe('P-07 issue 14: the stock search reads its own index of stock items', () => {
  it('P-07 finds stock by folded name, maker, model and serial; a seller name alone finds no goods', async () => {
    await settled([switchConsole, watch, plush]);
    expect(names((await t.ok('stock:list', { query: 'すいっち' })).rows)).toEqual([switchConsole.name]);
    expect(names((await t.ok('stock:list', { query: 'ｽｲｯﾁ' })).rows)).toEqual([switchConsole.name]);
    expect(names((await t.ok('stock:list', { query: 'rolex' })).rows)).toEqual([watch.name]);
    expect(names((await t.ok('stock:list', { query: 'hac001' })).rows)).toEqual([switchConsole.name]);
    expect(names((await t.ok('stock:list', { query: 'V123456' })).rows)).toEqual([watch.name]);
    expect(names((await t.ok('stock:list', { query: '𠮷' })).rows)).toEqual([]);
    expect(names((await t.ok('stock:list', { query: 'デイトジャスト 𠮷' })).rows)).toEqual([watch.name]);
    // Two characters: the start of the item's name.
    expect(names((await t.ok('stock:list', { query: 'ちい' })).rows)).toEqual([plush.name]);
    // 木村 拓也 (キムラ) sold all three: the seller is not a field of the goods.
    expect((await t.ok('stock:list', { query: 'きむら' })).rows).toEqual([]);
    expect((await t.ok('stock:list', { query: 'ゼンゼンナイ' })).rows).toEqual([]);
  });

  it('P-07 a reception number, whole or its last digits, lists the goods of that reception', async () => {
    const first = await settled([plush]);
    const second = await settled([switchConsole, watch]);
    const whole = await t.ok('stock:list', { query: second.number });
    expect(whole.rows.map((row) => row.receptionNumber)).toEqual([second.number, second.number]);
    const tail = second.number.slice(-4);
    expect(new Set((await t.ok('stock:list', { query: tail })).rows.map((row) => row.receptionNumber))).toEqual(new Set([second.number]));
    expect((await t.ok('stock:list', { query: first.number.toLowerCase() })).rows.map((row) => row.name)).toEqual([plush.name]);
  });

  it('P-07 pages newest first without a repeat or a gap; a bad cursor is refused', async () => {
    const receptions: Reception[] = [];
    for (let i = 0; i < 3; i++) receptions.push(await settled(Array.from({ length: 4 }, (_, n) => ({ ...switchConsole, serial: `XAW${i}${n}` }))));
    const seen: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 10; guard++) {
      const page = await t.ok('stock:list', { query: 'スイッチ', cursor });
      expect(page).toMatchObject({ total: 12, totalCapped: false });
      seen.push(...page.rows.map((row) => row.code));
      if (!page.next) break;
      cursor = page.next;
    }
    // pageSize is 50 through the contract: one page. The service pages by 5.
    expect(seen).toHaveLength(12);
    const { listStock } = await import('../../main/services/stock.ts');
    const paged: StockItem[] = [];
    let next = '';
    for (let guard = 0; guard < 10; guard++) {
      const page = listStock(t.core.db, 'すいっち', next, 5);
      paged.push(...page.rows);
      if (!page.next) break;
      next = page.next;
    }
    expect(paged.map((row) => row.code)).toEqual(seen);
    expect(new Set(paged.map((row) => row.code)).size).toBe(12);
    // Newest stock first: the last buyback's goods lead.
    expect(paged.slice(0, 4).every((row) => row.receptionNumber === receptions[2]!.number)).toBe(true);
    const bad = await t.call('stock:list', { query: 'スイッチ', cursor: 'bm90LWEtY3Vyc29y' });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'INVALID_INPUT', fields: { cursor: 'validation.cursor' } });
  });

  it('P-07 stock written while the app was closed (an upgrade marking every item, a sqlite3 shell) is found after the restart', async () => {
    await settled([switchConsole]);
    await t.reopen(() => {
      // What the 032 migration does on an existing database: no documents yet, every stock item marked.
      const raw = new Database(join(t.dataDir, DATABASE_FILE));
      raw.exec('DELETE FROM stock_search; DELETE FROM stock_search_pending; INSERT INTO stock_search_pending (stock_item_id) SELECT id FROM stock_items ORDER BY rowid;');
      raw.close();
    });
    // Folded at start, before anyone searches.
    expect(t.core.db.prepare('SELECT COUNT(*) AS n FROM stock_search_pending').get()).toEqual({ n: 0 });
    await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(names((await t.ok('stock:list', { query: 'すいっち' })).rows)).toEqual([switchConsole.name]);
  });

  it('P-07 more than 1,000 matches read "1,000 件以上" from the index, and the pages still go newest first without a repeat', async () => {
    // 1,004 stock items in four buybacks of small goods, made by the services (the kiosk's own codes and numbers);
    // one durable commit per buyback's additions keeps the test quick.
    const actor = t.core.services.accounts.requireActor('test-client');
    const { receptions, settlement } = t.core.services;
    for (let buyback = 0; buyback < 4; buyback++) {
      const r = receptions.create(actor, { kind: 'walkIn', seller: walkIn, note: '' });
      writeTransaction(t.core.db, () => {
        for (let i = 1; i <= 251; i++) {
          receptions.addItem(actor, r.id, { categoryId: 'cloth-men', name: `Tシャツ ${i} 👕`, maker: '', model: '', serial: '', colour: '', features: '', grade: 'C', quantity: 1, unitPrice: 30 });
        }
      });
      await settlement.execute(actor, executeRequest(receptions.complete(actor, r.id)));
    }
    // Every reception number of this store starts with its code: a prefix with more matches than the count shows.
    const storePrefix = (await t.ok('stock:list', { query: '' })).rows[0]!.receptionNumber.slice(0, 4);
    const first = await t.ok('stock:list', { query: storePrefix });
    expect(first).toMatchObject({ total: 1_000, totalCapped: true });
    const { listStock } = await import('../../main/services/stock.ts');
    const codes: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 20; guard++) {
      const page = listStock(t.core.db, storePrefix, cursor, 200);
      codes.push(...page.rows.map((row) => row.code));
      if (!page.next) break;
      cursor = page.next;
    }
    const all = t.core.db.prepare('SELECT code FROM stock_items ORDER BY rowid DESC').pluck().all() as string[];
    expect(codes).toEqual(all);
  });
});

