// I-02, I-03 in the main process: the expiry of an ID document is recorded and checked inside execute's transaction;
// a member's earlier verification is listed and can be reused while its document is still valid.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reception, VerificationInput } from '../../preload/types.ts';
import { cashFromSafe, executeRequest, startTestCore, type TestCore, watch } from '../support/core.ts';

const JPEG = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('fake-jpeg-id-photo')]).toString('base64')}`;
const PNG = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('sig')]).toString('base64')}`;

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

const members = () => t.core.db.prepare('SELECT id, name, address, occupation, birth_date FROM customers ORDER BY member_number').all() as {
  id: string;
  name: string;
  address: string;
  occupation: string;
  birth_date: string;
}[];

function licence(member: ReturnType<typeof members>[number], overrides: Partial<VerificationInput> = {}): VerificationInput {
  return {
    method: 'id_document',
    documentType: 'drivers_licence',
    documentNumberLast4: '4821',
    documentExpiry: '2029-06-20',
    seller: { name: member.name, address: member.address, occupation: member.occupation || '会社員', birthDate: member.birth_date },
    guardian: null,
    invoice: { registered: false, tNumber: '' },
    ...overrides,
  };
}

async function appraisedFor(customerId: string): Promise<Reception> {
  const r = await t.ok('reception:create', { kind: 'member', customerId });
  await t.ok('appraisal:addItem', { receptionId: r.id, item: watch });
  return t.ok('appraisal:complete', { receptionId: r.id });
}

/** Paid in cash, as at the counter: what the till lacks comes from the safe first (M-06). */
async function execute(r: Reception, verification: VerificationInput | null) {
  await cashFromSafe(t, r.totals.total);
  return t.call('settlement:execute', executeRequest(r, { points: 0, verification }));
}

/** Moves the shop's clock (days at a time); the idle lock signs the clerk out, so the clerk signs in again. */
async function at(iso: string) {
  t.clock.set(iso);
  await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
}

const stored = (receptionId: string) =>
  JSON.parse((t.core.db.prepare('SELECT verification FROM settlements WHERE reception_id = ?').get(receptionId) as { verification: string }).verification);
const settlementCount = () => (t.core.db.prepare('SELECT COUNT(*) AS n FROM settlements').get() as { n: number }).n;

/** Settles a member buyback with a licence photographed now. */
async function settledWithLicence(customerIndex: number, overrides: Partial<VerificationInput> = {}) {
  const member = members()[customerIndex]!;
  const r = await appraisedFor(member.id);
  await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
  await cashFromSafe(t, r.totals.total);
  await t.ok('settlement:execute', executeRequest(r, { points: 0, verification: licence(member, overrides) }));
  return (t.core.db.prepare('SELECT id, settled_at FROM settlements WHERE reception_id = ?').get(r.id) as { id: string; settled_at: string });
}

describe('I-03 the expiry of an ID document', () => {
  it('I-03 is recorded with the verification, in the HQ payload too', async () => {
    const settled = await settledWithLicence(0);
    const record = JSON.parse((t.core.db.prepare('SELECT verification FROM settlements WHERE id = ?').get(settled.id) as { verification: string }).verification);
    expect(record).toMatchObject({ documentType: 'drivers_licence', documentNumberLast4: '4821', documentExpiry: '2029-06-20', reusedFrom: null });
    const payload = JSON.parse((t.core.db.prepare(`SELECT payload FROM outbox WHERE aggregate_id = ?`).get(settled.id) as { payload: string }).payload);
    expect(payload.verification.documentExpiry).toBe('2029-06-20');
  });

  it('I-03 a licence is valid through its expiry date (Tokyo) and refused from the next day, inside execute', async () => {
    const member = members()[0]!;
    // 23:59:59 in Tokyo on the expiry date: still valid.
    await at('2026-11-27T14:59:59.000Z');
    const onTheDay = await appraisedFor(member.id);
    await t.ok('settlement:stageImage', { receptionId: onTheDay.id, kind: 'id_photo', dataUrl: JPEG });
    const ok = await execute(onTheDay, licence(member, { documentExpiry: '2026-11-27' }));
    expect(ok.ok).toBe(true);

    // One second later it is the 28th in Tokyo: the same licence is refused, with its date, and nothing is written.
    await at('2026-11-27T15:00:00.000Z');
    const nextDay = await appraisedFor(member.id);
    await t.ok('settlement:stageImage', { receptionId: nextDay.id, kind: 'id_photo', dataUrl: JPEG });
    const before = settlementCount();
    const refused = await execute(nextDay, licence(member, { documentExpiry: '2026-11-27' }));
    expect(!refused.ok && refused.error).toMatchObject({ code: 'DOCUMENT_EXPIRED', params: { expiry: '2026-11-27' } });
    expect(settlementCount()).toBe(before);
    expect((await t.ok('reception:get', { id: nextDay.id })).status).toBe('appraised');
  });

  it("I-03 a driver's licence without its expiry is incomplete; a health-insurance card may have none; bad dates are refused", async () => {
    const member = members()[0]!;
    const r = await appraisedFor(member.id);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: JPEG });
    const missing = await execute(r, licence(member, { documentExpiry: '' }));
    expect(!missing.ok && missing.error).toMatchObject({ code: 'IDENTITY_CHECK_INCOMPLETE', params: { fields: 'documentExpiry' } });
    const malformed = await execute(r, licence(member, { documentExpiry: '2027-02-30' }));
    expect(!malformed.ok && malformed.error).toMatchObject({ code: 'INVALID_INPUT', fields: { 'verification.documentExpiry': 'validation.date' } });
    // health_insurance needs masking of its photo (I-01); the stand-in JPEG is masked as far as this test goes.
    const card = await execute(r, licence(member, { documentType: 'health_insurance', documentNumberLast4: '', documentExpiry: '' }));
    expect(card.ok || card.error.code === 'ID_PHOTO_MASK_REQUIRED').toBe(true);
  });
});

describe('I-02 a member earlier verifications', () => {
  it('I-02 lists the member document checks newest first, with type, last 4, expiry, time and staff; says which can be reused', async () => {
    await at('2026-01-10T01:00:00.000Z');
    const old = await settledWithLicence(0, { documentExpiry: '2026-03-31', documentNumberLast4: '1111' });
    await at('2026-06-01T01:00:00.000Z');
    const recent = await settledWithLicence(0, { documentType: 'passport', documentExpiry: '2031-05-31', documentNumberLast4: '2222' });
    await settledWithLicence(1, { documentNumberLast4: '9999' });
    await at('2026-11-27T01:00:00.000Z');
    const now = await appraisedFor(members()[0]!.id);
    const history = await t.ok('identity:history', { receptionId: now.id });
    expect(history).toEqual([
      {
        settlementId: recent.id,
        receptionNumber: expect.stringMatching(/^S001-01-20260601-\d{4}$/),
        verifiedAt: recent.settled_at,
        staffName: '山田 花子',
        documentType: 'passport',
        documentNumberLast4: '2222',
        documentExpiry: '2031-05-31',
        reusedFrom: null,
        refusal: null,
      },
      expect.objectContaining({ settlementId: old.id, documentNumberLast4: '1111', documentExpiry: '2026-03-31', refusal: 'DOCUMENT_EXPIRED' }),
    ]);
    // A walk-in has no history to show.
    const walkIn = await t.ok('reception:create', {
      kind: 'walkIn',
      seller: { name: '木村 拓也', nameKana: 'キムラ タクヤ', address: '東京都渋谷区1-1', phone: '090-5555-6666', birthDate: '1990-05-20', occupation: '会社員' },
    });
    expect(await t.ok('identity:history', { receptionId: walkIn.id })).toEqual([]);
  });

  it('I-02 reusing a valid check records a new verification that references it, with the document as first recorded and no new photo', async () => {
    await at('2026-06-01T01:00:00.000Z');
    const earlier = await settledWithLicence(0, { documentExpiry: '2028-12-31' });
    await at('2026-11-27T01:00:00.000Z');
    const member = members()[0]!;
    const r = await appraisedFor(member.id);
    // The request claims another document; the stored record of the earlier check is what counts.
    const claimed = licence(member, { reusedFrom: earlier.id, documentType: 'passport', documentNumberLast4: '0000', documentExpiry: '2099-01-01' });
    await t.ok('settlement:execute', executeRequest(r, { points: 0, verification: claimed }));
    expect(stored(r.id)).toMatchObject({
      method: 'id_document',
      documentType: 'drivers_licence',
      documentNumberLast4: '4821',
      documentExpiry: '2028-12-31',
      reusedFrom: { settlementId: earlier.id, verifiedAt: earlier.settled_at },
    });
    // No photo of its own: the photo is the earlier settlement's.
    expect(t.core.db.prepare(`SELECT COUNT(*) AS n FROM settlement_images i JOIN settlements s ON s.id = i.settlement_id WHERE s.reception_id = ?`).get(r.id)).toEqual({ n: 0 });
    // B-02: the ledger carries the expiry and the reuse, on screen and in the CSV.
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' });
    const lines = await t.ok('ledger:list', { from: '2026-06-01', to: '2026-11-27' });
    expect(lines.find((line) => line.settlementId === earlier.id)).toMatchObject({ documentExpiry: '2028-12-31', reusedVerifiedAt: null });
    const reusedLine = lines.find((line) => line.receptionNumber === r.number);
    expect(reusedLine).toMatchObject({ documentType: 'drivers_licence', documentExpiry: '2028-12-31', reusedVerifiedAt: earlier.settled_at });
    const csv = (await t.ok('ledger:csv', { from: '2026-06-01', to: '2026-11-27' })).content;
    expect(csv).toContain('"身分証明書の有効期限","本人確認の再利用"');
    expect(csv).toContain('"2028-12-31","2026-06-01の確認を再利用"');
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });

    // And the reuse itself appears in the next history, pointing at the first.
    const next = await appraisedFor(member.id);
    const [latest] = await t.ok('identity:history', { receptionId: next.id });
    expect(latest).toMatchObject({ reusedFrom: { settlementId: earlier.id }, refusal: null });
  });

  it('I-02 an expired check, one without an expiry, another member’s and a signed declaration are refused with the reason; nothing is written', async () => {
    await at('2025-01-10T01:00:00.000Z');
    const expired = await settledWithLicence(0, { documentExpiry: '2025-12-31' });
    const noExpiry = await settledWithLicence(0, { documentType: 'other_photo_id', documentExpiry: '' });
    const others = await settledWithLicence(1);
    await at('2026-11-27T01:00:00.000Z');
    const member = members()[0]!;
    const r = await appraisedFor(member.id);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: PNG });
    const declared = await execute(r, { ...licence(member), method: 'signed_declaration', documentType: null, documentNumberLast4: '', documentExpiry: '' });
    expect(declared.ok).toBe(true);
    const declaration = (t.core.db.prepare('SELECT id FROM settlements WHERE reception_id = ?').get(r.id) as { id: string }).id;

    const before = settlementCount();
    const cases: [string, string, Record<string, unknown>][] = [
      [expired.id, 'DOCUMENT_EXPIRED', { params: { expiry: '2025-12-31' } }],
      [noExpiry.id, 'VERIFICATION_REUSE_EXPIRY_UNKNOWN', {}],
      [others.id, 'VERIFICATION_REUSE_INVALID', {}],
      [declaration, 'VERIFICATION_REUSE_INVALID', {}],
      [randomUUID(), 'VERIFICATION_REUSE_INVALID', {}],
    ];
    for (const [reusedFrom, code, extra] of cases) {
      const next = await appraisedFor(member.id);
      const result = await execute(next, licence(member, { reusedFrom }));
      expect(!result.ok && result.error, code).toMatchObject({ code, ...extra });
    }
    expect(settlementCount()).toBe(before);
  });

  it('I-02 I-03 a check valid when the list was shown but expiring at midnight is refused by execute after midnight', async () => {
    await at('2026-01-10T01:00:00.000Z');
    const earlier = await settledWithLicence(0, { documentExpiry: '2026-11-27' });
    await at('2026-11-27T14:59:00.000Z');
    const member = members()[0]!;
    const r = await appraisedFor(member.id);
    const [shown] = await t.ok('identity:history', { receptionId: r.id });
    expect(shown?.refusal).toBeNull();
    await at('2026-11-27T15:00:30.000Z');
    const result = await execute(r, licence(member, { reusedFrom: earlier.id }));
    expect(!result.ok && result.error).toMatchObject({ code: 'DOCUMENT_EXPIRED', params: { expiry: '2026-11-27' } });
  });
});
