import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { licenceLine, splitLicence } from '../../common/shop-licence.ts';
import { loadMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { MIGRATIONS } from '../support/core.ts';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TYPED = [
  '東京都公安委員会 第301234567890号',
  '神奈川県公安委員会第452100123456号',
  '大阪府公安委員会 621234567890',
  '第301234567890号',
  '301234567890',
  '',
  '許可申請中',
];

describe('Q-01 migration 050 splits the 公安委員会 off a licence typed as one line', () => {
  it('insert before, migrate, assert: the SQL split is the TypeScript rule, and the printed line reads as before', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-licence-'));
    const db = openDatabase(join(dir, 'k.sqlite3'));
    const all = loadMigrations(MIGRATIONS);
    migrate(db, all.filter((m) => m.version < 50));
    TYPED.forEach((licence, i) => {
      db.prepare(`INSERT INTO stores (id, code, name, licence_number, created_at) VALUES (?, ?, 'かいとり屋', ?, '2026-11-27T01:00:00.000Z')`).run(
        `s${i}`,
        `S00${i}`,
        licence,
      );
    });

    migrate(db, all);
    const rows = db.prepare('SELECT licence_number, public_safety_commission FROM stores ORDER BY code').all() as {
      licence_number: string;
      public_safety_commission: string;
    }[];
    expect(rows.map((r) => ({ licenceNumber: r.licence_number, publicSafetyCommission: r.public_safety_commission }))).toEqual(TYPED.map(splitLicence));
    expect(rows.slice(0, 3)).toEqual([
      { licence_number: '301234567890', public_safety_commission: '東京都公安委員会' },
      { licence_number: '452100123456', public_safety_commission: '神奈川県公安委員会' },
      { licence_number: '621234567890', public_safety_commission: '大阪府公安委員会' },
    ]);
    // What a receipt prints is unchanged for a licence typed the usual way.
    expect(licenceLine(splitLicence(TYPED[0]!))).toBe('東京都公安委員会 第301234567890号');
    expect(licenceLine(splitLicence('許可申請中'))).toBe('許可申請中');
    db.close();
  });

  it('Q-01 a statement snapshot cannot be changed or deleted once written', () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-snapshot-'));
    const db = openDatabase(join(dir, 'k.sqlite3'));
    migrate(db, loadMigrations(MIGRATIONS));
    const at = '2026-11-27T01:00:00.000Z';
    db.prepare(`INSERT INTO stores (id, code, name, created_at) VALUES ('st', 'S001', 'かいとり屋', ?)`).run(at);
    db.prepare(`INSERT INTO terminals (id, store_id, code, number, name, password_hash, created_at) VALUES ('t', 'st', 'T01', 1, 'レジ1', 'x', ?)`).run(at);
    db.prepare(`INSERT INTO staff (id, store_id, code, name, role, pin_hash, created_at) VALUES ('sf', 'st', '1001', '山田', 'clerk', 'x', ?)`).run(at);
    db.prepare(
      `INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, seller_name, status, created_at, updated_at)
       VALUES ('r', 'S001-01-20261127-0001', 'st', 't', 'sf', '𠮷野 はるか', 'settled', ?, ?)`,
    ).run(at, at);
    db.prepare(
      `INSERT INTO settlements (id, reception_id, staff_id, terminal_id, items_total, adjustment_amount, total_amount, payment_method, print_method, settled_at)
       VALUES ('s', 'r', 'sf', 't', 0, 0, 0, 'cash', 'none', ?)`,
    ).run(at);
    db.prepare(`INSERT INTO statement_snapshots (settlement_id, shop, payment_method_label, created_at) VALUES ('s', '{}', '{}', ?)`).run(at);
    expect(() => db.prepare(`UPDATE statement_snapshots SET shop = '{"name":"別の店"}'`).run()).toThrow(/cannot be changed/);
    expect(() => db.prepare('DELETE FROM statement_snapshots').run()).toThrow(/cannot be deleted/);
    db.close();
  });
});
