import { BANK_TRANSFER } from '../../common/till.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { summarisePrices } from '../../main/domain/price-hint.ts';
import type { ItemFields } from '../../preload/types.ts';
import { executeRequest, sellerAccount, MIGRATIONS, startTestCore, type TestCore, walkIn } from '../support/core.ts';

const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T03:00:00.000Z`;

describe('A-02 the summary of prices paid (pure rule)', () => {
  it.each([
    { prices: [], expected: null },
    { prices: [5000, 6000], expected: null },
    { prices: [5000, 7000, 6000], expected: { count: 3, median: 6000, min: 5000, max: 7000 } },
    // Even count: the mean of the two middle prices, rounded down to whole yen.
    { prices: [1000, 2001, 2000, 9000], expected: { count: 4, median: 2000, min: 1000, max: 9000 } },
    { prices: [100_000_000, 0, 1, 1, 1], expected: { count: 5, median: 1, min: 0, max: 100_000_000 } },
  ])('A-02 $prices → $expected', ({ prices, expected }) => {
    const summary = summarisePrices(prices.map((unitPrice, i) => ({ unitPrice, settledAt: at(28 - i) })));
    if (expected === null) expect(summary).toBeNull();
    else expect(summary).toMatchObject(expected);
  });

  it('A-02 the newest five are listed, newest first, as given', () => {
    const prices = [9, 8, 7, 6, 5, 4, 3].map((n, i) => ({ unitPrice: n * 1000, settledAt: at(28 - i) }));
    expect(summarisePrices(prices)!.recent).toEqual(prices.slice(0, 5));
  });
});

const SWITCH = '4902370548495';
const base: ItemFields = { categoryId: 'game-console', name: 'ニンテンドースイッチ', maker: '任天堂', model: 'HAC-001', serial: '', colour: '', features: '', grade: 'A', quantity: 1, unitPrice: 0 };

describe('A-02 price hints from the shop’s own settled prices', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startTestCore();
  });
  afterEach(() => t.close());

  /** Days pass between buybacks: the clerk signs in again each time (an idle session locks). */
  async function dayAt(iso: string) {
    t.clock.set(iso);
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
  }

  async function settleAt(iso: string, items: Partial<ItemFields>[], cancelFirst = false) {
    await dayAt(iso);
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    for (const item of items) await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...base, ...item } });
    const done = await t.ok('appraisal:complete', { receptionId: r.id });
    await t.ok('settlement:execute', executeRequest(done, { paymentMethod: BANK_TRANSFER, bankAccount: sellerAccount, cancelledItemIds: cancelFirst ? [done.items[0]!.id] : [] }));
  }

  it('A-02 median, range and the last 5 with dates for the product and grade; settled items only, never a cancelled one', async () => {
    const prices = [8000, 9000, 9500, 7000, 8800, 9200];
    for (const [i, unitPrice] of prices.entries()) await settleAt(at(20 + i), [{ productCode: SWITCH, unitPrice }]);
    // Cancelled at settlement, only appraised, or another grade: none of these is a price paid for a grade-A Switch.
    await settleAt(at(27), [{ productCode: SWITCH, unitPrice: 99_000 }, { productCode: SWITCH, unitPrice: 9100, grade: 'C' }], true);
    const open = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: open.id, item: { ...base, productCode: SWITCH, unitPrice: 1 } });

    await dayAt(at(30));
    const hint = await t.ok('priceHint:get', { productCode: SWITCH, categoryId: 'game-console', grade: 'A' });
    expect(hint).toEqual({
      basis: 'product',
      count: 6,
      median: 8900,
      min: 7000,
      max: 9500,
      recent: [
        { unitPrice: 9200, settledAt: at(25) },
        { unitPrice: 8800, settledAt: at(24) },
        { unitPrice: 7000, settledAt: at(23) },
        { unitPrice: 9500, settledAt: at(22) },
        { unitPrice: 9000, settledAt: at(21) },
      ],
    });
    // The UPC/EAN form a scanner sends does not matter: the hint reads the catalog key.
    expect(await t.ok('priceHint:get', { productCode: ` ${SWITCH} `, categoryId: 'game-console', grade: 'A' })).toMatchObject({ count: 6 });
  });

  it('A-02 too few for the product: the category and grade answer; too few there as well: nothing', async () => {
    for (const [i, unitPrice] of [2000, 3000, 4000].entries()) await settleAt(at(10 + i), [{ name: 'プレイステーション5', unitPrice }]);
    await settleAt(at(14), [{ productCode: SWITCH, unitPrice: 9000 }]);
    await dayAt(at(30));
    expect(await t.ok('priceHint:get', { productCode: SWITCH, categoryId: 'game-console', grade: 'A' })).toMatchObject({
      basis: 'category',
      count: 4,
      median: 3500,
      min: 2000,
      max: 9000,
    });
    expect(await t.ok('priceHint:get', { productCode: SWITCH, categoryId: 'game-console', grade: 'S' })).toBeNull();
    expect(await t.ok('priceHint:get', { productCode: '', categoryId: 'elec-pc', grade: 'A' })).toBeNull();
  });

  it('A-02 prices older than a year are left out', async () => {
    for (const [i, unitPrice] of [1000, 1000, 1000].entries()) await settleAt(`2025-11-0${i + 1}T03:00:00.000Z`, [{ productCode: SWITCH, unitPrice }]);
    await dayAt(at(30));
    expect(await t.ok('priceHint:get', { productCode: SWITCH, categoryId: 'game-console', grade: 'A' })).toBeNull();
  });
});

describe('A-02 migration 061 gives the hints every settlement made before it', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('A-02 insert before, migrate, assert: one price point per stock item, with its settlement date', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-hints-'));
    const db = openDatabase(join(dir, 'k.sqlite3'));
    const all = loadMigrations(MIGRATIONS);
    migrate(db, all.filter((m) => m.version < 61));
    const when = '2026-11-27T01:00:00.000Z';
    db.prepare(`INSERT INTO stores (id, code, name, created_at) VALUES ('st', 'S001', '買取 東京本店', ?)`).run(when);
    db.prepare(`INSERT INTO terminals (id, store_id, code, number, name, password_hash, created_at) VALUES ('t', 'st', 'T01', 1, 'レジ1', 'x', ?)`).run(when);
    db.prepare(`INSERT INTO staff (id, store_id, code, name, role, pin_hash, created_at) VALUES ('sf', 'st', '1001', '山田', 'clerk', 'x', ?)`).run(when);
    db.prepare(
      `INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, seller_name, status, created_at, updated_at)
       VALUES ('r', 'S001-01-20261127-0001', 'st', 't', 'sf', '𠮷野 はるか', 'appraised', ?, ?)`,
    ).run(when, when);
    db.prepare(
      `INSERT INTO settlements (id, reception_id, staff_id, terminal_id, items_total, adjustment_amount, total_amount, payment_method, print_method, settled_at)
       VALUES ('s', 'r', 'sf', 't', 0, 0, 0, 'cash', 'none', ?)`,
    ).run(when);
    ['S001-01-0000001', 'S001-01-0000002'].forEach((code, i) => {
      db.prepare(
        `INSERT INTO reception_items (id, reception_id, position, stock_code, category_id, name, grade, quantity, unit_price, product_code, created_at, updated_at)
         VALUES (?, 'r', ?, ?, 'game-console', 'ニンテンドースイッチ', 'A', 1, ?, ?, ?, ?)`,
      ).run(`i${i}`, i + 1, code, 9000 + i, i === 0 ? SWITCH : '', when, when);
      db.prepare(
        `INSERT INTO stock_items (id, code, reception_item_id, settlement_id, category_id, name, grade, quantity, price, created_at, updated_at)
         VALUES (?, ?, ?, 's', 'game-console', 'ニンテンドースイッチ', 'A', 1, ?, ?, ?)`,
      ).run(`si${i}`, code, `i${i}`, 9000 + i, when, when);
    });
    db.prepare(`UPDATE receptions SET status = 'settled'`).run();
    migrate(db, all);
    expect(db.prepare('SELECT product_code, category_id, grade, unit_price, settled_at FROM price_points ORDER BY seq').all()).toEqual([
      { product_code: SWITCH, category_id: 'game-console', grade: 'A', unit_price: 9000, settled_at: when },
      { product_code: '', category_id: 'game-console', grade: 'A', unit_price: 9001, settled_at: when },
    ]);
    db.close();
  });
});
