import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMasterData } from '../../main/sync/master-data.ts';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore({ signIn: 'manager' });
});
afterEach(() => t.close());

const TRADING_CARDS = { nameJa: 'トレーディングカード（ポケモン）', nameEn: 'Trading cards (Pokémon)', parentId: 'hobby', alwaysVerify: false, sortOrder: 900 };
const audited = (prefix: string) => t.core.db.prepare("SELECT action FROM audit_log WHERE action LIKE ? || '%' ORDER BY at").pluck().all(prefix);

function publishHqCategory(): void {
  applyMasterData(
    t.core.db,
    [
      {
        kind: 'category',
        storeCode: null,
        version: 1,
        publishedAt: '2026-11-27T00:00:00.000Z',
        data: { id: 'watch-smart', parentId: 'watch', nameJa: 'スマートウォッチ', nameEn: 'Smartwatches', alwaysVerify: false, sortOrder: 23, active: true, metal: null },
      },
    ],
    1,
    '2026-11-27T00:00:00.000Z',
  );
}

describe('A-04 the store’s own categories beside HQ’s', () => {
  it('A-04 a manager adds a store category, which is offered at appraisal, and edits its order, always-verify flag and name', async () => {
    const added = await t.ok('category:add', TRADING_CARDS);
    const cards = added.find((c) => c.nameJa === TRADING_CARDS.nameJa)!;
    expect(cards).toMatchObject({ owner: 'store', active: true, sortOrder: 900, alwaysVerify: false });
    expect(cards.id).toMatch(/^store-[a-f0-9]{12}$/);
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: cards.id, name: 'ピカチュウ 𠮷 プロモ', grade: 'A', quantity: 3, unitPrice: 1_200 } });

    const edited = await t.ok('category:update', { ...TRADING_CARDS, id: cards.id, nameJa: 'トレカ', sortOrder: 5, alwaysVerify: true, active: true });
    expect(edited.find((c) => c.id === cards.id)).toMatchObject({ nameJa: 'トレカ', sortOrder: 5, alwaysVerify: true });
    expect(audited('category.')).toEqual(['category.add', 'category.update']);
  });

  it('A-04 a category items name is deactivated, never deleted, with a message; one nothing names is deleted', async () => {
    const cards = (await t.ok('category:add', TRADING_CARDS)).find((c) => c.nameJa === TRADING_CARDS.nameJa)!;
    const unused = (await t.ok('category:add', { ...TRADING_CARDS, nameJa: 'ミニ四駆', nameEn: 'Mini 4WD' })).find((c) => c.nameJa === 'ミニ四駆')!;
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: cards.id, name: 'リザードン', grade: 'B', quantity: 1, unitPrice: 30_000 } });

    expect(await t.ok('category:remove', { id: cards.id })).toEqual({ outcome: 'deactivated', items: 1 });
    const list = await t.ok('category:list', {});
    expect(list.find((c) => c.id === cards.id)).toMatchObject({ active: false });
    expect((await t.ok('reception:get', { id: r.id })).items[0]!.categoryId).toBe(cards.id);

    expect(await t.ok('category:remove', { id: unused.id })).toEqual({ outcome: 'deleted' });
    expect((await t.ok('category:list', {})).map((c) => c.id)).not.toContain(unused.id);
    // A built-in parent with sub-categories is deactivated too: its children still point at it.
    expect(await t.ok('category:remove', { id: 'watch' })).toMatchObject({ outcome: 'deactivated' });
    expect(audited('category.')).toEqual(['category.add', 'category.add', 'category.deactivate', 'category.delete', 'category.deactivate']);
  });

  it('A-04 an HQ category is read-only: edit and delete are refused with MASTER_DATA_HQ_OWNED and change nothing', async () => {
    publishHqCategory();
    const before = (await t.ok('category:list', {})).find((c) => c.id === 'watch-smart');
    expect(before).toMatchObject({ owner: 'hq' });
    const edit = await t.call('category:update', { id: 'watch-smart', nameJa: '時計（スマート）', nameEn: 'Smart', parentId: 'watch', alwaysVerify: true, sortOrder: 1, active: true });
    expect(edit).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED', message: 'errors.MASTER_DATA_HQ_OWNED_category' } });
    expect(await t.call('category:remove', { id: 'watch-smart' })).toMatchObject({ ok: false, error: { code: 'MASTER_DATA_HQ_OWNED' } });
    expect((await t.ok('category:list', {})).find((c) => c.id === 'watch-smart')).toEqual(before);
    expect(audited('category.')).toEqual([]);
  });

  it('A-04 bad input changes nothing: a clerk, an unknown or nested parent, an order out of range, an empty name', async () => {
    const count = async () => (await t.ok('category:list', {})).length;
    const n = await count();
    expect(await t.call('category:add', { ...TRADING_CARDS, parentId: 'no-such' })).toMatchObject({ ok: false, error: { fields: { parentId: 'validation.categoryParent' } } });
    expect(await t.call('category:add', { ...TRADING_CARDS, parentId: 'watch-wrist' })).toMatchObject({ ok: false, error: { fields: { parentId: 'validation.categoryParent' } } });
    expect(await t.call('category:add', { ...TRADING_CARDS, sortOrder: 1_000_001 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('category:add', { ...TRADING_CARDS, nameJa: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('category:update', { ...TRADING_CARDS, id: 'no-such', active: true })).toMatchObject({ ok: false, error: { code: 'CATEGORY_NOT_FOUND' } });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await t.call('category:add', TRADING_CARDS)).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    expect(await count()).toBe(n);
  });
});
