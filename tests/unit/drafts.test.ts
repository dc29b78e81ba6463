import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/core.ts';
import { MAX_HELD_BYTES, MAX_IMAGE_BYTES } from '../../main/services/staged-evidence.ts';
import type { SettlementDraft } from '../../preload/types.ts';
import { executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

/** A JPEG of `bytes` bytes: the JPEG signature, then filler (the kiosk checks the signature, not the picture). */
function jpeg(bytes = 8): string {
  const data = Buffer.alloc(bytes, 7);
  data.set([0xff, 0xd8, 0xff, 0xe0]);
  return `data:image/jpeg;base64,${data.toString('base64')}`;
}

const shirt = { categoryId: 'cloth-men', name: 'シャツ', grade: 'B' as const, quantity: 1, unitPrice: 1000 };

async function openReception() {
  const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  return t.ok('appraisal:addItem', { receptionId: r.id, item: shirt });
}

function draftOf(overrides: Partial<SettlementDraft> = {}): SettlementDraft {
  return {
    settlementId: crypto.randomUUID(),
    step: 'verification',
    agreedTermsVersion: 1,
    cancelledItemIds: [],
    ecPublishItemIds: [],
    paymentMethod: 'cash',
    printMethod: 'none',
    points: null,
    photoTaken: true,
    signed: false,
    ...overrides,
  };
}

const identity = {
  method: 'id_document' as const,
  documentType: 'drivers_licence' as const,
  documentNumberLast4: 'QZ9W',
  documentExpiry: '2029-05-20',
  reusedFrom: null,
  seller: { name: '𠮷野 はるか', address: '東京都渋谷区神宮前1-1-1 メゾン🌸301', occupation: 'デザイナー', birthDate: '1990-05-20' },
  guardian: null,
  invoice: { registered: false, tNumber: '' },
};

describe('B-06 settlement drafts', () => {
  it('survive an app restart without the images and identity record, which are held in memory only', async () => {
    const r = await openReception();
    const draft = draftOf();
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: jpeg() });
    await t.ok('settlement:stageIdentity', { receptionId: r.id, record: identity });
    await t.ok('settlement:saveDraft', { receptionId: r.id, draft });
    expect(await t.ok('settlement:draft', { receptionId: r.id })).toEqual({ draft, stagedImages: ['id_photo'], identity, idPhotoMasks: 0 });
    expect(await t.ok('settlement:resumable', {})).toEqual({ receptionId: r.id, number: r.number });

    t.core.db.pragma('wal_checkpoint(TRUNCATE)');
    const disk = readFileSync(join(t.dataDir, DATABASE_FILE));
    expect(disk.includes(Buffer.from('デザイナー'))).toBe(false);
    expect(disk.includes(Buffer.from('QZ9W'))).toBe(false);

    await t.reopen();
    await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await t.ok('settlement:draft', { receptionId: r.id })).toEqual({ draft, stagedImages: [], identity: null, idPhotoMasks: null });
  });

  it('are discarded when the transaction is settled or cancelled', async () => {
    const r = await openReception();
    await t.ok('settlement:saveDraft', { receptionId: r.id, draft: draftOf({ step: 'agreement', agreedTermsVersion: null, photoTaken: false }) });
    await t.ok('settlement:cancel', { receptionId: r.id, version: r.version });
    expect((await t.ok('settlement:draft', { receptionId: r.id })).draft).toBeNull();
    await t.ok('settlement:saveDraft', { receptionId: r.id, draft: draftOf() });
    expect((await t.ok('settlement:draft', { receptionId: r.id })).draft).toBeNull();
    expect(await t.ok('settlement:resumable', {})).toBeNull();
  });

  it('issue 13 §6: drafts.load checks the stored JSON with the draft schema; a bad row is no draft, never a crash', async () => {
    const r = await openReception();
    const write = (data: string) =>
      t.core.db.prepare('INSERT OR REPLACE INTO settlement_drafts (reception_id, data, updated_at) VALUES (?, ?, ?)').run(r.id, data, new Date().toISOString());
    for (const bad of [
      '{not json',
      'null',
      JSON.stringify({ step: 'verification' }),
      // A draft of the first build: numeric step and no agreed terms version.
      JSON.stringify({ ...draftOf(), step: 1, agreedTermsVersion: undefined, agreed: true }),
      JSON.stringify({ ...draftOf(), cancelledItemIds: ['not-a-uuid'] }),
      JSON.stringify({ ...draftOf(), points: -5 }),
    ]) {
      write(bad);
      const result = await t.call('settlement:draft', { receptionId: r.id });
      expect(result).toEqual({ ok: true, value: { draft: null, stagedImages: [], identity: null, idPhotoMasks: null } });
      expect(await t.ok('settlement:resumable', {})).toBeNull();
    }
    write(JSON.stringify(draftOf()));
    expect((await t.ok('settlement:draft', { receptionId: r.id })).draft?.step).toBe('verification');
  });
});

describe('issue 13 §6 staged images and identity records are held only for open transactions, and capped', () => {
  const held = (receptionId: string) => t.ok('settlement:draft', { receptionId });

  it('a deleted reception lets its images and identity record go', async () => {
    const r = await openReception();
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: jpeg(MAX_IMAGE_BYTES) });
    await t.ok('settlement:stageIdentity', { receptionId: r.id, record: identity });
    expect(t.core.services.settlement.evidence.heldBytes()).toBe(MAX_IMAGE_BYTES);
    await t.ok('reception:delete', { id: r.id, version: r.version });
    expect(t.core.services.settlement.evidence.heldBytes()).toBe(0);
  });

  it('a reception cancelled or settled by another client, or by another process writing the file, lets them go', async () => {
    const [a, b, c] = [await openReception(), await openReception(), await openReception()];
    for (const r of [a, b, c]) await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: jpeg(1000) });
    const other = { clientId: 'second-counter-tab' };
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, other);
    await t.ok('settlement:cancel', { receptionId: a.id, version: a.version }, other);
    await t.ok('settlement:execute', executeRequest(b), other);
    expect((await held(a.id)).stagedImages).toEqual([]);
    expect((await held(b.id)).stagedImages).toEqual([]);

    const second = new Database(join(t.dataDir, DATABASE_FILE));
    second.prepare(`UPDATE receptions SET status = 'cancelled', version = version + 1 WHERE id = ?`).run(c.id);
    second.close();
    expect((await held(c.id)).stagedImages).toEqual([]);
    expect(t.core.services.settlement.evidence.heldBytes()).toBe(0);
  });

  it('stageImage and stageIdentity refuse a settled or cancelled transaction', async () => {
    const r = await openReception();
    await t.ok('settlement:execute', executeRequest(r));
    const image = await t.call('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: jpeg() });
    expect(image).toMatchObject({ ok: false, error: { code: 'RECEPTION_CLOSED', params: { status: 'settled' } } });
    const record = await t.call('settlement:stageIdentity', { receptionId: r.id, record: identity });
    expect(record).toMatchObject({ ok: false, error: { code: 'RECEPTION_CLOSED' } });
    expect(t.core.services.settlement.evidence.heldBytes()).toBe(0);
  });

  it('the total held is capped: the least recently used other transaction lets its images go first', async () => {
    const receptions = [];
    for (let i = 0; i < 4; i++) receptions.push(await openReception());
    for (const r of receptions) {
      await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: jpeg(MAX_IMAGE_BYTES) });
      await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: jpeg(MAX_IMAGE_BYTES) });
      expect(t.core.services.settlement.evidence.heldBytes()).toBeLessThanOrEqual(MAX_HELD_BYTES);
    }
    expect((await held(receptions[0]!.id)).stagedImages).toEqual([]);
    for (const r of receptions.slice(1)) expect((await held(r.id)).stagedImages).toEqual(['id_photo', 'signature']);
    const tooLarge = await t.call('settlement:stageImage', { receptionId: receptions[1]!.id, kind: 'id_photo', dataUrl: jpeg(MAX_IMAGE_BYTES + 1) });
    expect(tooLarge).toMatchObject({ ok: false, error: { code: 'IMAGE_TOO_LARGE' } });
  });
});
