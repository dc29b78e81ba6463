import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../main/dispatch.ts';
import { writeSetting } from '../../main/services/settings.ts';
import { type Channel, channels, type RequestOf } from '../../preload/contract.ts';
import type { Reception, VerificationInput } from '../../preload/types.ts';
import { executeRequest, startTestCore, type TestCore, walkIn, watch } from '../support/core.ts';

const JPEG = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('fake-jpeg-id-photo')]).toString('base64')}`;
const PNG = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('sig')]).toString('base64')}`;
const game = { categoryId: 'game-soft', name: 'ゲームソフト', grade: 'B' as const, quantity: 1, unitPrice: 2000 };
const wallet = { categoryId: 'brand-wallet', name: '長財布', grade: 'B' as const, quantity: 1, unitPrice: 3000 };
const manager: CallContext = { clientId: 'manager-client', window: 'clerk' };

const idDocument = (overrides: Partial<VerificationInput> = {}): VerificationInput => ({
  method: 'id_document',
  documentType: 'drivers_licence',
  documentNumberLast4: '1234',
  documentExpiry: '2029-05-20',
  seller: { name: walkIn.name, address: walkIn.address, occupation: walkIn.occupation, birthDate: walkIn.birthDate },
  guardian: null,
  invoice: { registered: false, tNumber: '' },
  ...overrides,
});

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
  await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, manager);
});
afterEach(() => t.close());

async function appraised(items: RequestOf<'appraisal:addItem'>['item'][], seller = walkIn): Promise<Reception> {
  const r = await t.ok('reception:create', { kind: 'walkIn', seller });
  for (const item of items) await t.ok('appraisal:addItem', { receptionId: r.id, item });
  return t.ok('appraisal:complete', { receptionId: r.id });
}

function execute(r: Reception, overrides: Partial<RequestOf<'settlement:execute'>> = {}) {
  return t.call('settlement:execute', {
    receptionId: r.id,
    version: r.version,
    settlementId: randomUUID(),
    cancelledItemIds: [],
    ecPublishItemIds: [],
    agreedTermsVersion: 1,
    paymentMethod: 'cash',
    printMethod: 'none',
    points: null,
    ...overrides,
  });
}

const stored = (receptionId: string) =>
  JSON.parse((t.core.db.prepare('SELECT verification FROM settlements WHERE reception_id = ?').get(receptionId) as { verification: string }).verification);

describe('B-01 the main process refuses a settlement whose identity check is incomplete', () => {
  it('B-01 a ¥25,000 buyback without a record is refused, naming exactly what is missing', async () => {
    const r = await appraised([watch]);
    const result = await execute(r);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('IDENTITY_CHECK_INCOMPLETE');
    expect(result.error.params?.fields).toBe('method, seller.name, seller.address, seller.occupation, seller.birthDate');
    expect(Object.keys(result.error.fields ?? {})).toContain('verification.method');
    expect((await t.ok('reception:get', { id: r.id })).status).toBe('appraised');
  });

  it('B-01 id_document needs the staged ID photo; with it the record is stored and sent to HQ', async () => {
    const r = await appraised([watch]);
    const withoutPhoto = await execute(r, { verification: idDocument() });
    expect(!withoutPhoto.ok && withoutPhoto.error).toMatchObject({ code: 'IDENTITY_CHECK_INCOMPLETE', params: { fields: 'idPhoto' } });
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    await t.ok('settlement:execute', { ...(await requestFor(r)), verification: idDocument() });
    const record = stored(r.id);
    expect(record).toMatchObject({
      required: true,
      reasons: ['threshold'],
      method: 'id_document',
      documentType: 'drivers_licence',
      documentNumberLast4: '1234',
      seller: { name: walkIn.name, occupation: '会社員', birthDate: '1990-05-20' },
      age: 36,
      minor: false,
      invoice: { registered: false, tNumber: '', specialRule: true },
    });
    const payload = JSON.parse((t.core.db.prepare(`SELECT payload FROM outbox WHERE kind = 'settlement' AND payload LIKE ?`).get(`%${r.number}%`) as { payload: string }).payload);
    expect(payload.verification).toEqual(record);
    const audit = (t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'settlement.execute' AND entity_id = ?`).get(r.id) as { detail: string }).detail;
    expect(audit).not.toContain(walkIn.name);
    expect(audit).not.toContain('1234');
  });

  it('B-01 the full document number never passes the contract; only the last 4', async () => {
    const r = await appraised([watch]);
    const result = await execute(r, { verification: idDocument({ documentNumberLast4: '123456789012' }) });
    expect(!result.ok && result.error).toMatchObject({ code: 'INVALID_INPUT', fields: { 'verification.documentNumberLast4': 'validation.last4' } });
  });

  it('B-01 the My Number card back and a health-insurance number are refused with the reason', async () => {
    const r = await appraised([watch]);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    for (const documentType of ['mynumber_card_back', 'health_insurance_number'] as const) {
      const result = await execute(r, { verification: idDocument({ documentType, documentNumberLast4: '' }) });
      expect(!result.ok && result.error.code).toBe('DOCUMENT_TYPE_FORBIDDEN');
    }
    const withNumber = await execute(r, { verification: idDocument({ documentType: 'health_insurance' }) });
    expect(!withNumber.ok && withNumber.error.code).toBe('DOCUMENT_NUMBER_NOT_RECORDABLE');
  });

  it('B-01 a signed declaration needs the signature', async () => {
    const r = await appraised([watch]);
    const verification = idDocument({ method: 'signed_declaration', documentType: null, documentNumberLast4: '' });
    const refused = await execute(r, { verification });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'IDENTITY_CHECK_INCOMPLETE', params: { fields: 'signature' } });
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: PNG });
    await t.ok('settlement:execute', { ...(await requestFor(r)), verification });
    expect(stored(r.id)).toMatchObject({ method: 'signed_declaration', documentType: null });
  });

  it('B-01 one game in a ¥5,000 buyback needs a check; cancelling it at execute drops the requirement', async () => {
    const r = await appraised([wallet, game]);
    const refused = await execute(r);
    expect(!refused.ok && refused.error.code).toBe('IDENTITY_CHECK_INCOMPLETE');
    const gameItem = r.items.find((i) => i.categoryId === 'game-soft')!;
    await t.ok('settlement:execute', { ...(await requestFor(r)), cancelledItemIds: [gameItem.id] });
    expect(stored(r.id)).toMatchObject({ required: false, reasons: [], method: null, seller: { name: walkIn.name } });
  });

  it('B-01 an invoice-registered seller must give a well-formed T-number', async () => {
    const r = await appraised([watch]);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    const bad = await execute(r, { verification: idDocument({ invoice: { registered: true, tNumber: 'T12345' } }) });
    expect(!bad.ok && bad.error.fields).toEqual({ 'verification.invoice.tNumber': 'validation.tNumber' });
    await t.ok('settlement:execute', { ...(await requestFor(r)), verification: idDocument({ invoice: { registered: true, tNumber: 'T1234567890123' } }) });
    expect(stored(r.id).invoice).toEqual({ registered: true, tNumber: 'T1234567890123', specialRule: false });
  });
});

describe('B-03 minors', () => {
  // The test clock is 2026-11-27 in Tokyo.
  const minor = { ...walkIn, birthDate: '2010-04-01' };
  const consent = { name: '木村 一郎', relation: '父', method: 'present' as const };

  it('B-03 a minor is refused without a guardian consent and accepted with one', async () => {
    const r = await appraised([watch], minor);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    const seller = { ...idDocument().seller, birthDate: minor.birthDate };
    const refused = await execute(r, { verification: idDocument({ seller }) });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'GUARDIAN_CONSENT_REQUIRED', params: { fields: 'guardian.name, guardian.relation, guardian.method' } });
    await t.ok('settlement:execute', { ...(await requestFor(r)), verification: idDocument({ seller, guardian: consent }) });
    expect(stored(r.id)).toMatchObject({ age: 16, minor: true, guardian: consent });
  });

  it('B-03 a minor selling under ¥10,000 still needs the consent (ordinance, whatever the amount)', async () => {
    const r = await appraised([wallet], minor);
    const refused = await execute(r);
    expect(!refused.ok && refused.error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
  });

  it('B-03 the shop can refuse minors outright, and can refuse written consent', async () => {
    const r = await appraised([watch], minor);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    const seller = { ...idDocument().seller, birthDate: minor.birthDate };
    const at = new Date().toISOString();
    const identity = { thresholdYen: 10_000, alwaysVerify: false, minorAge: 18, minorPolicy: 'consent' as const, writtenConsentAllowed: false };
    writeSetting(t.core.db, 'identity', identity, at);
    const written = await execute(r, { verification: idDocument({ seller, guardian: { ...consent, method: 'written' } }) });
    expect(!written.ok && written.error.code).toBe('WRITTEN_CONSENT_NOT_ALLOWED');
    writeSetting(t.core.db, 'identity', { ...identity, minorPolicy: 'refuse' }, at);
    const refused = await execute(r, { verification: idDocument({ seller, guardian: consent }) });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'MINOR_REFUSED', params: { minorAge: 18 } });
    expect((await t.ok('settlement:options', {})).identity.minorPolicy).toBe('refuse');
  });

  it('B-03 the 18th birthday today is of age', async () => {
    const r = await appraised([watch], { ...walkIn, birthDate: '2008-11-27' });
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    await t.ok('settlement:execute', { ...(await requestFor(r)), verification: idDocument({ seller: { ...idDocument().seller, birthDate: '2008-11-27' } }) });
    expect(stored(r.id)).toMatchObject({ age: 18, minor: false, guardian: null });
  });
});

describe('kobutsu.md §8 suspected stolen goods', () => {
  it('B-01 a flagged transaction cannot be settled, shows in the list, is audited, and only a manager unflags it', async () => {
    const r = await appraised([wallet]);
    const flagged = await t.ok('reception:flagSuspectedStolen', { receptionId: r.id, flagged: true, note: '同一品の盗難届あり' });
    expect(flagged.suspectedStolen).toBe(true);
    const row = (await t.ok('reception:list', { number: r.number })).rows[0]!;
    expect(row).toMatchObject({ suspectedStolen: true, settleable: false });
    const refused = await execute(flagged);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'NOT_SETTLEABLE', params: { reason: 'SUSPECTED_STOLEN' } });
    const clerkUnflag = await t.call('reception:flagSuspectedStolen', { receptionId: r.id, flagged: false, note: '' });
    expect(!clerkUnflag.ok && clerkUnflag.error.code).toBe('MANAGER_REQUIRED');
    const unflagged = await t.ok('reception:flagSuspectedStolen', { receptionId: r.id, flagged: false, note: '確認済' }, manager);
    expect(unflagged.suspectedStolen).toBe(false);
    const audit = t.core.db
      .prepare(`SELECT action, detail FROM audit_log WHERE entity_id = ? AND action LIKE '%suspected_stolen' ORDER BY seq`)
      .all(r.id) as { action: string; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual(['reception.flag_suspected_stolen', 'reception.unflag_suspected_stolen']);
    expect(audit.map((a) => a.detail).join()).not.toContain('盗難届');
    await t.ok('settlement:execute', { ...(await requestFor(unflagged)) });
  });
});

describe('B-02 ledger and retention', () => {
  async function settledWatch(): Promise<Reception> {
    const r = await appraised([{ ...watch, maker: 'セイコー', model: 'SBDC101' }, wallet]);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    const cancelled = r.items.find((i) => i.categoryId === 'brand-wallet')!.id;
    await t.ok('settlement:execute', { ...(await requestFor(r)), cancelledItemIds: [cancelled], verification: idDocument() });
    return t.ok('reception:get', { id: r.id });
  }

  it('B-02 one line per settled, non-cancelled item with every legally required field; CSV for managers', async () => {
    const r = await settledWatch();
    const lines = (await t.ok('ledger:list', { from: '2026-11-27', to: '2026-11-27' })).filter((l) => l.receptionNumber === r.number);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      date: '2026-11-27',
      itemType: '腕時計',
      quantity: 1,
      name: 'クロノグラフ腕時計',
      maker: 'セイコー',
      amount: 25000,
      sellerName: walkIn.name,
      sellerAddress: walkIn.address,
      sellerOccupation: '会社員',
      sellerAge: 36,
      method: 'id_document',
      documentType: 'drivers_licence',
      exempt: false,
      invoiceSpecialRule: true,
      staffName: '山田 花子',
      corrections: [],
    });
    expect(await t.ok('ledger:list', { from: '2026-11-28', to: '2026-11-30' })).toEqual([]);

    const clerkCsv = await t.call('ledger:csv', { from: '2026-11-27', to: '2026-11-27' });
    expect(!clerkCsv.ok && clerkCsv.error.code).toBe('MANAGER_REQUIRED');
    const csv = await t.ok('ledger:csv', { from: '2026-11-27', to: '2026-11-27' }, manager);
    expect(csv.content.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv.content, { bom: true, columns: true }) as Record<string, string>[];
    const line = rows.find((row) => row.受付番号 === r.number)!;
    expect(line).toMatchObject({ 取引年月日: '2026-11-27', 品目: '腕時計', 数量: '1', 売主氏名: walkIn.name, 売主年齢: '36', 確認方法: '身分証明書の提示', 身分証明書の種類: '運転免許証', 古物商特例: '古物商特例' });
    const demo = rows.find((row) => row.商品名 === 'K18 ネックレス')!;
    expect(demo.確認方法).toBe('署名した申告書');
  });

  it('B-02 a correction is a new audited entry; the ledger shows the original and the correction', async () => {
    const r = await settledWatch();
    const settlementId = r.settlement!.id;
    const request = { settlementId, field: 'seller.address' as const, newValue: '東京都渋谷区神宮前2-2-2', reason: '転居前の住所で記録' };
    const clerk = await t.call('ledger:correct', request);
    expect(!clerk.ok && clerk.error.code).toBe('MANAGER_REQUIRED');
    const correction = await t.ok('ledger:correct', request, manager);
    expect(correction).toMatchObject({ oldValue: walkIn.address, newValue: '東京都渋谷区神宮前2-2-2', staffName: '佐藤 店長' });
    const again = await t.ok('ledger:correct', { ...request, newValue: '東京都渋谷区神宮前3-3-3' }, manager);
    expect(again.oldValue).toBe('東京都渋谷区神宮前2-2-2');
    const line = (await t.ok('ledger:list', { from: '2026-11-27', to: '2026-11-27' })).find((l) => l.receptionNumber === r.number)!;
    expect(line.sellerAddress).toBe(walkIn.address);
    expect(line.corrections.map((c) => c.newValue)).toEqual(['東京都渋谷区神宮前2-2-2', '東京都渋谷区神宮前3-3-3']);
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'ledger.correct' AND entity_id = ?`).all(settlementId) as { detail: string }[];
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.detail).join()).not.toContain('神宮前');
    const bad = await t.call('ledger:correct', { ...request, field: 'documentType', newValue: 'mynumber_card_back' }, manager);
    expect(!bad.ok && bad.error.code).toBe('DOCUMENT_TYPE_FORBIDDEN');
    expect(() => t.core.db.prepare('DELETE FROM ledger_corrections').run()).toThrow(/append-only/);
  });

  it('B-02 no channel can delete or edit a settled reception, and the database refuses a delete within 3 years', async () => {
    const r = await settledWatch();
    const item = r.items[0]!;
    const attempts: { [C in Channel]?: RequestOf<C> } = {
      'reception:delete': { id: r.id, version: r.version },
      'reception:flagSuspectedStolen': { receptionId: r.id, flagged: true, note: '' },
      'appraisal:addItem': { receptionId: r.id, item: watch },
      'appraisal:updateItem': { receptionId: r.id, itemId: item.id, item: watch },
      'appraisal:removeItem': { receptionId: r.id, itemId: item.id },
      'appraisal:moveItem': { receptionId: r.id, itemId: item.id, direction: 'down' },
      'appraisal:setAdjustment': { receptionId: r.id, amount: 100, reason: 'x' },
      'appraisal:complete': { receptionId: r.id },
      'settlement:cancel': { receptionId: r.id, version: r.version, reason: 'cancel_buyback' },
      'settlement:execute': { ...(await requestFor(r)) },
    };
    for (const [channel, request] of Object.entries(attempts)) {
      for (const context of [undefined, manager]) {
        const result = await t.call(channel as Channel, request as never, context);
        expect(result.ok, `${channel} must refuse a settled reception`).toBe(false);
      }
    }
    const after = await t.ok('reception:get', { id: r.id });
    expect(after).toEqual(r);
    expect(() => t.core.db.prepare('DELETE FROM receptions WHERE id = ?').run(r.id)).toThrow(/cannot be deleted/);
    expect(() => t.core.db.prepare('DELETE FROM settlements WHERE id = ?').run(r.settlement!.id)).toThrow(/kept for 3 years/);

    // Every channel that changes a transaction is tried above or is known to leave settled ones alone; a new one
    // must be added to one of the two lists.
    const readOnlyOrNotAboutSettled = new Set<string>([
      'reception:create',
      'reception:get',
      'reception:findByNumber',
      'reception:list',
      'settlement:open',
      'settlement:options',
      'settlement:stageImage',
      'settlement:dropImage',
      'settlement:image',
      'settlement:csv',
      'settlement:saveDraft',
      'settlement:draft',
      'settlement:discardDraft',
      // Refuses a settled transaction (tests/unit/drafts.test.ts) and holds nothing for it.
      'settlement:stageIdentity',
      'settlement:resumable',
    ]);
    const unclassified = channels.filter(
      (c) => /^(reception|appraisal|settlement):/.test(c) && !(c in attempts) && !readOnlyOrNotAboutSettled.has(c),
    );
    expect(unclassified).toEqual([]);
  });
});

async function requestFor(r: Reception) {
  return executeRequest(await t.ok('reception:get', { id: r.id }));
}
