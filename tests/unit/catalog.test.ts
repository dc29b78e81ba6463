import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settlementPayloadSchema } from 'kaitori-sync-protocol';
import type { ItemFields, Reception } from '../../preload/types.ts';
import { executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';

// Products as shops buy them: a game console (JAN), an imported camera lens (UPC-A), a small pack (EAN-8).
const SWITCH = '4902370548495';
const LENS_UPC = '036000291452';
const LENS_KEY = '0036000291452';
const CARD_EAN8 = '96385074';

const console_: ItemFields = {
  categoryId: 'game-console',
  name: 'ニンテンドースイッチ 有機ELモデル',
  maker: '任天堂',
  model: 'HEG-S-KAAAA',
  serial: 'XTJ10012345678',
  colour: 'ホワイト',
  features: '箱・説明書あり 𠮷',
  grade: 'A',
  quantity: 1,
  unitPrice: 9_000,
  productCode: SWITCH,
};

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

async function settle(items: ItemFields[]): Promise<Reception> {
  const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  for (const item of items) await t.ok('appraisal:addItem', { receptionId: r.id, item });
  const done = await t.ok('appraisal:complete', { receptionId: r.id });
  return (await t.ok('settlement:execute', executeRequest(done))).reception;
}

describe('A-01 the catalog learns what the shop buys, and a scan finds it', () => {
  it('A-01 an unknown code is unknown until an item appraised under it is settled; then the scan finds it prefilled', async () => {
    expect(await t.ok('catalog:lookup', { code: SWITCH })).toEqual({ kind: 'unknown', code: SWITCH });
    const settled = await settle([console_]);
    expect(settled.items[0]!.productCode).toBe(SWITCH);
    const found = await t.ok('catalog:lookup', { code: SWITCH });
    expect(found).toEqual({
      kind: 'found',
      code: SWITCH,
      item: {
        code: SWITCH,
        name: 'ニンテンドースイッチ 有機ELモデル',
        maker: '任天堂',
        model: 'HEG-S-KAAAA',
        categoryId: 'game-console',
        attributes: { colour: 'ホワイト' },
        source: 'local',
      },
    });
    // Learnt in the settlement's transaction: its audit entry names the code; HQ hears it with the item.
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'settlement.execute' ORDER BY seq DESC`).get() as { detail: string };
    expect(JSON.parse(audit.detail).catalogLearnt).toEqual([SWITCH]);
    const outbox = t.core.db.prepare(`SELECT payload FROM outbox WHERE kind = 'settlement' ORDER BY seq DESC`).get() as { payload: string };
    expect(settlementPayloadSchema.parse(JSON.parse(outbox.payload)).items[0]!.productCode).toBe(SWITCH);
  });

  it('A-01 an item that is only appraised (not settled) or cancelled at settlement teaches the catalog nothing', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: console_ });
    const withCancelled = await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...console_, productCode: CARD_EAN8, name: 'カード' } });
    expect(await t.ok('catalog:lookup', { code: SWITCH })).toMatchObject({ kind: 'unknown' });
    const done = await t.ok('appraisal:complete', { receptionId: r.id });
    await t.ok('settlement:execute', executeRequest(done, { cancelledItemIds: [withCancelled.items[1]!.id] }));
    expect(await t.ok('catalog:lookup', { code: SWITCH })).toMatchObject({ kind: 'found' });
    expect(await t.ok('catalog:lookup', { code: CARD_EAN8 })).toMatchObject({ kind: 'unknown' });
  });

  it('A-01 UPC-A is stored and found in its 13-digit form, whichever form the scanner sends', async () => {
    await settle([{ ...console_, categoryId: 'elec-camera', name: 'ズームレンズ', maker: 'Canon', model: 'EF24-105', productCode: LENS_UPC }]);
    expect(await t.ok('catalog:lookup', { code: LENS_UPC })).toMatchObject({ kind: 'found', code: LENS_KEY });
    expect(await t.ok('catalog:lookup', { code: LENS_KEY })).toMatchObject({ kind: 'found', item: { name: 'ズームレンズ' } });
  });

  it('A-01 a bad check digit, one of our stock labels and a reception number are told apart, and none is looked up', async () => {
    expect(await t.ok('catalog:lookup', { code: '4902370548496' })).toEqual({ kind: 'badCheckDigit', code: '4902370548496' });
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const withItem = await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...console_, productCode: '' } });
    const label = withItem.items[0]!;
    expect(label.janCode).toMatch(/^20\d{11}$/);
    expect(await t.ok('catalog:lookup', { code: label.janCode! })).toEqual({
      kind: 'stockLabel',
      code: label.janCode,
      stockCode: label.stockCode,
      name: console_.name,
    });
    expect(await t.ok('catalog:lookup', { code: r.number })).toEqual({ kind: 'notProductCode', code: r.number });
  });

  it('A-01 an item with a bad check digit or a stock label as its product code is refused with a clear message and not added', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const bad = await t.call('appraisal:addItem', { receptionId: r.id, item: { ...console_, productCode: '4902370548496' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { 'item.productCode': 'validation.productCode' } } });
    const ours = await t.call('appraisal:addItem', { receptionId: r.id, item: { ...console_, productCode: '2001000001231' } });
    expect(ours).toMatchObject({ ok: false, error: { fields: { 'item.productCode': 'validation.productCodeStockLabel' } } });
    expect((await t.ok('reception:get', { id: r.id })).items).toHaveLength(0);
  });

  it('A-01 catalog search by name, maker or model folds like the reception search (hiragana, full-width, spaces)', async () => {
    await settle([
      console_,
      { ...console_, name: 'プレイステーション5', maker: 'ソニー', model: 'CFI-2000', colour: '', productCode: '4948872415903', unitPrice: 900 },
    ]);
    const names = async (query: string) => (await t.ok('catalog:search', { query })).map((item) => item.name);
    expect(await names('すいっち')).toEqual(['ニンテンドースイッチ 有機ELモデル']);
    expect(await names('ぷれいすてーしょん')).toEqual(['プレイステーション5']);
    expect(await names('ｃｆｉ２０００')).toEqual(['プレイステーション5']);
    expect(await names('任天堂')).toEqual(['ニンテンドースイッチ 有機ELモデル']);
    expect(await names('ニ')).toEqual(['ニンテンドースイッチ 有機ELモデル']);
    expect(await names('heg s')).toEqual(['ニンテンドースイッチ 有機ELモデル']);
    expect(await names(SWITCH)).toEqual(['ニンテンドースイッチ 有機ELモデル']);
    expect(await names('ロレックス')).toEqual([]);
  });

  it('A-01 a second settlement of a code refreshes what this counter learnt (newest name and colour)', async () => {
    await settle([console_]);
    await settle([{ ...console_, name: 'Nintendo Switch 有機EL ネオン', colour: 'ネオンブルー/ネオンレッド' }]);
    expect(await t.ok('catalog:lookup', { code: SWITCH })).toMatchObject({
      item: { name: 'Nintendo Switch 有機EL ネオン', attributes: { colour: 'ネオンブルー/ネオンレッド' }, source: 'local' },
    });
    expect(await t.ok('catalog:search', { query: 'ねおん' })).toHaveLength(1);
  });

  it('A-01 a settlement refreshes what this counter learnt but never overwrites an entry HQ owns', async () => {
    t.core.db
      .prepare(`INSERT INTO catalog_items (code, name, maker, model, category_id, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'hq', ?, ?)`)
      .run(SWITCH, 'Nintendo Switch（本部）', '任天堂', 'HEG-001', 'game-console', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
    await settle([{ ...console_, name: '店で打った名前' }]);
    expect(await t.ok('catalog:lookup', { code: SWITCH })).toMatchObject({ item: { name: 'Nintendo Switch（本部）', source: 'hq' } });
  });
});
