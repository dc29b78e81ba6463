import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

const JPEG = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]).toString('base64')}`;

describe('B-06 settlement drafts', () => {
  it('survive an app restart without the images, which must be retaken', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: 'cloth-men', name: 'シャツ', grade: 'B', quantity: 1, unitPrice: 1000 } });
    const draft = {
      settlementId: crypto.randomUUID(),
      step: 1,
      agreed: true,
      cancelledItemIds: [],
      ecPublishItemIds: [],
      paymentMethod: 'cash',
      printMethod: 'none' as const,
      points: null,
      photoTaken: true,
      signed: false,
    };
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    await t.ok('settlement:saveDraft', { receptionId: r.id, draft });
    expect(await t.ok('settlement:draft', { receptionId: r.id })).toEqual({ draft, stagedImages: ['id_photo'] });

    const file = t.core.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').get(r.id) as { data: string };
    expect(file.data).not.toContain('base64');

    await t.reopen();
    await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await t.ok('settlement:draft', { receptionId: r.id })).toEqual({ draft, stagedImages: [] });
  });

  it('are discarded when the transaction is settled or cancelled', async () => {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const withItem = await t.ok('appraisal:addItem', {
      receptionId: r.id,
      item: { categoryId: 'cloth-men', name: 'シャツ', grade: 'B', quantity: 1, unitPrice: 1000 },
    });
    await t.ok('settlement:saveDraft', {
      receptionId: r.id,
      draft: { settlementId: crypto.randomUUID(), step: 0, agreed: false, cancelledItemIds: [], ecPublishItemIds: [], paymentMethod: 'cash', printMethod: 'none', points: null, photoTaken: false, signed: false },
    });
    await t.ok('settlement:cancel', { receptionId: r.id, version: withItem.version });
    expect((await t.ok('settlement:draft', { receptionId: r.id })).draft).toBeNull();
    await t.ok('settlement:saveDraft', {
      receptionId: r.id,
      draft: { settlementId: crypto.randomUUID(), step: 1, agreed: false, cancelledItemIds: [], ecPublishItemIds: [], paymentMethod: 'cash', printMethod: 'none', points: null, photoTaken: false, signed: false },
    });
    expect((await t.ok('settlement:draft', { receptionId: r.id })).draft).toBeNull();
  });
});
