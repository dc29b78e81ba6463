// what the documents say, built by the main process from the settled records (the PDF itself is
// proved end to end in tests/e2e/documents.test.ts). No Chromium here: these are the data rules, fast.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../main/errors.ts';
import { addDays } from '../../main/services/documents.ts';
import { signedDeclaration } from '../../main/services/demo.ts';
import { tokyoDate } from '../../common/compliance.ts';
import type { PrintableDocument, QuoteDocument, Reception } from '../../preload/types.ts';
import { executeRequest, startTestCore, type TestCore, walkIn, watch } from '../support/core.ts';

const PNG = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('sig')]).toString('base64')}`;
const manager = { clientId: 'manager-client' };

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
  await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, manager);
});
afterEach(() => t.close());

async function appraised(): Promise<Reception> {
  const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
  await t.ok('appraisal:addItem', { receptionId: r.id, item: watch });
  return t.ok('appraisal:complete', { receptionId: r.id });
}

async function settled(): Promise<Reception> {
  const r = await appraised();
  await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: PNG });
  const terms = (await t.ok('settlement:options', {})).terms;
  await t.ok('settlement:execute', executeRequest(r, { agreedTermsVersion: terms?.version ?? null, verification: signedDeclaration(walkIn) }));
  return t.ok('reception:get', { id: r.id });
}

const shop = {
  name: 'かいとり屋 新宿店',
  postalCode: '160-0022',
  address: '東京都新宿区新宿3-1-1',
  phone: '03-9876-5432',
  licenceNumber: '第309876543210号',
  publicSafetyCommission: '東京都公安委員会',
  invoiceNumber: '',
  quoteValidDays: 14,
};

describe('Q-01 the statement is the settlement as agreed', () => {
  it('Q-01 settings changed after execute (shop details, payment method names, terms) leave the statement as it was', async () => {
    const r = await settled();
    await t.ok('settings:saveShop', shop, manager);
    await t.ok('settings:saveTerms', { terms: { title: '第2版の同意事項', body: '新しい本文' } }, manager);
    const statement = t.core.services.documents.statement(r.id, t.clock.now().toISOString(), null);
    expect(statement.shop).toMatchObject({ name: 'かいとり屋 渋谷店', address: '東京都渋谷区渋谷2-1-1', licenceNumber: '301234567890', publicSafetyCommission: '東京都公安委員会' });
    expect(statement.terms).toMatchObject({ version: 1 });
    expect(statement.terms?.body).not.toContain('新しい本文');
    expect(statement.paymentMethod).toEqual({ ja: '現金', en: 'Cash' });
    expect(statement.signature).toBe(PNG);
    expect(statement.seller).toMatchObject({ name: walkIn.name, address: walkIn.address, invoice: { registered: false, specialRule: true } });
    expect(statement.items).toEqual([expect.objectContaining({ name: watch.name, quantity: 1, unitPrice: 25_000, amount: 25_000, categoryJa: '腕時計' })]);
    // The next settlement is settled under the new details.
    const later = await settled();
    expect(t.core.services.documents.statement(later.id, t.clock.now().toISOString(), null).shop).toMatchObject({ name: 'かいとり屋 新宿店', licenceNumber: '309876543210' });
  });

  it('Q-01 Q-02 settings changed between the quote and the statement: the quote keeps what it said, the statement says what held at execute', async () => {
    const made: PrintableDocument[] = [];
    const core = await startTestCore({
      documents: {
        pdf: async (document) => {
          made.push(document);
          return Buffer.from('%PDF-1.7');
        },
      },
    });
    await t.close();
    t = core;
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' }, manager);
    const r = await appraised();
    await t.ok('document:issue', { kind: 'quote', receptionId: r.id, output: 'pdf' });
    // While the customer thinks it over, a manager changes the shop's details and the quote validity.
    await t.ok('settings:saveShop', shop, manager);
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: PNG });
    const terms = (await t.ok('settlement:options', {})).terms;
    await t.ok('settlement:execute', executeRequest(r, { agreedTermsVersion: terms?.version ?? null, verification: signedDeclaration(walkIn) }));
    await t.ok('document:issue', { kind: 'statement', receptionId: r.id, output: 'pdf' });

    const [quote, statement] = made;
    expect(quote).toMatchObject({ kind: 'quote', shop: { name: 'かいとり屋 渋谷店' }, totalAmount: 25_000, validUntil: addDays(tokyoDate(new Date(quote!.issuedAt)), 7) });
    expect(statement).toMatchObject({ kind: 'statement', shop: { name: 'かいとり屋 新宿店', licenceNumber: '309876543210' }, reprintedAt: null });
    // What was handed out stays recorded as it was: the new 14 days do not move the quote's last day.
    const issues = t.core.db.prepare('SELECT kind, valid_until, total_amount, reprint FROM document_issues WHERE reception_id = ? ORDER BY rowid').all(r.id);
    expect(issues).toEqual([
      { kind: 'quote', valid_until: (quote as QuoteDocument).validUntil, total_amount: 25_000, reprint: 0 },
      { kind: 'statement', valid_until: null, total_amount: 25_000, reprint: 0 },
    ]);
    // The settled transaction gets no new quote, and the refusal records nothing.
    expect(await t.call('document:issue', { kind: 'quote', receptionId: r.id, output: 'pdf' })).toMatchObject({ ok: false, error: { code: 'QUOTE_NOT_AVAILABLE' } });
    expect(t.core.db.prepare('SELECT COUNT(*) AS n FROM document_issues WHERE reception_id = ?').get(r.id)).toEqual({ n: 2 });
  });

  it('Q-01 a settlement from before the snapshot existed shows the shop as it is now', async () => {
    const r = await settled();
    // As if settled by the build before migration 050: no snapshot row (triggers off, the way such a file would be).
    t.core.db.exec('DROP TRIGGER statement_snapshots_no_delete');
    t.core.db.prepare('DELETE FROM statement_snapshots WHERE settlement_id = ?').run(r.settlement!.id);
    await t.ok('settings:saveShop', shop, manager);
    expect(t.core.services.documents.statement(r.id, t.clock.now().toISOString(), null).shop.name).toBe('かいとり屋 新宿店');
  });

  it('Q-01 a signature whose key is not on this PC is reported on the statement, not an error', async () => {
    const r = await settled();
    // As sealed on another PC, wherever the image is now (issue 14: pending in the database, or moved to its file).
    for (const table of ['main.settlement_images_pending', 'images.settlement_images']) {
      t.core.db.prepare(`UPDATE ${table} SET key_id = 'another-pc' WHERE kind = 'signature'`).run();
    }
    const statement = t.core.services.documents.statement(r.id, t.clock.now().toISOString(), null);
    expect(statement).toMatchObject({ signature: null, signatureUnavailable: true });
  });
});

describe('Q-02 the quote', () => {
  it('Q-02 is valid through the issue day plus the setting, read when it is issued (a change applies to the next quote)', async () => {
    const r = await appraised();
    // 2026-11-27T01:00Z is 10:00 on the 27th in Tokyo.
    expect(t.core.services.documents.quote(r.id, '2026-11-27T01:00:00.000Z').validUntil).toBe('2026-12-04');
    await t.ok('settings:saveShop', { ...shop, quoteValidDays: 0 }, manager);
    // 23:30 on the 30th UTC is 08:30 on 1 December in Tokyo: the day of issue is Tokyo's.
    expect(t.core.services.documents.quote(r.id, '2026-11-30T23:30:00.000Z').validUntil).toBe('2026-12-01');
    expect(t.core.services.documents.quote(r.id, '2026-11-27T01:00:00.000Z')).toMatchObject({
      kind: 'quote',
      shop: { name: 'かいとり屋 新宿店' },
      sellerName: walkIn.name,
      totalAmount: 25_000,
    });
  });

  it('Q-02 the valid-until day counts calendar days across months, years and leap days', () => {
    const cases: [string, number, string][] = [
      ['2026-12-31', 1, '2027-01-01'],
      ['2028-02-28', 1, '2028-02-29'],
      ['2026-01-31', 30, '2026-03-02'],
      ['2026-11-27', 0, '2026-11-27'],
    ];
    for (const [date, days, expected] of cases) expect(addDays(date, days), `${date} + ${days}`).toBe(expected);
  });
});

describe('Q-01 店舗情報 is a manager setting with checked input', () => {
  it('Q-01 a clerk cannot change it; bad licence, commission, postal code and days are refused with their fields; nothing changes', async () => {
    const clerk = await t.call('settings:saveShop', shop);
    expect(!clerk.ok && clerk.error.code).toBe('MANAGER_REQUIRED');
    const bad = await t.call('settings:saveShop', { ...shop, licenceNumber: '30987654321', publicSafetyCommission: '東京都', postalCode: '1600', quoteValidDays: 91 }, manager);
    expect(!bad.ok && bad.error).toMatchObject({
      code: 'INVALID_INPUT',
      fields: {
        licenceNumber: 'validation.licenceNumber',
        publicSafetyCommission: 'validation.publicSafetyCommission',
        postalCode: 'validation.postalCode',
        quoteValidDays: 'validation.tooLarge',
      },
    });
    expect(await t.ok('settings:shop', {})).toMatchObject({ name: 'かいとり屋 渋谷店', licenceNumber: '301234567890', quoteValidDays: 7 });
    const saved = await t.ok('settings:saveShop', shop, manager);
    expect(saved).toMatchObject({ licenceNumber: '309876543210', quoteValidDays: 14 });
    const audit = t.core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'settings.shop'`).get();
    expect(audit).toEqual({ n: 1 });
  });
});

describe('Q-01 Q-03 what counts as issued when the shell prints (Electron cannot run here: its outcomes, emulated)', () => {
  it('Q-01 a printer failure is reported with its own code; a cancelled print and a failed one leave no issue, so the next print is the original', async () => {
    const outcomes: ('printed' | 'cancelled' | 'fail' | 'missing')[] = ['fail', 'missing', 'cancelled', 'printed', 'printed'];
    const printed: (string | null)[] = [];
    const core = await startTestCore({
      documents: {
        pdf: async () => Buffer.from('%PDF-1.7'),
        print: async (document) => {
          const outcome = outcomes.shift();
          if (outcome === 'fail') throw new Error('spooler stopped');
          if (outcome === 'missing') throw new KioskError('DOCUMENT_PRINTER_MISSING');
          printed.push(document.kind === 'statement' ? document.reprintedAt : null);
          return outcome ?? 'printed';
        },
      },
    });
    await t.close();
    t = core;
    const r = await settled();
    const print = () => core.call('document:issue', { kind: 'statement', receptionId: r.id, output: 'printer' });
    expect(await print()).toMatchObject({ ok: false, error: { code: 'PRINT_PAGE_FAILED' } });
    expect(await print()).toMatchObject({ ok: false, error: { code: 'DOCUMENT_PRINTER_MISSING' } });
    expect(await print()).toMatchObject({ ok: true, value: { outcome: 'cancelled' } });
    expect(core.core.db.prepare('SELECT COUNT(*) AS n FROM document_issues').get()).toEqual({ n: 0 });
    expect(await print()).toMatchObject({ ok: true, value: { outcome: 'printed' } });
    expect(await print()).toMatchObject({ ok: true, value: { outcome: 'printed' } });
    // The cancelled print was handed a document too, unmarked; only after a print that went out is it 再発行.
    expect(printed.map((at) => at !== null)).toEqual([false, false, true]);
    expect(core.core.services.receptions.get(r.id).status).toBe('settled');
  });

  it('Q-01 two quick clicks make one original and one reissue, never two originals', async () => {
    const core = await startTestCore({ documents: { pdf: async () => Buffer.from('%PDF-1.7') } });
    await t.close();
    t = core;
    const r = await settled();
    const issue = () => core.call('document:issue', { kind: 'statement', receptionId: r.id, output: 'pdf' });
    await Promise.all([issue(), issue()]);
    expect(core.core.db.prepare('SELECT reprint FROM document_issues ORDER BY rowid').all()).toEqual([{ reprint: 0 }, { reprint: 1 }]);
  });
});
