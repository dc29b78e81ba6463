import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paddedAccountNumber, toZenginKana } from '../../common/bank-account.ts';
import { zenginFile, ZENGIN_MAX_AMOUNT } from '../../main/domain/zengin-file.ts';
import { MAX_YEN } from '../../preload/contract.ts';
import type { Reception } from '../../preload/types.ts';
import { executeRequest, sellerAccount, shopRemitter, startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { parseZengin } from '../support/zengin-parser.ts';

describe('M-08 holder names in 全銀 kana (pure rule)', () => {
  it.each([
    { typed: 'きむら　たくや', kana: 'ｷﾑﾗ ﾀｸﾔ' },
    { typed: 'キムラ タクヤ', kana: 'ｷﾑﾗ ﾀｸﾔ' },
    { typed: 'ｷﾑﾗ ﾀｸﾔ', kana: 'ｷﾑﾗ ﾀｸﾔ' },
    { typed: 'やまだ  はなこ ', kana: 'ﾔﾏﾀﾞ ﾊﾅｺ' },
    { typed: 'ガッコウ', kana: 'ｶﾞﾂｺｳ' },
    { typed: 'しょうじ きょうこ', kana: 'ｼﾖｳｼﾞ ｷﾖｳｺ' },
    { typed: 'ヴァイオリン', kana: 'ｳﾞｱｲｵﾘﾝ' },
    { typed: 'パーカー', kana: 'ﾊﾟ-ｶ-' },
    { typed: 'ｓｍｉｔｈ　ｊｏｈｎ', kana: 'SMITH JOHN' },
    { typed: 'カ）ヤマダショウテン', kana: 'ｶ)ﾔﾏﾀﾞｼﾖｳﾃﾝ' },
    // 30 bytes exactly: the 受取人名 field holds it (a voiced kana is two).
    { typed: 'じゅげむじゅげむ ごこうのすりきれ かいじゃりす', kana: 'ｼﾞﾕｹﾞﾑｼﾞﾕｹﾞﾑ ｺﾞｺｳﾉｽﾘｷﾚ ｶｲｼﾞﾔﾘｽ' },
  ])('M-08 "$typed" is sent to the bank as "$kana"', ({ typed, kana }) => {
    expect(toZenginKana(typed)).toEqual({ ok: true, kana });
    expect(Buffer.byteLength(kana, 'latin1')).toBeLessThanOrEqual(30);
  });

  it.each([
    { typed: '𠮷田　たろう', invalid: ['𠮷', '田'] },
    { typed: 'たろう😀', invalid: ['😀'] },
    { typed: 'たろう👨‍👩‍👧', invalid: ['👨‍👩‍👧'] },
    { typed: '木村 拓也', invalid: ['木', '村', '拓', '也'] },
    { typed: 'ヲノ・タロウ', invalid: ['ヲ', '・'] },
    { typed: 'たろう,はなこ', invalid: [','] },
  ])('M-08 "$typed" is refused, naming $invalid', ({ typed, invalid }) => {
    expect(toZenginKana(typed)).toEqual({ ok: false, reason: 'characters', invalid });
  });

  it('M-08 a name longer than the 30-byte field and an empty one are refused', () => {
    expect(toZenginKana('じゅげむじゅげむ ごこうのすりきれ かいじゃりすい')).toEqual({ ok: false, reason: 'tooLong', bytes: 31 });
    expect(toZenginKana(' 　')).toEqual({ ok: false, reason: 'empty', invalid: [] });
  });

  it.each([
    { typed: '1234567', padded: '1234567' },
    { typed: '123', padded: '0000123' },
    { typed: '１２３４５６', padded: '0123456' },
    { typed: '12345678', padded: null },
    { typed: '12-345', padded: null },
    { typed: '', padded: null },
  ])('M-08 account number "$typed" → $padded', ({ typed, padded }) => {
    expect(paddedAccountNumber(typed)).toBe(padded);
  });
});

describe('M-08 the 全銀 総合振込 file (read back by a parser written from the published layout)', () => {
  const account = { ...sellerAccount, accountNumber: '0123456', holderKana: 'ｷﾑﾗ ﾀｸﾔ' };

  it('M-08 header, one data record per transfer, trailer with count and sum, end; 120-byte Shift_JIS records, CRLF', () => {
    const bytes = zenginFile(shopRemitter, { month: 11, day: 30 }, [
      { account, amount: 7_000 },
      { account: { ...account, bankCode: '0009', bankName: 'ミツイスミトモ', branchCode: '123', branchName: 'しんじゅく', accountType: 'savings', holderKana: 'ｼﾖｳｼﾞ ｷﾖｳｺ' }, amount: 25_000 },
    ]);
    expect(bytes.length).toBe(5 * 122);
    const parsed = parseZengin(bytes);
    expect(parsed.header).toEqual({
      kindCode: '21',
      codeType: '0',
      companyCode: '1234567890',
      companyName: 'ｶ)ｶｲﾄﾘｷｵｽｸ',
      transferDate: '1130',
      bankCode: '0005',
      bankName: 'ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲ',
      branchCode: '001',
      branchName: 'ﾎﾝﾃﾝ',
      accountType: '2',
      accountNumber: '7654321',
    });
    expect(parsed.data).toEqual([
      // A bank name 全銀 cannot spell (kanji) is left blank: the codes route the transfer.
      { bankCode: '0001', bankName: '', branchCode: '210', branchName: '', clearingHouse: '    ', accountType: '1', accountNumber: '0123456', holder: 'ｷﾑﾗ ﾀｸﾔ', amount: 7_000, newCode: '0' },
      { bankCode: '0009', bankName: 'ﾐﾂｲｽﾐﾄﾓ', branchCode: '123', branchName: 'ｼﾝｼﾞﾕｸ', clearingHouse: '    ', accountType: '4', accountNumber: '0123456', holder: 'ｼﾖｳｼﾞ ｷﾖｳｺ', amount: 25_000, newCode: '0' },
    ]);
    expect(parsed.trailer).toEqual({ count: 2, total: 32_000 });
  });

  it('M-08 the contract maximum MAX_YEN (¥100,000,000) fits the 10-digit amount field, right-aligned and zero-padded', () => {
    expect(MAX_YEN).toBe(100_000_000);
    expect(MAX_YEN).toBeLessThanOrEqual(ZENGIN_MAX_AMOUNT);
    const bytes = zenginFile(shopRemitter, { month: 1, day: 5 }, [
      { account, amount: MAX_YEN },
      { account, amount: MAX_YEN },
    ]);
    expect(bytes.toString('latin1').split('\r\n')[1]!.slice(80, 90)).toBe('0100000000');
    const parsed = parseZengin(bytes);
    expect(parsed.data.map((d) => d.amount)).toEqual([MAX_YEN, MAX_YEN]);
    expect(parsed.trailer).toEqual({ count: 2, total: 2 * MAX_YEN });
    expect(parsed.header.transferDate).toBe('0105');
  });

  it('M-08 the parser refuses what a bank would: a short record, a wrong trailer sum, double-byte characters', () => {
    const good = zenginFile(shopRemitter, { month: 11, day: 30 }, [{ account, amount: 7_000 }]);
    const lines = good.toString('latin1').split('\r\n');
    const rebuild = (replaced: string[]) => Buffer.from(replaced.join('\r\n'), 'latin1');
    expect(() => parseZengin(rebuild([lines[0]!.slice(1), ...lines.slice(1)]))).toThrow(/119 bytes/);
    expect(() => parseZengin(rebuild([lines[0]!, lines[1]!, `8000001000000007001${' '.repeat(101)}`, ...lines.slice(3)]))).toThrow(/sum/);
    expect(() => parseZengin(Buffer.concat([good.subarray(0, 200), Buffer.from([0x88, 0x9f]), good.subarray(202)]))).toThrow(/not a 全銀 character/);
  });
});

const JPEG = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('id-photo')]).toString('base64')}`;

describe('M-08 bank transfer at execute and on 振込管理 (core, real SQLite)', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startTestCore();
  });
  /** The manager signs in at the counter for one call, then the clerk again. */
  async function asManager<T>(call: () => Promise<T>): Promise<T> {
    await t.ok('session:staffSignOut', {});
    await t.ok('session:staffSignIn', { code: '9001', pin: '9999' });
    try {
      return await call();
    } finally {
      await t.ok('session:staffSignOut', {});
      await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    }
  }
  afterEach(async () => {
    await t.close();
  });

  const shirt = { categoryId: 'cloth-men', name: 'シャツ（ｶﾀｶﾅ・ひらがな・𠮷）', grade: 'C' as const, quantity: 2, unitPrice: 3500 };
  async function appraised(member = false, unitPrice = shirt.unitPrice): Promise<Reception> {
    const customerId = member ? (await t.ok('customer:search', { query: 'M0000001' }))[0]!.id : null;
    const r = customerId ? await t.ok('reception:create', { kind: 'member', customerId }) : await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { ...shirt, unitPrice } });
    return t.ok('appraisal:complete', { receptionId: r.id });
  }
  const count = (sql: string) => (t.core.db.prepare(sql).get() as { n: number }).n;
  const written = () => ({
    settlements: count('SELECT COUNT(*) AS n FROM settlements'),
    transfers: count('SELECT COUNT(*) AS n FROM bank_transfers'),
    audit: count('SELECT COUNT(*) AS n FROM audit_log'),
  });
  const bankTransfer = (r: Reception, bankAccount: unknown = sellerAccount, verification: unknown = null) =>
    executeRequest(r, { paymentMethod: 'bank_transfer', bankAccount, verification });
  // kobutsu.md §1: a buyback this large needs the seller's identity checked.
  const idDocument = {
    method: 'id_document',
    documentType: 'drivers_licence',
    documentNumberLast4: '1234',
    documentExpiry: '2029-05-20',
    seller: { name: walkIn.name, address: walkIn.address, occupation: walkIn.occupation, birthDate: walkIn.birthDate },
  };

  it('M-08 a bank-transfer buyback stores the account encrypted in its own transaction, audited without the account', async () => {
    const r = await appraised();
    await t.ok('settlement:execute', bankTransfer(r));
    const row = t.core.db.prepare('SELECT b.* FROM bank_transfers b JOIN settlements s ON s.id = b.settlement_id WHERE s.reception_id = ?').get(r.id) as Record<string, unknown>;
    expect(row).toMatchObject({ amount: 7_000, customer_id: null, paid_at: null, exported_at: null });
    // Neither the number nor the name is readable in the row: only the vault key opens it.
    const stored = JSON.stringify(row) + Buffer.from(row.ciphertext as Buffer).toString('latin1') + Buffer.from(row.ciphertext as Buffer).toString('utf8');
    for (const secret of ['0123456', '123456', 'ｷﾑﾗ', 'きむら']) expect(stored).not.toContain(secret);
    const audit = t.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'bank_transfer.recorded' AND entity_id = ?`).all(row.id) as { detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).not.toMatch(/0123456|ｷﾑﾗ|0001|210/);
    // No cash left the till for it.
    expect(count(`SELECT COUNT(*) AS n FROM till_movements WHERE kind = 'payout'`)).toBe(0);
    const pending = (await asManager(() => t.ok('bankTransfer:pending', {}))).find((p) => p.receptionNumber === r.number);
    expect(pending).toMatchObject({ receptionNumber: r.number, holderKana: 'ｷﾑﾗ ﾀｸﾔ', bankCode: '0001', bankName: 'みずほ銀行', branchCode: '210', branchName: '渋谷支店', amount: 7_000, exportedAt: null });
    expect(pending).not.toHaveProperty('accountNumber');
  });

  it('M-08 execute refuses 銀行振込 without an account, or with a bad bank code, number or holder: field errors, nothing written', async () => {
    const r = await appraised();
    const before = written();
    expect(await t.call('settlement:execute', bankTransfer(r, null))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: { bankAccount: 'validation.bankAccountRequired' } },
    });
    const bad = await t.call(
      'settlement:execute',
      bankTransfer(r, { ...sellerAccount, bankCode: '12a4', branchCode: '21', accountNumber: '12345678', holderName: '𠮷田 たろう😀' }),
    );
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        fields: {
          'bankAccount.bankCode': 'validation.bankCode',
          'bankAccount.branchCode': 'validation.branchCode',
          'bankAccount.accountNumber': 'validation.accountNumber',
          'bankAccount.holderName': 'validation.holderKanaCharacters',
        },
      },
    });
    expect(await t.call('settlement:execute', bankTransfer(r, { ...sellerAccount, holderName: 'じゅげむじゅげむ ごこうのすりきれ かいじゃりすい' }))).toMatchObject({
      ok: false,
      error: { fields: { 'bankAccount.holderName': 'validation.holderKanaTooLong' } },
    });
    expect(written()).toEqual(before);
    // A cash settlement carries no account even if one was sent.
    await t.ok('settlement:execute', executeRequest(r, { bankAccount: sellerAccount, verification: null }));
    expect(count('SELECT COUNT(*) AS n FROM bank_transfers')).toBe(before.transfers);
  });

  it('M-08 a settlement that fails after its transfer was written leaves neither (one SQLite transaction)', async () => {
    const r = await appraised();
    const before = written();
    t.core.db.exec(`CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    expect((await t.call('settlement:execute', bankTransfer(r))).ok).toBe(false);
    expect(written()).toEqual(before);
    t.core.db.exec('DROP TRIGGER refuse_outbox');
    await t.ok('settlement:execute', bankTransfer(r));
    expect(count('SELECT COUNT(*) AS n FROM bank_transfers')).toBe(before.transfers + 1);
  });

  it('M-08 the manager exports the 全銀 file, can export again, marks paid; paid transfers leave the list', async () => {
    // The demo store's own pending transfer stays out of this test's choice.
    const demo = (await asManager(() => t.ok('bankTransfer:pending', {}))).map((p) => p.id);
    const first = await appraised();
    await t.ok('settlement:execute', bankTransfer(first));
    const big = await appraised(false, 50_000_000);
    await t.ok('settlement:stageImage', { receptionId: big.id, kind: 'id_photo', dataUrl: JPEG });
    await t.ok('settlement:execute', bankTransfer(big, { ...sellerAccount, bankCode: '０００９', bankName: 'ミツイスミトモ', accountType: 'savings', accountNumber: '7', holderName: 'ショウジ キョウコ' }, idDocument));
    const ids = (await asManager(() => t.ok('bankTransfer:pending', {}))).map((p) => p.id).filter((id) => !demo.includes(id));
    expect(ids).toHaveLength(2);

    expect(await asManager(() => t.call('file:save', { kind: 'zenginTransfer', ids, transferDate: '2026-11-30' }))).toMatchObject({ ok: false, error: { code: 'ZENGIN_REMITTER_MISSING' } });
    await asManager(() => t.ok('bankTransfer:saveRemitter', { ...shopRemitter, companyName: 'かぶしきがいしゃ　かいとり' }));
    expect(await asManager(() => t.ok('bankTransfer:remitter', {}))).toMatchObject({ companyName: 'ｶﾌﾞｼｷｶﾞｲｼﾔ ｶｲﾄﾘ' });
    expect(await asManager(() => t.call('file:save', { kind: 'zenginTransfer', ids, transferDate: '2026-11-26' }))).toMatchObject({ ok: false, error: { code: 'TRANSFER_DATE_PAST' } });

    const saved = await asManager(() => t.ok('file:save', { kind: 'zenginTransfer', ids, transferDate: '2026-11-30' }));
    if (saved.outcome !== 'download' || saved.encoding !== 'base64') throw new Error('expected a base64 download');
    expect(saved.filename).toBe('zengin-20261130.txt');
    const parsed = parseZengin(Buffer.from(saved.content, 'base64'));
    expect(parsed.header).toMatchObject({ companyName: 'ｶﾌﾞｼｷｶﾞｲｼﾔ ｶｲﾄﾘ', transferDate: '1130' });
    expect(parsed.data.map((d) => [d.bankCode, d.accountType, d.accountNumber, d.holder, d.amount])).toEqual([
      ['0001', '1', '0123456', 'ｷﾑﾗ ﾀｸﾔ', 7_000],
      ['0009', '4', '0000007', 'ｼﾖｳｼﾞ ｷﾖｳｺ', 100_000_000],
    ]);
    expect(parsed.trailer).toEqual({ count: 2, total: 100_007_000 });

    // Exported but not paid: still listed, and the file can be made again (the bank refused the upload, say).
    expect((await asManager(() => t.ok('bankTransfer:pending', {}))).map((p) => p.exportCount)).toEqual([0, 1, 1]);
    const again = await asManager(() => t.ok('file:save', { kind: 'zenginTransfer', ids: [ids[0]!], transferDate: '2026-12-01' }));
    if (again.outcome !== 'download') throw new Error('expected a download');
    expect(parseZengin(Buffer.from(again.content, 'base64')).trailer).toEqual({ count: 1, total: 7_000 });

    expect(await asManager(() => t.ok('bankTransfer:markPaid', { ids: [ids[0]!] }))).toEqual({ paid: 1 });
    expect((await asManager(() => t.ok('bankTransfer:pending', {}))).map((p) => p.id)).toEqual([...demo, ids[1]]);
    expect(await asManager(() => t.call('file:save', { kind: 'zenginTransfer', ids, transferDate: '2026-11-30' }))).toMatchObject({ ok: false, error: { code: 'BANK_TRANSFER_NOT_PENDING' } });
    expect(await asManager(() => t.call('bankTransfer:markPaid', { ids: [ids[0]!] }))).toMatchObject({ ok: false, error: { code: 'BANK_TRANSFER_NOT_PENDING' } });
    const audit = t.core.db.prepare(`SELECT action, detail FROM audit_log WHERE action LIKE 'bank_transfer.%' ORDER BY rowid`).all() as { action: string; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual(['bank_transfer.recorded', 'bank_transfer.recorded', 'bank_transfer.recorded', 'bank_transfer.exported', 'bank_transfer.exported', 'bank_transfer.paid']);
    expect(audit.map((a) => a.detail).join()).not.toMatch(/ｷﾑﾗ|0123456|ｼﾖｳｼﾞ/);
  });

  it('M-08 a transfer never exported cannot be marked paid', async () => {
    const r = await appraised();
    await t.ok('settlement:execute', bankTransfer(r));
    const pending = (await asManager(() => t.ok('bankTransfer:pending', {}))).find((p) => p.receptionNumber === r.number);
    expect(await asManager(() => t.call('bankTransfer:markPaid', { ids: [pending!.id] }))).toMatchObject({ ok: false, error: { code: 'BANK_TRANSFER_NOT_EXPORTED' } });
    expect(count('SELECT COUNT(*) AS n FROM bank_transfers WHERE paid_at IS NOT NULL')).toBe(0);
  });

  it('M-08 B-04 an account sealed with a key this PC lacks is listed as unreadable and refused for export, the others still work', async () => {
    const r = await appraised();
    await t.ok('settlement:execute', bankTransfer(r));
    await asManager(() => t.ok('bankTransfer:saveRemitter', shopRemitter));
    const mine = (await asManager(() => t.ok('bankTransfer:pending', {}))).find((p) => p.receptionNumber === r.number)!;
    // As after restoring another PC's database without importing its key file (issue 13 §5).
    t.core.db.prepare(`UPDATE bank_transfers SET key_id = 'other-pc' WHERE id = ?`).run(mine.id);
    const listed = await asManager(() => t.ok('bankTransfer:pending', {}));
    expect(listed.find((p) => p.id === mine.id)).toMatchObject({ readable: false, holderKana: '', amount: 7_000 });
    expect(listed.filter((p) => p.id !== mine.id).every((p) => p.readable)).toBe(true);
    expect(await asManager(() => t.call('file:save', { kind: 'zenginTransfer', ids: [mine.id], transferDate: '2026-11-30' }))).toMatchObject({
      ok: false,
      error: { code: 'BANK_ACCOUNT_UNREADABLE', params: { number: r.number } },
    });
    expect(count('SELECT COUNT(*) AS n FROM bank_transfers WHERE exported_at IS NOT NULL')).toBe(0);
  });

  it('M-08 a clerk cannot list, export, mark paid or set the 依頼人', async () => {
    const r = await appraised();
    await t.ok('settlement:execute', bankTransfer(r));
    const pending = (await asManager(() => t.ok('bankTransfer:pending', {}))).find((p) => p.receptionNumber === r.number);
    await asManager(() => t.ok('bankTransfer:saveRemitter', shopRemitter));
    const before = written();
    for (const refused of [
      await t.call('bankTransfer:pending', {}),
      await t.call('bankTransfer:markPaid', { ids: [pending!.id] }),
      await t.call('file:save', { kind: 'zenginTransfer', ids: [pending!.id], transferDate: '2026-11-30' }),
      await t.call('bankTransfer:remitter', {}),
      await t.call('bankTransfer:saveRemitter', shopRemitter),
    ]) {
      expect(refused).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    }
    expect(written()).toEqual(before);
    expect(count('SELECT COUNT(*) AS n FROM bank_transfers WHERE exported_at IS NOT NULL')).toBe(0);
  });

  it('M-08 a member is offered their last account; a walk-in seller none; the typed account waits in memory for a reload', async () => {
    const member = await appraised(true);
    expect(await t.ok('bankTransfer:lastAccount', { receptionId: member.id })).toBeNull();
    await t.ok('settlement:execute', bankTransfer(member));
    const next = await appraised(true);
    expect(await t.ok('bankTransfer:lastAccount', { receptionId: next.id })).toEqual({ ...sellerAccount, accountNumber: '0123456', holderName: 'ｷﾑﾗ ﾀｸﾔ' });
    const walkInReception = await appraised(false);
    expect(await t.ok('bankTransfer:lastAccount', { receptionId: walkInReception.id })).toBeNull();

    const halfTyped = { ...sellerAccount, accountNumber: '12', holderName: 'き' };
    await t.ok('settlement:stageBankAccount', { receptionId: next.id, account: halfTyped });
    expect((await t.ok('settlement:draft', { receptionId: next.id })).bankAccount).toEqual(halfTyped);
    // Memory only: an app restart forgets it, as it forgets the identity record.
    await t.reopen();
    await t.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect((await t.ok('settlement:draft', { receptionId: next.id })).bankAccount).toBeNull();
  });
});
