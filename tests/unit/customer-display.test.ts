// V-01, V-02: what the customer's own screen shows and what the customer answers there, through the real core (real
// SQLite, real contract and dispatcher): the customer window's calls go in as the customer window would make them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SIGNATURE_PNG } from '../../main/services/demo.ts';
import type { CustomerView, KioskEvents, Reception } from '../../preload/types.ts';
import { executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';

// Under ¥10,000 and in categories that need no identity check: these tests are about the customer's screen.
const wallet = { categoryId: 'brand-wallet', name: '長財布 𠮷 👛', grade: 'B' as const, quantity: 1, unitPrice: 4000 };
const shirt = { categoryId: 'cloth-men', name: 'シャツ（ボタンダウン）', grade: 'C' as const, quantity: 2, unitPrice: 1000 };
const CUSTOMER = { clientId: 'customer-display', window: 'customer' as const };
// The clerk's own pad's drawing (PNG magic and bytes of its own), to tell it apart from the customer's.
const OTHER_PNG = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('clerk-pad-signature')]).toString('base64')}`;

let t: TestCore;
let pushed: { event: keyof KioskEvents; payload: unknown }[];
beforeEach(async () => {
  t = await startTestCore({ customerThanksMs: 200 });
  pushed = [];
  t.core.events.subscribe((event, payload) => pushed.push({ event, payload }));
});
afterEach(() => t.close());

const lastView = (): CustomerView => pushed.filter((p) => p.event === 'customer:view').at(-1)!.payload as CustomerView;
const view = () => t.ok('customer:view', {}, CUSTOMER);

async function reception(): Promise<Reception> {
  return t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
}

async function appraised(): Promise<Reception> {
  const r = await reception();
  await t.ok('appraisal:addItem', { receptionId: r.id, item: wallet });
  await t.ok('appraisal:addItem', { receptionId: r.id, item: shirt });
  return t.ok('appraisal:complete', { receptionId: r.id });
}

describe('V-01 the customer sees the items and amounts live', () => {
  it('V-01 the welcome when idle; each item appraised appears at once with the running total', async () => {
    expect(await view()).toMatchObject({ screen: 'welcome', shopName: expect.any(String), items: [], total: 0 });
    const r = await reception();
    await t.ok('customerDisplay:show', { receptionId: r.id, phase: 'appraisal' });
    expect(lastView()).toMatchObject({ screen: 'items', phase: 'appraisal', items: [], total: 0 });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: wallet });
    expect(lastView().items.map((i) => [i.name, i.amount])).toEqual([['長財布 𠮷 👛', 4000]]);
    await t.ok('appraisal:addItem', { receptionId: r.id, item: shirt });
    await t.ok('appraisal:setAdjustment', { receptionId: r.id, amount: -500, reason: '付属品欠品', approval: null });
    expect(lastView()).toMatchObject({ total: 5500, adjustmentAmount: -500 });
    expect((await view()).revision).toBe(lastView().revision);
  });

  it('V-03 nothing of the seller and nothing of another transaction is ever on the customer screen', async () => {
    const other = await appraised();
    const r = await appraised();
    await t.ok('customerDisplay:show', { receptionId: other.id, phase: 'appraisal' });
    await t.ok('customerDisplay:show', { receptionId: r.id, phase: 'settlement' });
    const text = JSON.stringify(pushed.filter((p) => p.event === 'customer:view').map((p) => p.payload).slice(-1));
    for (const personal of [walkIn.name, walkIn.nameKana, walkIn.address, walkIn.phone, walkIn.birthDate, walkIn.occupation, r.number, other.id]) {
      expect(text).not.toContain(personal);
    }
    // The adjustment's reason is the clerk's note, not for the customer's screen.
    await t.ok('appraisal:setAdjustment', { receptionId: r.id, amount: -300, reason: '箱に傷', approval: null });
    expect(JSON.stringify(await view())).not.toContain('箱に傷');
  });

  it('V-01 leaving the appraisal for the settlement of the same transaction never blinks the welcome, in either order', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:show', { receptionId: r.id, phase: 'appraisal' });
    // The settlement screen's show usually comes a moment after the appraisal screen's leave …
    await t.ok('customerDisplay:leave', { receptionId: r.id, phase: 'appraisal' });
    await t.ok('customerDisplay:show', { receptionId: r.id, phase: 'settlement' });
    // … or, racing, before it: a leave for a phase no longer shown changes nothing.
    await t.ok('customerDisplay:leave', { receptionId: r.id, phase: 'appraisal' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(pushed.filter((p) => p.event === 'customer:view').map((p) => (p.payload as CustomerView).screen)).not.toContain('welcome');
    expect(await view()).toMatchObject({ screen: 'items', phase: 'settlement' });
    // A screen that really closes: the welcome comes back after the grace period.
    await t.ok('customerDisplay:leave', { receptionId: r.id, phase: 'settlement' });
    expect((await view()).screen).toBe('items');
    await expect.poll(async () => (await view()).screen, { timeout: 5_000 }).toBe('welcome');
  });

  it('S-12 V-01 items cancelled in the wizard are shown as returned once the draft is saved', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:show', { receptionId: r.id, phase: 'settlement' });
    await t.ok('settlement:saveDraft', {
      receptionId: r.id,
      draft: {
        settlementId: crypto.randomUUID(),
        step: 'verification',
        agreedTermsVersion: 1,
        cancelledItemIds: [r.items[1]!.id],
        ecPublishItemIds: [],
        paymentMethod: 'cash',
        printMethod: 'none',
        points: null,
        photoTaken: false,
        signed: false,
      },
    });
    expect(lastView().items.map((i) => i.cancelled)).toEqual([false, true]);
    expect(lastView().total).toBe(4000);
  });
});

describe('V-02 the customer agrees and signs on their own screen', () => {
  it('V-02 the agreement and the signature recorded are the customer screen ones, with the version shown there', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:show', { receptionId: r.id, phase: 'settlement' });
    const asked = await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'terms' });
    expect(asked.asking).toBe('terms');
    const onScreen = await view();
    expect(onScreen).toMatchObject({ screen: 'terms', terms: { version: 1 } });

    t.clock.set('2026-11-27T01:02:00.000Z');
    const agreed = await t.ok('customer:agree', { askId: onScreen.askId!, termsVersion: 1 }, CUSTOMER);
    expect(agreed).toMatchObject({ screen: 'items', agreement: { version: 1, at: '2026-11-27T01:02:00.000Z' } });
    expect((await t.ok('customerDisplay:status', {})).agreement).toEqual({ version: 1, at: '2026-11-27T01:02:00.000Z' });

    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'signature' });
    const signing = await view();
    expect(signing.screen).toBe('signature');
    t.clock.set('2026-11-27T01:03:30.000Z');
    await t.ok('customer:sign', { askId: signing.askId!, dataUrl: DEMO_SIGNATURE_PNG }, CUSTOMER);
    expect((await t.ok('customerDisplay:status', {})).signedAt).toBe('2026-11-27T01:03:30.000Z');
    expect(t.core.services.settlement.stagedImage(r.id, 'signature')).toBe(DEMO_SIGNATURE_PNG);

    const result = await t.ok('settlement:execute', executeRequest(r));
    const confirmation = t.core.db
      .prepare('SELECT terms_version, terms_agreed_on, terms_agreed_at, signed_on, signed_at FROM settlement_confirmations WHERE settlement_id = ?')
      .get(result.reception.settlement!.id);
    expect(confirmation).toEqual({
      terms_version: 1,
      terms_agreed_on: 'customer',
      terms_agreed_at: '2026-11-27T01:02:00.000Z',
      signed_on: 'customer',
      signed_at: '2026-11-27T01:03:30.000Z',
    });
    const image = t.core.db
      .prepare(`SELECT i.id FROM settlement_images i WHERE i.settlement_id = ? AND i.kind = 'signature'`)
      .pluck()
      .get(result.reception.settlement!.id) as string;
    expect(t.core.services.settlement.settledImage(image)).toBe(DEMO_SIGNATURE_PNG);
    // The customer acted, not a member of staff: audited as the terminal's, with no staff id.
    const audit = t.core.db.prepare(`SELECT action, staff_id FROM audit_log WHERE action LIKE 'customer.%' ORDER BY rowid`).all();
    expect(audit).toEqual([
      { action: 'customer.terms_agreed', staff_id: null },
      { action: 'customer.signed', staff_id: null },
    ]);
  });

  it('V-02 the thank-you shows the total paid, then the welcome; nothing of the transaction is left', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:show', { receptionId: r.id, phase: 'settlement' });
    await t.ok('settlement:execute', executeRequest(r));
    expect(await view()).toMatchObject({ screen: 'thanks', total: 6000, items: [] });
    await expect.poll(async () => (await view()).screen, { timeout: 5_000 }).toBe('welcome');
    const after = await view();
    expect(after).toMatchObject({ items: [], total: 0, askId: null, agreement: null, signed: false });
    expect((await t.ok('customerDisplay:status', {})).receptionId).toBeNull();
  });

  it('V-02 signed on the clerk screen when the clerk took the signature back: recorded as the clerk side', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'signature' });
    await t.ok('customer:sign', { askId: (await view()).askId!, dataUrl: DEMO_SIGNATURE_PNG }, CUSTOMER);
    // The clerk asks for it again on their own pad: the customer's drawing is gone, the clerk's is stored.
    const back = await t.ok('customerDisplay:withdraw', { receptionId: r.id, what: 'signature', discard: true });
    expect(back.signedAt).toBeNull();
    expect(t.core.services.settlement.stagedKinds(r.id)).toEqual([]);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: OTHER_PNG });
    const result = await t.ok('settlement:execute', executeRequest(r));
    expect(
      t.core.db.prepare('SELECT terms_agreed_on, signed_on, signed_at FROM settlement_confirmations WHERE settlement_id = ?').get(result.reception.settlement!.id),
    ).toEqual({ terms_agreed_on: 'clerk', signed_on: 'clerk', signed_at: null });
  });

  it('V-02 an answer to a request the clerk took back is refused and changes nothing', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'terms' });
    const stale = (await view()).askId!;
    await t.ok('customerDisplay:withdraw', { receptionId: r.id, what: 'terms' });
    expect((await view()).screen).toBe('items');
    const audit = t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
    const refused = await t.call('customer:agree', { askId: stale, termsVersion: 1 }, CUSTOMER);
    expect(!refused.ok && refused.error.code).toBe('CUSTOMER_ASK_WITHDRAWN');
    expect((await t.ok('customerDisplay:status', {})).agreement).toBeNull();
    expect(t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(audit);
    // A signature for a terms request is no answer either.
    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'terms' });
    const wrongKind = await t.call('customer:sign', { askId: (await view()).askId!, dataUrl: DEMO_SIGNATURE_PNG }, CUSTOMER);
    expect(!wrongKind.ok && wrongKind.error.code).toBe('CUSTOMER_ASK_WITHDRAWN');
    expect(t.core.services.settlement.stagedKinds(r.id)).toEqual([]);
  });

  it('V-02 a signature that is no image, or too large, is refused and changes nothing: the customer is still asked', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'signature' });
    const askId = (await view()).askId!;
    const audit = t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get();
    // Bytes that are not an image, a page's text, and a PNG header over the 4 MB an image may have.
    const bigPng = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4 * 1024 * 1024 + 1)]).toString('base64')}`;
    const bad: [string, string][] = [
      ['data:image/png;base64,bm90IGEgcG5n', 'IMAGE_INVALID'],
      ['data:text/html,<h1>こんにちは</h1>', 'IMAGE_INVALID'],
      [bigPng, 'IMAGE_TOO_LARGE'],
    ];
    for (const [dataUrl, code] of bad) {
      const refused = await t.call('customer:sign', { askId, dataUrl }, CUSTOMER);
      expect(!refused.ok && refused.error.code, code).toBe(code);
    }
    expect(await view()).toMatchObject({ screen: 'signature', askId, signed: false });
    expect((await t.ok('customerDisplay:status', {})).signedAt).toBeNull();
    expect(t.core.services.settlement.stagedKinds(r.id)).toEqual([]);
    expect(t.core.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(audit);
    // The customer signs again, properly: that is the one held.
    await t.ok('customer:sign', { askId, dataUrl: DEMO_SIGNATURE_PNG }, CUSTOMER);
    expect(t.core.services.settlement.stagedImage(r.id, 'signature')).toBe(DEMO_SIGNATURE_PNG);
  });

  it('S-09 V-02 terms saved by a manager while the customer reads: the new version is shown and must be agreed to', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'terms' });
    const reading = await view();
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, { clientId: 'manager-office' });
    await t.ok('settings:saveTerms', { terms: { title: '買取同意事項（改定）', body: '第1条 改定後の本文' } }, { clientId: 'manager-office' });
    const changed = await view();
    expect(changed).toMatchObject({ screen: 'terms', terms: { version: 2, title: '買取同意事項（改定）' }, termsChanged: true });
    expect(changed.askId).not.toBe(reading.askId);
    const old = await t.call('customer:agree', { askId: reading.askId!, termsVersion: 1 }, CUSTOMER);
    expect(!old.ok && old.error.code).toBe('CUSTOMER_ASK_WITHDRAWN');
    const staleVersion = await t.call('customer:agree', { askId: changed.askId!, termsVersion: 1 }, CUSTOMER);
    expect(staleVersion).toMatchObject({ ok: false, error: { code: 'TERMS_CHANGED', params: { agreed: 1, current: 2 } } });
    await t.ok('customer:agree', { askId: changed.askId!, termsVersion: 2 }, CUSTOMER);
    expect((await t.ok('customerDisplay:status', {})).agreement?.version).toBe(2);
  });

  it('S-09 V-02 terms saved after the customer agreed void the agreement: execute refuses until they agree again', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'terms' });
    await t.ok('customer:agree', { askId: (await view()).askId!, termsVersion: 1 }, CUSTOMER);
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, { clientId: 'manager-office' });
    await t.ok('settings:saveTerms', { terms: { title: '買取同意事項', body: '第1条 改定' } }, { clientId: 'manager-office' });
    const status = await t.ok('customerDisplay:status', {});
    expect(status).toMatchObject({ agreement: null, termsChanged: true });
    const refused = await t.call('settlement:execute', executeRequest(r, { agreedTermsVersion: 1 }));
    expect(refused.ok).toBe(false);
    expect(t.core.db.prepare(`SELECT status FROM receptions WHERE id = ?`).pluck().get(r.id)).toBe('appraised');
    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'terms' });
    await t.ok('customer:agree', { askId: (await view()).askId!, termsVersion: 2 }, CUSTOMER);
    const result = await t.ok('settlement:execute', executeRequest(r, { agreedTermsVersion: 2 }));
    expect(
      t.core.db.prepare('SELECT terms_version, terms_agreed_on FROM settlement_confirmations WHERE settlement_id = ?').get(result.reception.settlement!.id),
    ).toEqual({ terms_version: 2, terms_agreed_on: 'customer' });
  });

  it('V-01 the terminal signing out clears the customer screen; answering needs the terminal session', async () => {
    const r = await appraised();
    await t.ok('customerDisplay:ask', { receptionId: r.id, what: 'terms' });
    const askId = (await view()).askId!;
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, { clientId: 'manager-office' });
    await t.ok('session:terminalSignOut', {}, { clientId: 'manager-office' });
    expect(await view()).toMatchObject({ screen: 'welcome', items: [], askId: null });
    const refused = await t.call('customer:agree', { askId, termsVersion: 1 }, CUSTOMER);
    expect(!refused.ok && refused.error.code).toBe('TERMINAL_REQUIRED');
  });

  it('V-02 the settled record of where the customer agreed cannot be edited or deleted afterwards', async () => {
    const r = await appraised();
    const result = await t.ok('settlement:execute', executeRequest(r));
    const id = result.reception.settlement!.id;
    expect(() => t.core.db.prepare(`UPDATE settlement_confirmations SET terms_agreed_on = 'customer', terms_agreed_at = '2026-01-01T00:00:00.000Z' WHERE settlement_id = ?`).run(id)).toThrow(/ledger record/);
    expect(() => t.core.db.prepare('DELETE FROM settlement_confirmations WHERE settlement_id = ?').run(id)).toThrow(/ledger record/);
  });
});
