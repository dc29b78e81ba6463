import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { DATABASE_FILE } from '../../main/core.ts';
import { refreshSearchIndex, registerSearchFunctions } from '../../main/search/index.ts';
import { MIGRATIONS, startTestCore, type TestCore, walkIn, watch } from '../support/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

const numbers = async (request: Record<string, unknown>) => (await t.ok('reception:list', request)).rows.map((row) => row.number);

async function reception(seller: Partial<typeof walkIn>, items: Partial<typeof watch & { maker: string; model: string; serial: string }>[] = []) {
  const r = await t.ok('reception:create', { kind: 'walkIn', seller: { ...walkIn, ...seller } });
  for (const item of items) await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...watch, ...item } });
  return r;
}

describe('P-03 search by what a clerk types (issue 14)', () => {
  it('finds a name in kanji, hiragana or katakana, half-width kana too, and a 2-character surname', async () => {
    const tateno = await reception({ name: '舘野 一郎', nameKana: 'タテノ イチロウ' });
    const tachibana = await reception({ name: '立花 花子', nameKana: 'たちばな はなこ' });
    expect(await numbers({ keyword: 'たての' })).toEqual([tateno.number]);
    expect(await numbers({ keyword: 'タテノ イチロウ' })).toEqual([tateno.number]);
    expect(await numbers({ keyword: 'ﾀﾃﾉ' })).toEqual([tateno.number]);
    expect(await numbers({ keyword: 'タチバナ' })).toEqual([tachibana.number]);
    expect(await numbers({ keyword: '舘野' })).toEqual([tateno.number]);
    expect(await numbers({ keyword: 'たち' })).toEqual([tachibana.number]);
    expect(await numbers({ keyword: 'タテ' })).toEqual([tateno.number]);
    expect(await numbers({ customer: '舘野一郎' })).toEqual([tateno.number]);
  });

  it('finds 𠮷 (outside CP932) and an emoji, each one character', async () => {
    const yoshida = await reception({ name: '𠮷田 翼', nameKana: 'ヨシダ ツバサ' }, [{ name: 'ぬいぐるみ 🐹 特大' }]);
    expect(await numbers({ keyword: '𠮷田' })).toEqual([yoshida.number]);
    expect(await numbers({ keyword: '🐹特大' })).toEqual([yoshida.number]);
  });

  it('finds phone digits typed with or without hyphens, and the last four digits', async () => {
    const r = await reception({ phone: '090-1234-5678' });
    expect(await numbers({ keyword: '09012345678' })).toEqual([r.number]);
    expect(await numbers({ keyword: '090-1234-5678' })).toEqual([r.number]);
    expect(await numbers({ keyword: '５６７８' })).toEqual([r.number]);
    expect(await numbers({ keyword: '0901234' })).toEqual([r.number]);
  });

  it('finds a reception number whole (scanned into either box), by its start or by its tail', async () => {
    const r = await reception({});
    expect(await numbers({ number: r.number.toLowerCase() })).toEqual([r.number]);
    expect(await numbers({ keyword: r.number })).toEqual([r.number]);
    expect(await numbers({ number: r.number.slice(-6) })).toContain(r.number);
  });

  it('finds an item by name, maker, model or serial, whatever the width or case', async () => {
    const r = await reception({}, [{ name: 'ロレックス デイトジャスト', maker: 'ROLEX', model: '116234', serial: 'V1234567' }]);
    for (const keyword of ['デイトジャスト', 'でいとじゃすと', 'rolex', 'ＲＯＬＥＸ', '116234', 'v1234567', '1234567']) {
      expect(await numbers({ keyword }), keyword).toEqual([r.number]);
    }
    expect(await numbers({ keyword: 'ROLEXデイト' })).toEqual([]);
  });

  it('issue 13 §6: % and _ match literally, and a long query or an emoji alone finds nothing, without an error', async () => {
    await reception({ name: '百 パーセント' }, [{ name: '100% コットン シャツ' }]);
    const all = (await t.ok('reception:list', {})).total;
    expect(all).toBeGreaterThan(1);
    expect(await numbers({ keyword: '%' })).toEqual([]);
    expect(await numbers({ keyword: '_' })).toEqual([]);
    expect(await numbers({ keyword: '%%%' })).toEqual([]);
    expect((await numbers({ keyword: '100%' })).length).toBe(1);
    expect(await numbers({ keyword: 'ア'.repeat(200) })).toEqual([]);
    expect(await numbers({ keyword: '🐹' })).toEqual([]);
    expect(await numbers({ number: '%' })).toEqual([]);
    const tooLong = await t.call('reception:list', { keyword: 'ア'.repeat(201) });
    expect(tooLong.ok || tooLong.error.code).toBe('INVALID_INPUT');
  });

  it('keeps the index in step with every write: an edited item, an edited member (even by a sqlite3 shell), a deleted reception', async () => {
    const r = await reception({}, [{ name: 'ギター' }]);
    const item = (await t.ok('reception:get', { id: r.id })).items[0]!;
    await t.ok('appraisal:updateItem', { receptionId: r.id, itemId: item.id, item: { ...watch, name: 'ベース' } });
    expect(await numbers({ keyword: 'ギター' })).toEqual([]);
    expect(await numbers({ keyword: 'ベース' })).toEqual([r.number]);

    const member = (await t.ok('customer:search', { query: 'M0000001' }))[0]!;
    const m = await t.ok('reception:create', { kind: 'member', customerId: member.id });
    expect(await numbers({ keyword: member.name })).toContain(m.number);
    // Another writer (here a plain connection, as a sqlite3 shell would be) renames the member.
    const other = new Database(join(t.dataDir, DATABASE_FILE));
    other.prepare(`UPDATE customers SET name = '鈴木 次郎', name_kana = 'スズキ ジロウ' WHERE id = ?`).run(member.id);
    other.close();
    expect(await numbers({ keyword: 'スズキ ジロウ' })).toContain(m.number);
    expect(await numbers({ keyword: member.name })).not.toContain(m.number);

    await t.ok('reception:delete', { id: r.id, version: (await t.ok('reception:get', { id: r.id })).version });
    expect(await numbers({ keyword: 'ベース' })).toEqual([]);
  });

  it('counts up to 1,000 and says "more"; pages run from the cursor without repeats or gaps, newest first', async () => {
    const db = t.core.db;
    const base = db.prepare(`SELECT * FROM receptions LIMIT 1`).get() as Record<string, unknown>;
    const insert = db.prepare(
      `INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, seller_name, seller_name_kana, seller_phone, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, '佐藤 花子', 'サトウ ハナコ', '', 'received', ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 1_050; i++) {
        const at = new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString();
        insert.run(crypto.randomUUID(), `S001-01-20261001-${String(i + 1).padStart(4, '0')}`, base.store_id, base.terminal_id, base.staff_id, at, at);
      }
    })();
    const first = await t.ok('reception:list', { keyword: 'さとう', pageSize: 200 });
    expect(first.total).toBe(1_000);
    expect(first.totalCapped).toBe(true);
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const result = await t.ok('reception:list', { keyword: 'さとう', pageSize: 200, cursor });
      seen.push(...result.rows.map((row) => row.number));
      if (!result.next) break;
      cursor = result.next;
    }
    expect(seen).toHaveLength(1_050);
    expect(new Set(seen).size).toBe(1_050);
    expect(seen[0]).toBe('S001-01-20261001-1050');
    expect(seen.at(-1)).toBe('S001-01-20261001-0001');

    const byTotal = await t.ok('reception:list', { sort: 'total', direction: 'desc', pageSize: 3 });
    const totals = byTotal.rows.map((row) => row.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    const deep = await t.ok('reception:list', { sort: 'total', direction: 'desc', pageSize: 3, cursor: byTotal.next! });
    expect(deep.rows[0]!.total).toBeLessThanOrEqual(totals.at(-1)!);
    const bad = await t.call('reception:list', { cursor: 'not-a-cursor' });
    expect(bad.ok || bad.error.code).toBe('INVALID_INPUT');
  });
});

describe('P-03 migration 030 builds the search index for existing receptions', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('insert at 010, migrate, assert: every existing reception is found by name, reading, phone, item and number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-search-migrate-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'k.sqlite3'));
    registerSearchFunctions(db);
    const all = loadMigrations(MIGRATIONS);
    migrate(db, all.filter((m) => m.version <= 10));
    const at = '2025-01-01T00:00:00.000Z';
    db.exec(`
      INSERT INTO stores (id, code, name, created_at) VALUES ('s', 'S001', '店', '${at}');
      INSERT INTO terminals (id, store_id, code, number, name, password_hash, created_at) VALUES ('t', 's', 'T01', 1, 'レジ', 'x', '${at}');
      INSERT INTO staff (id, store_id, code, name, role, pin_hash, created_at) VALUES ('st', 's', '1001', '山田', 'clerk', 'x', '${at}');
      INSERT INTO customers (id, member_number, name, name_kana, phone, created_at, updated_at)
        VALUES ('c', 'M0000009', '髙橋 美咲', 'タカハシ ミサキ', '080-3333-4444', '${at}', '${at}');
      INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, customer_id, seller_name, seller_name_kana, seller_phone, status, created_at, updated_at)
        VALUES ('r1', 'S001-01-20250101-0001', 's', 't', 'st', NULL, '𠮷田 翼', 'よしだ つばさ', '090-1111-2222', 'received', '${at}', '${at}'),
               ('r2', 'S001-01-20250101-0002', 's', 't', 'st', 'c', '髙橋 美咲', 'タカハシ ミサキ', '080-3333-4444', 'received', '${at}', '${at}');
      INSERT INTO categories (id, name_ja, name_en) VALUES ('x', 'x', 'x');
      INSERT INTO reception_items (id, reception_id, position, stock_code, category_id, name, maker, model, serial, grade, quantity, unit_price, created_at, updated_at)
        VALUES ('i1', 'r1', 1, 'S001-01-0000001', 'x', 'ニンテンドースイッチ', '任天堂', 'HAC-001', 'XAW10012345678', 'B', 1, 20000, '${at}', '${at}');`);
    migrate(db, all);
    expect(refreshSearchIndex(db)).toBe(2);
    const found = (query: string) =>
      (db.prepare(`SELECT s.reception_id FROM reception_fts f JOIN reception_search s ON s.doc = f.rowid WHERE reception_fts MATCH ? ORDER BY f.rowid`).all(query) as { reception_id: string }[]).map((r) => r.reception_id);
    expect(found('"ヨシダ"')).toEqual(['r1']);
    expect(found('"スイッ"')).toEqual(['r1']);
    expect(found('"HAC" AND "AC0" AND "C00" AND "001"')).toEqual(['r1']);
    expect(found('"タカハ"')).toEqual(['r2']);
    const keys = db.prepare('SELECT reception_id, name_key, kana_key, phone_key, phone_rev, number_rev FROM reception_search ORDER BY doc').all();
    expect(keys).toEqual([
      { reception_id: 'r1', name_key: '𠮷田翼', kana_key: 'ヨシダツバサ', phone_key: '09011112222', phone_rev: '22221111090', number_rev: '1000-10105202-10-100S' },
      { reception_id: 'r2', name_key: '髙橋美咲', kana_key: 'タカハシミサキ', phone_key: '08033334444', phone_rev: '44443333080', number_rev: '2000-10105202-10-100S' },
    ]);
    expect(db.prepare('SELECT COUNT(*) FROM reception_search_pending').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('the first build after an upgrade (over 10,000 receptions) rebuilds the trigram index in bulk and puts its trigger back', async () => {
    const db = t.core.db;
    const base = db.prepare('SELECT store_id, terminal_id, staff_id FROM receptions LIMIT 1').get() as Record<string, string>;
    db.exec('DELETE FROM reception_search');
    const insert = db.prepare(
      `INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, seller_name, seller_name_kana, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'ヤマダ', 'received', ?, ?)`,
    );
    db.transaction(() => {
      db.exec('INSERT OR IGNORE INTO reception_search_pending (reception_id) SELECT id FROM receptions');
      for (let i = 0; i < 10_050; i++) {
        const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
        insert.run(crypto.randomUUID(), `S001-02-20250101-${String(i).padStart(5, '0')}`, base.store_id, base.terminal_id, base.staff_id, `山田 ${i}`, at, at);
      }
    })();
    expect(refreshSearchIndex(db)).toBeGreaterThan(10_050);
    expect(db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'reception_search_fts_insert'`).pluck().get()).toBe(1);
    expect((await t.ok('reception:list', { keyword: 'やまだ' })).totalCapped).toBe(true);
    const later = await reception({ name: '舘野 次郎', nameKana: 'タテノ ジロウ' });
    expect(await numbers({ keyword: 'タテノジロウ' })).toEqual([later.number]);
    // FTS5 checks its index against the content table and throws if they differ.
    expect(() => db.exec(`INSERT INTO reception_fts (reception_fts) VALUES ('integrity-check')`)).not.toThrow();
  });
});
