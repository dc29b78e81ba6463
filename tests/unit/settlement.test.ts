import { MAX_YEN } from '../../preload/contract.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/core.ts';
import { verifyAuditChain } from '../../main/services/audit.ts';
import { readSetting, writeSetting } from '../../main/services/settings.ts';
import type { Reception } from '../../preload/types.ts';
import { cashFromSafe, executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';

// Under ¥10,000 and in categories that need no identity check, so these tests are about settlement alone.
const wallet = { categoryId: 'brand-wallet', name: '長財布', grade: 'B' as const, quantity: 1, unitPrice: 4000 };
const shirt = { categoryId: 'cloth-men', name: 'シャツ', grade: 'C' as const, quantity: 2, unitPrice: 1000 };
const JPEG = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('fake-jpeg-id-photo-bytes')]).toString('base64')}`;
const PNG = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('signature-png')]).toString('base64')}`;

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

async function appraised(items = [wallet, shirt], member = false): Promise<Reception> {
  const customerId = member ? (await t.ok('customer:search', { query: 'M0000001' }))[0]!.id : null;
  const r = customerId
    ? await t.ok('reception:create', { kind: 'member', customerId })
    : await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  for (const item of items) await t.ok('appraisal:addItem', { receptionId: r.id, item });
  return t.ok('appraisal:complete', { receptionId: r.id });
}


const count = (sql: string, ...params: unknown[]) => (t.core.db.prepare(sql).get(...params) as { n: number }).n;

describe('settlement execute', () => {
  it('S-21 S-06 S-12 registers the non-cancelled items as stock with their EC publish state, in one transaction', async () => {
    const r = await appraised();
    const [w, s] = r.items;
    const result = await t.ok('settlement:execute', executeRequest(r, { ecPublishItemIds: [w!.id], cancelledItemIds: [s!.id] }));
    expect(result.reception.status).toBe('settled');
    expect(result.stock.map((x) => [x.code, x.name, x.ecPublished])).toEqual([[w!.stockCode, '長財布', true]]);
    expect(result.reception.items.find((i) => i.id === s!.id)!.cancelled).toBe(true);
    expect(result.reception.settlement!.totalAmount).toBe(4000);
    expect(count(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'settlement' AND aggregate_id = ?`, result.reception.settlement!.id)).toBe(1);
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'settlement.execute' AND entity_id = ?`, r.id)).toBe(1);
    expect(verifyAuditChain(t.core.db)).toBeNull();
  });

  it('S-21 what execute answers is what the database holds afterwards (reception, items, settlement, images, stock)', async () => {
    const r = await appraised([wallet, shirt, { ...shirt, name: 'ジャケット' }], true);
    const [w, , j] = r.items;
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: PNG });
    const result = await t.ok('settlement:execute', executeRequest(r, { ecPublishItemIds: [w!.id, j!.id], cancelledItemIds: [j!.id], points: 10 }));
    expect(result.reception).toEqual(await t.ok('reception:get', { id: r.id }));
    const replayed = await t.ok('settlement:execute', executeRequest(r, { settlementId: result.reception.settlement!.id }));
    expect(result.stock).toEqual(replayed.stock);
    expect(result.stock.map((x) => x.ecPublished)).toEqual([true, false]);
  });

  it('S-16 B-05 a double click or a retried call with the same settlement id settles once', async () => {
    const r = await appraised();
    const request = executeRequest(r);
    const [a, b] = await Promise.all([t.call('settlement:execute', request), t.call('settlement:execute', request)]);
    expect(a.ok && b.ok).toBe(true);
    const again = await t.ok('settlement:execute', request);
    expect(again.reception.settlement!.id).toBe(request.settlementId);
    expect(count('SELECT COUNT(*) AS n FROM settlements WHERE reception_id = ?', r.id)).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM stock_items WHERE settlement_id = ?', request.settlementId)).toBe(2);
    const other = await t.call('settlement:execute', executeRequest(r));
    expect(other.ok || other.error.code).toBe('ALREADY_SETTLED');
  });

  it('S-05 refuses an ineligible transaction and says why', async () => {
    const empty = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    expect((await t.ok('settlement:open', { number: empty.number })).eligibility).toEqual({ settleable: false, reason: 'NO_ITEMS' });
    expect((await t.ok('settlement:open', { number: 'S001-01-20991231-9999' })).eligibility).toEqual({ settleable: false, reason: 'NOT_FOUND' });
    const r = await appraised();
    await t.ok('settlement:execute', executeRequest(r));
    expect((await t.ok('settlement:open', { number: r.number })).eligibility).toEqual({
      settleable: false,
      reason: 'SETTLED',
      settledAt: '2026-11-27T01:00:00.000Z',
      total: r.totals.total,
    });
    const refused = await t.call('settlement:execute', executeRequest(await t.ok('reception:get', { id: empty.id })));
    expect(refused.ok || refused.error.code).toBe('NOT_SETTLEABLE');
  });

  it('S-09 requires agreement to the current terms version', async () => {
    const r = await appraised();
    const result = await t.call('settlement:execute', executeRequest(r, { agreedTermsVersion: null }));
    expect(result.ok || result.error.code).toBe('TERMS_NOT_AGREED');
    expect((await t.ok('reception:get', { id: r.id })).status).toBe('appraised');
  });

  it('S-17 P-06 grants points to members only, by the configured rule, as a ledger row', async () => {
    const walk = await appraised();
    const refused = await t.call('settlement:execute', executeRequest(walk, { points: 10 }));
    expect(refused.ok || refused.error.code).toBe('POINTS_NEED_MEMBER');
    const member = await appraised([wallet, shirt], true);
    const before = (await t.ok('customer:get', { id: member.customerId! })).pointBalance;
    await t.ok('settlement:execute', executeRequest(member));
    expect((await t.ok('customer:get', { id: member.customerId! })).pointBalance).toBe(before + 60);
  });

  it('P-06 the manual-points cap refuses points typed by hand above it, never the rule\'s own grant on a large buyback', async () => {
    const verification = {
      method: 'signed_declaration' as const,
      seller: { name: '鈴木 一郎', address: '東京都渋谷区渋谷1-1-1', occupation: '会社員', birthDate: '1975-03-03' },
    };
    for (const unitPrice of [10_000_100, MAX_YEN]) {
      const member = await appraised([{ ...wallet, unitPrice }], true);
      await t.ok('settlement:stageImage', { receptionId: member.id, kind: 'signature', dataUrl: PNG });
      const typed = await t.call('settlement:execute', executeRequest(member, { points: 100_001, verification }));
      expect(typed).toMatchObject({ ok: false, error: { code: 'POINTS_TOO_MANY', params: { max: 100_000 } } });
      await cashFromSafe(t, unitPrice);
      const settled = await t.ok('settlement:execute', executeRequest(member, { verification }));
      expect(settled.reception.settlement).toMatchObject({ totalAmount: unitPrice, pointsGranted: Math.floor(unitPrice / 100) });
    }
  });

  it('S-18 refuses the receipt print method while the receipt printer is off', async () => {
    const r = await appraised();
    const printers = readSetting(t.core.db, 'printers');
    writeSetting(t.core.db, 'printers', { ...printers, receipt: { ...printers.receipt, enabled: false } }, new Date().toISOString());
    expect((await t.ok('settlement:options', {})).receiptPrinter.enabled).toBe(false);
    const result = await t.call('settlement:execute', executeRequest(r, { printMethod: 'receipt' }));
    expect(result.ok || result.error.code).toBe('RECEIPT_PRINTER_OFF');
    expect((await t.ok('reception:get', { id: r.id })).status).toBe('appraised');
  });

  it('S-11 B-04 keeps images in memory until execute, then stores them encrypted and shows them to staff', async () => {
    const r = await appraised();
    // The demo seed's settled buyback already holds its seller's signature (B-01).
    const before = count('SELECT COUNT(*) AS n FROM settlement_images');
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: PNG });
    expect(count('SELECT COUNT(*) AS n FROM settlement_images')).toBe(before);
    const result = await t.ok('settlement:execute', executeRequest(r));
    const images = result.reception.settlement!.images;
    expect(images.map((i) => i.kind).sort()).toEqual(['id_photo', 'signature']);
    t.core.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(join(t.dataDir, DATABASE_FILE));
    expect(file.includes(Buffer.from('fake-jpeg-id-photo-bytes'))).toBe(false);
    expect(file.includes(Buffer.from('signature-png'))).toBe(false);
    const photo = images.find((i) => i.kind === 'id_photo')!;
    expect((await t.ok('settlement:image', { imageId: photo.id })).dataUrl).toBe(JPEG);
    await t.ok('session:staffSignOut', {});
    const anonymous = await t.call('settlement:image', { imageId: photo.id });
    expect(anonymous.ok || anonymous.error.code).toBe('STAFF_REQUIRED');
  });

  it('refuses an image that is not really a JPEG or PNG', async () => {
    const r = await appraised();
    const result = await t.call('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: 'data:image/jpeg;base64,aGVsbG8=' });
    expect(result.ok || result.error.code).toBe('IMAGE_INVALID');
  });
});

describe('cancel', () => {
  it('S-13 every item cancelled cannot be executed; cancelling the whole transaction closes it', async () => {
    const r = await appraised();
    const all = await t.call('settlement:execute', executeRequest(r, { cancelledItemIds: r.items.map((i) => i.id) }));
    expect(all.ok || all.error.code).toBe('ALL_ITEMS_CANCELLED');
    const cancelled = await t.ok('settlement:cancel', { receptionId: r.id, version: r.version, reason: 'all_items_cancelled' });
    expect(cancelled.status).toBe('cancelled');
    expect(count(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'cancellation' AND aggregate_id = ?`, r.id)).toBe(1);
  });

  it('S-19 a cancelled buyback can no longer be edited or deleted, refused by the main process', async () => {
    const r = await appraised();
    const cancelled = await t.ok('settlement:cancel', { receptionId: r.id, version: r.version });
    const attempts = await Promise.all([
      t.call('appraisal:addItem', { receptionId: r.id, item: wallet }),
      t.call('appraisal:updateItem', { receptionId: r.id, itemId: r.items[0]!.id, item: wallet }),
      t.call('appraisal:removeItem', { receptionId: r.id, itemId: r.items[0]!.id }),
      t.call('appraisal:setAdjustment', { receptionId: r.id, amount: 100, reason: 'x' }),
      t.call('appraisal:complete', { receptionId: r.id }),
      t.call('reception:delete', { id: r.id, version: cancelled.version }),
      t.call('settlement:cancel', { receptionId: r.id, version: cancelled.version }),
    ]);
    expect(attempts.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(Array(7).fill('RECEPTION_CLOSED'));
  });
});

describe('S-20 CSV download', () => {
  it('is UTF-8 with BOM, parses back to the appraised items and neutralises formulas', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...wallet, name: '=HYPERLINK("http://x")', features: '@SUM(1)' } });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...shirt, maker: '+81', model: '-1' } });
    const { filename, content } = await t.ok('settlement:csv', { receptionId: r.id });
    expect(filename).toBe(`appraisal-${r.number}.csv`);
    expect(content.startsWith('\uFEFF')).toBe(true);
    const rows = parse(content, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ 受付番号: r.number, 商品名: `'=HYPERLINK("http://x")`, 特徴: "'@SUM(1)", 分類: '財布・小物', 金額: '4000' });
    expect(rows[1]).toMatchObject({ メーカー: "'+81", 型番: "'-1", 数量: '2', 単価: '1000', 金額: '2000' });
  });
});

describe('P-07 stock', () => {
  it('lists stock by scanned code or name, with the reception it came from, and edits the EC state with an audit row', async () => {
    const r = await appraised();
    const settled = await t.ok('settlement:execute', executeRequest(r));
    const code = settled.stock[0]!.code;
    const found = await t.ok('stock:list', { query: code.toLowerCase() });
    expect(found.rows.map((s) => [s.code, s.receptionNumber, s.ecPublished])).toEqual([[code, r.number, false]]);
    expect((await t.ok('stock:list', { query: 'シャツ' })).rows.map((s) => s.name)).toContain('シャツ');
    const published = await t.ok('stock:setEcPublished', { stockItemId: found.rows[0]!.id, published: true });
    expect(published.ecPublished).toBe(true);
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stock.ec_publish' AND entity_id = ?`, published.id)).toBe(1);
    const missing = await t.call('stock:setEcPublished', { stockItemId: randomUUID(), published: true });
    expect(missing.ok || missing.error.code).toBe('STOCK_ITEM_NOT_FOUND');
  });
});
