import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inStoreJanOfStockCode } from '../../common/in-store-jan.ts';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { stockCode } from '../../main/services/receptions.ts';
import { MIGRATIONS } from '../support/core.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('P-07 migration 013 gives items stocked before it their in-store JAN', () => {
  it('insert before, migrate, assert: kiosk stock codes get the JAN the TypeScript rule gives; others none', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-jan-'));
    const db = openDatabase(join(dir, 'k.sqlite3'));
    const all = loadMigrations(MIGRATIONS);
    migrate(db, all.filter((m) => m.version < 13));
    const at = '2026-11-27T01:00:00.000Z';
    db.prepare(`INSERT INTO stores (id, code, name, created_at) VALUES ('st', 'TOKYO001', '買取 東京本店', ?)`).run(at);
    db.prepare(`INSERT INTO terminals (id, store_id, code, number, name, password_hash, created_at) VALUES ('t', 'st', 'T07', 7, 'レジ7', 'x', ?)`).run(at);
    db.prepare(`INSERT INTO staff (id, store_id, code, name, role, pin_hash, created_at) VALUES ('sf', 'st', '1001', '山田', 'clerk', 'x', ?)`).run(at);
    db.prepare(
      `INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, seller_name, status, created_at, updated_at)
       VALUES ('r', 'TOKYO001-07-20261127-0001', 'st', 't', 'sf', '𠮷野 はるか', 'settled', ?, ?)`,
    ).run(at, at);
    db.prepare(
      `INSERT INTO settlements (id, reception_id, staff_id, terminal_id, items_total, adjustment_amount, total_amount, payment_method, print_method, settled_at)
       VALUES ('s', 'r', 'sf', 't', 0, 0, 0, 'cash', 'none', ?)`,
    ).run(at);
    const codes = [stockCode('TOKYO001', 7, 1), stockCode('TOKYO001', 7, 9_999_999), stockCode('S1', 12, 12_345_678), 'HANDMADE-CODE', 'S001-00-0000001'];
    codes.forEach((code, i) => {
      db.prepare(
        `INSERT INTO reception_items (id, reception_id, position, stock_code, category_id, name, grade, quantity, unit_price, created_at, updated_at)
         VALUES (?, 'r', ?, ?, 'cloth-men', 'シャツ', 'B', 1, 1000, ?, ?)`,
      ).run(`i${i}`, i + 1, code, at, at);
      db.prepare(
        `INSERT INTO stock_items (id, code, reception_item_id, settlement_id, category_id, name, grade, quantity, price, created_at, updated_at)
         VALUES (?, ?, ?, 's', 'cloth-men', 'シャツ', 'B', 1, 1000, ?, ?)`,
      ).run(`si${i}`, code, `i${i}`, at, at);
    });

    migrate(db, all);
    const items = db.prepare('SELECT stock_code, jan_code FROM reception_items ORDER BY position').all() as { stock_code: string; jan_code: string | null }[];
    expect(items.map((i) => i.jan_code)).toEqual(codes.map((code) => inStoreJanOfStockCode(code)));
    expect(items.map((i) => i.jan_code)).toEqual(['2007000000014', '2007099999992', null, null, null]);
    const stock = db.prepare('SELECT code, jan_code FROM stock_items ORDER BY code').all() as { code: string; jan_code: string | null }[];
    for (const row of stock) expect(row.jan_code).toBe(inStoreJanOfStockCode(row.code));
    db.close();
  });
});
