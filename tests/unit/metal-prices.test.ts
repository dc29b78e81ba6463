import { BANK_TRANSFER } from '../../common/till.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settlementPayloadSchema } from 'kaitori-sync-protocol';
import type { Channel, RequestOf, ResponseOf } from '../../preload/contract.ts';
import type { ItemFields } from '../../preload/types.ts';
import { executeRequest, sellerAccount, startTestCore, type TestCore, walkIn } from '../support/core.ts';

const necklace: ItemFields = {
  categoryId: 'metal-k18',
  name: 'K18 喜平ネックレス 50cm',
  maker: '',
  model: '',
  serial: '',
  colour: '',
  features: '刻印あり',
  grade: 'B',
  quantity: 1,
  unitPrice: 0,
  weightCg: 1234,
  metalPricePerGram: 15_000,
};

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

/** The manager steps up to this counter (signs in over the clerk), does it, and hands the counter back. */
async function manager<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  await t.ok('session:staffSignIn', { code: '9001', pin: '9999' });
  try {
    return await t.ok(channel, request);
  } finally {
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
  }
}

async function reception() {
  return t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
}

describe('A-03 precious metals priced by weight × today’s price per gram', () => {
  it('A-03 a K18 necklace of 12.34 g at ¥15,000/g is ¥185,100; the weight is on the item, the ledger and the HQ record', async () => {
    await manager('metalPrice:set', { metal: 'K18', pricePerGram: 15_000 });
    const r = await reception();
    // Whatever price the request carries, the main process prices by weight.
    const added = await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...necklace, unitPrice: 1 } });
    expect(added.items[0]).toMatchObject({ unitPrice: 185_100, amount: 185_100, weightCg: 1234, metalPricePerGram: 15_000 });
    const done = await t.ok('appraisal:complete', { receptionId: r.id });
    // Over ¥10,000: the seller's signed declaration (kobutsu.md §2), as at the counter.
    const signature = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('signature-png')]).toString('base64')}`;
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: signature });
    const verification = {
      method: 'signed_declaration' as const,
      seller: { name: walkIn.name, address: walkIn.address, occupation: walkIn.occupation, birthDate: walkIn.birthDate },
    };
    await t.ok('settlement:execute', executeRequest(done, { paymentMethod: BANK_TRANSFER, bankAccount: sellerAccount, verification }));
    const ledger = await manager('ledger:list', { from: '2026-11-27', to: '2026-11-27' });
    expect(ledger.find((l) => l.amount === 185_100)?.features).toBe('重量 12.34 g、刻印あり');
    const outbox = t.core.db.prepare(`SELECT payload FROM outbox WHERE kind = 'settlement' ORDER BY seq DESC`).get() as { payload: string };
    expect(settlementPayloadSchema.parse(JSON.parse(outbox.payload)).items[0]).toMatchObject({ weightCg: 1234, metalPricePerGram: 15_000, unitPrice: 185_100 });
  });

  it('A-03 no price set today: the clerk is told and the item is not added; yesterday’s price does not count', async () => {
    t.clock.set('2026-11-26T05:00:00.000Z');
    await manager('metalPrice:set', { metal: 'K18', pricePerGram: 14_800 });
    t.clock.set('2026-11-27T01:00:00.000Z');
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const today = await t.ok('metalPrice:today', {});
    expect(today.businessDate).toBe('2026-11-27');
    expect(today.prices.find((p) => p.metal === 'K18')?.pricePerGram).toBeNull();
    const r = await reception();
    const refused = await t.call('appraisal:addItem', { receptionId: r.id, item: necklace });
    expect(refused).toMatchObject({ ok: false, error: { code: 'METAL_PRICE_NOT_SET', params: { metal: 'K18' } } });
    expect((await t.ok('reception:get', { id: r.id })).items).toHaveLength(0);
  });

  it('A-03 a price changed mid-appraisal: what was priced stays priced; the next item at the old rate is refused with the new one', async () => {
    await manager('metalPrice:set', { metal: 'K18', pricePerGram: 15_000 });
    const r = await reception();
    await t.ok('appraisal:addItem', { receptionId: r.id, item: necklace });
    await manager('metalPrice:set', { metal: 'K18', pricePerGram: 15_200 });
    const stale = await t.call('appraisal:addItem', { receptionId: r.id, item: { ...necklace, weightCg: 500 } });
    expect(stale).toMatchObject({ ok: false, error: { code: 'METAL_PRICE_CHANGED', params: { metal: 'K18', amount: 15_200 } } });
    const fresh = await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...necklace, weightCg: 500, metalPricePerGram: 15_200 } });
    expect(fresh.items.map((i) => [i.unitPrice, i.metalPricePerGram])).toEqual([
      [185_100, 15_000],
      [76_000, 15_200],
    ]);
  });

  it('A-03 the rounding rule is a manager’s setting (floor by default), audited like every price', async () => {
    await manager('metalPrice:set', { metal: 'SV925', pricePerGram: 151 });
    const r = await reception();
    const silver = { ...necklace, categoryId: 'metal-sv925', name: 'SV925 リング', weightCg: 1050, metalPricePerGram: 151 };
    expect((await t.ok('appraisal:addItem', { receptionId: r.id, item: silver })).items[0]!.unitPrice).toBe(1585); // 1,585.5
    await manager('metalPrice:setRounding', { rounding: 'round' });
    expect((await t.ok('appraisal:addItem', { receptionId: r.id, item: silver })).items[1]!.unitPrice).toBe(1586);
    const audit = t.core.db.prepare(`SELECT action, detail FROM audit_log WHERE action IN ('metal_price.set', 'settings.metalRounding') ORDER BY seq`).all() as { action: string; detail: string }[];
    expect(audit.map((a) => [a.action, JSON.parse(a.detail)])).toEqual([
      ['metal_price.set', { metal: 'SV925', businessDate: '2026-11-27', pricePerGram: 151, previous: null }],
      ['settings.metalRounding', { rounding: 'round', previous: 'floor' }],
    ]);
  });

  it('A-03 only a manager sets prices; a missing or broken weight is refused; other categories carry no weight', async () => {
    expect(await t.call('metalPrice:set', { metal: 'K18', pricePerGram: 15_000 })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    await manager('metalPrice:set', { metal: 'K18', pricePerGram: 15_000 });
    await expect(manager('metalPrice:set', { metal: 'K19', pricePerGram: 1 })).rejects.toThrow(/METAL_UNKNOWN/);
    const r = await reception();
    expect(await t.call('appraisal:addItem', { receptionId: r.id, item: { ...necklace, weightCg: null } })).toMatchObject({
      ok: false,
      error: { fields: { 'item.weightCg': 'validation.weightRequired' } },
    });
    expect(await t.call('appraisal:addItem', { receptionId: r.id, item: { ...necklace, weightCg: 12.5 } })).toMatchObject({
      ok: false,
      error: { fields: { 'item.weightCg': 'validation.weightStep' } },
    });
    const watch = await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...necklace, categoryId: 'watch-wrist', name: '腕時計', unitPrice: 3000 } });
    expect(watch.items[0]).toMatchObject({ unitPrice: 3000, weightCg: null, metalPricePerGram: null });
  });
});
