import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch.ts';
import { executeRequest } from '../support/core.ts';
import { parseZengin } from '../support/zengin-parser.ts';
import { appraisedReception, clerkTypedAccount, fillBankAccount, openWizardAtExecute } from './counter-fixtures.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

describe('M-08 bank transfer through the real UI (browser host, Chromium)', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await startKiosk();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  const transferOf = (receptionId: string) =>
    kiosk.core.db
      .prepare('SELECT b.* FROM bank_transfers b JOIN settlements s ON s.id = b.settlement_id WHERE s.reception_id = ?')
      .get(receptionId) as Record<string, unknown> | undefined;
  const written = () =>
    kiosk.core.db.prepare('SELECT (SELECT COUNT(*) FROM settlements) AS settlements, (SELECT COUNT(*) FROM bank_transfers) AS transfers').get();
  const form = (page: Page) => page.getByTestId('bank-account');

  async function signInAs(page: Page, staff: { code: string; pin: string }): Promise<void> {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await signIn(page, staff);
  }

  it('M-08 bad bank code, number and holder kana are refused with translated messages and execute writes nothing', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk);
    await openWizardAtExecute(page, r.number);
    await page.getByRole('radio', { name: '銀行振込' }).check({ force: true });
    await form(page).waitFor();
    expect(await page.getByTestId('execute').isDisabled()).toBe(true);
    await page.getByText('振込先口座の入力を完了してください。').waitFor();

    await fillBankAccount(page, { ...clerkTypedAccount, bankCode: '12a', accountNumber: '12-34', holderName: '𠮷野 はるか😀' });
    // The characters 全銀 does not permit are named at once; the other problems when the clerk leaves the field.
    await form(page).getByText('全銀フォーマットで使えない文字があります: 𠮷 野 😀').waitFor();
    await form(page).getByLabel('口座名義（カナ）').blur();
    await form(page).getByText('金融機関コードは4桁の数字で入力してください').waitFor();
    await form(page).getByText('口座番号は7桁以内の数字で入力してください').waitFor();
    await form(page).getByText('口座名義に全銀フォーマットで使えない文字があります（カナで入力してください）').waitFor();
    expect(await page.getByTestId('execute').isDisabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const before = written();
    // Past the screen's own check: the contract refuses the same account, field by field, and nothing is written.
    const clientId = `host-${(await page.evaluate(`sessionStorage.getItem('kiosk.clientId')`)) as string}`;
    const result = await dispatch(
      kiosk.core,
      'settlement:execute',
      executeRequest(r, { paymentMethod: 'bank_transfer', bankAccount: { ...clerkTypedAccount, accountType: 'ordinary', bankCode: '12a', holderName: '𠮷野' } }),
      { clientId, window: 'clerk' },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { 'bankAccount.bankCode': 'validation.bankCode', 'bankAccount.holderName': 'validation.holderKanaCharacters' } } });
    expect(written()).toEqual(before);

    // A holder longer than the 30-byte field is refused with its length.
    await fillBankAccount(page, { bankCode: '0001', accountNumber: '123456', holderName: 'じゅげむじゅげむ ごこうのすりきれ かいじゃりすい' });
    await form(page).getByText('口座名義が長すぎます（半角 31 文字。振込データは30文字まで）。').waitFor();
    expect(await page.getByTestId('execute').isDisabled()).toBe(true);
    expect(written()).toEqual(before);
    await page.getByRole('button', { name: '閉じる', exact: true }).first().click();
  });

  it('M-08 a reload mid-execute keeps the typed account (in memory, never in the draft on disk); the bank-transfer buyback settles with it', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk);
    await openWizardAtExecute(page, r.number);
    await page.getByRole('radio', { name: '銀行振込' }).check({ force: true });
    await fillBankAccount(page);
    await form(page).getByText('振込データの名義: ﾖｼﾉ ﾊﾙｶ').waitFor();
    await expect.poll(() => kiosk.core.services.settlement.stagedBankAccount(r.id)?.holderName).toBe('よしの　はるか');

    await page.reload();
    await page.getByRole('dialog', { name: `精算確認 ${r.number}` }).waitFor();
    const next = page.getByRole('button', { name: '次へ' });
    await next.or(page.getByTestId('execute')).first().waitFor();
    if (await next.isVisible()) await next.click();
    await form(page).waitFor();
    expect(await form(page).getByLabel('口座番号（7桁まで）').inputValue()).toBe('123456');
    expect(await form(page).getByLabel('口座名義（カナ）').inputValue()).toBe('よしの　はるか');
    const draft = (kiosk.core.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').get(r.id) as { data: string }).data;
    expect(draft).toContain('bank_transfer');
    for (const secret of ['123456', 'よしの', 'ﾖｼﾉ', '渋谷支店']) expect(draft).not.toContain(secret);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    expect(transferOf(r.id)).toMatchObject({ amount: 7_000, paid_at: null });
  });

  it('M-08 a member is offered their last account (the demo member 高橋 美咲 was paid by transfer before); taking it settles with it', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk, { member: true });
    await openWizardAtExecute(page, r.number);
    await page.getByRole('radio', { name: '銀行振込' }).check({ force: true });
    await form(page).getByText('三井住友銀行 新宿支店 普通 0234567 ﾀｶﾊｼ ﾐｻｷ').waitFor();
    await form(page).getByRole('button', { name: '前回の口座を使う' }).click();
    expect(await form(page).getByLabel('金融機関コード（4桁）').inputValue()).toBe('0009');
    expect(await form(page).getByLabel('口座番号（7桁まで）').inputValue()).toBe('0234567');
    await form(page).getByText('振込データの名義: ﾀｶﾊｼ ﾐｻｷ').waitFor();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    const sealed = transferOf(r.id);
    expect(sealed).toMatchObject({ amount: 7_000, customer_id: r.customerId });
    const [mine] = kiosk.core.services.bankTransfers.pending().filter((p) => p.receptionNumber === r.number);
    expect(mine).toMatchObject({ bankCode: '0009', branchCode: '654', holderKana: 'ﾀｶﾊｼ ﾐｻｷ' });
  });

  it('M-08 a clerk cannot reach 振込管理; the manager sets the 依頼人, exports the 全銀 file, exports again, marks it paid', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk);
    await openWizardAtExecute(page, r.number);
    await page.getByRole('radio', { name: '銀行振込' }).check({ force: true });
    await fillBankAccount(page, { ...clerkTypedAccount, holderName: 'ショウジ キョウコ', accountNumber: '７' });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();

    expect(await page.getByRole('navigation').getByRole('button', { name: '振込管理' }).count()).toBe(0);
    await signInAs(page, { code: '9001', pin: '9999' });
    await page.getByRole('navigation').getByRole('button', { name: '振込管理' }).click();
    await page.getByText('依頼人（振込元口座）が未設定のため').waitFor();
    const row = page.getByTestId('pending-transfer').filter({ hasText: r.number });
    await row.getByText('ｼﾖｳｼﾞ ｷﾖｳｺ').waitFor();
    await row.getByText('0001 みずほ銀行 / 210 渋谷支店').waitFor();
    await row.getByText('未出力').waitFor();

    const remitter = page.getByRole('region', { name: '依頼人（振込元口座）' });
    await remitter.getByLabel('委託者コード（10桁）').fill('123456789');
    await remitter.getByLabel('委託者名（カナ）').fill('かぶしきがいしゃ　かいとり');
    await remitter.getByLabel('金融機関コード（4桁）').fill('0005');
    await remitter.getByLabel('金融機関名（カナ）').fill('ミツビシユーエフジェイ');
    await remitter.getByLabel('支店コード（3桁）').fill('001');
    await remitter.getByLabel('支店名（カナ）').fill('ホンテン');
    await remitter.getByLabel('口座番号（7桁まで）').fill('7654321');
    await remitter.getByRole('button', { name: '保存' }).click();
    await remitter.getByText('委託者コードは10桁の数字で入力してください').waitFor();
    await remitter.getByLabel('委託者コード（10桁）').fill('1234567890');
    await remitter.getByRole('button', { name: '保存' }).click();
    await remitter.getByText('依頼人を保存しました。').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('checkbox', { name: `${r.number} を選択` }).check({ force: true });
    await page.getByTestId('transfers-selected').getByText('1 件選択 合計 ￥7,000').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '全銀ファイルを出力' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^zengin-\d{8}\.txt$/);
    const parsed = parseZengin(readFileSync((await download.path())!));
    expect(parsed.header).toMatchObject({ kindCode: '21', companyCode: '1234567890', companyName: 'ｶﾌﾞｼｷｶﾞｲｼﾔ ｶｲﾄﾘ', bankCode: '0005', accountNumber: '7654321' });
    expect(parsed.data).toEqual([
      expect.objectContaining({ bankCode: '0001', branchCode: '210', accountType: '1', accountNumber: '0000007', holder: 'ｼﾖｳｼﾞ ｷﾖｳｺ', amount: 7_000 }),
    ]);
    expect(parsed.trailer).toEqual({ count: 1, total: 7_000 });
    await row.getByText(/出力済（1回/).waitFor();

    // Exported, not yet paid: the file can be made again (the bank refused the upload, say).
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '全銀ファイルを出力' }).click()]);
    expect(parseZengin(readFileSync((await again.path())!)).trailer).toEqual({ count: 1, total: 7_000 });
    await row.getByText(/出力済（2回/).waitFor();

    await page.getByRole('button', { name: '振込済にする' }).click();
    const confirm = page.getByRole('dialog', { name: '振込済にする' });
    await confirm.getByText('1 件（合計 ￥7,000）を振込済にします').waitFor();
    await confirm.getByRole('button', { name: '振込済にする' }).click();
    await page.getByTestId('transfers-paid').getByText('1 件を振込済にしました。').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect(transferOf(r.id)).toMatchObject({ export_count: 2 });
    expect(transferOf(r.id)?.paid_at).toBeTruthy();
    const audit = kiosk.core.db.prepare(`SELECT action FROM audit_log WHERE action LIKE 'bank_transfer.%' AND entity_id LIKE ?`).all(`%${transferOf(r.id)!.id as string}%`);
    expect(audit.map((a) => (a as { action: string }).action)).toEqual(['bank_transfer.recorded', 'bank_transfer.exported', 'bank_transfer.exported', 'bank_transfer.paid']);

    // Back to the clerk on the screen the manager left: it shows nothing of the transfers, and the menu has no 振込管理.
    await signInAs(page, { code: '1001', pin: '1234' });
    await page.getByTestId('bank-transfers-manager-only').getByText('振込管理は店長のみ使えます。').waitFor();
    expect(await page.getByTestId('pending-transfers').count()).toBe(0);
    expect(await page.getByRole('navigation').getByRole('button', { name: '振込管理' }).count()).toBe(0);
  });
});
