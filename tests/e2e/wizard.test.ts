import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch.ts';
import { MAX_YEN } from '../../preload/contract.ts';
import { appraisedReception } from './counter-fixtures.ts';
import { type Kiosk, signIn, startKiosk } from './harness.ts';

const MANAGER_TAB = { clientId: 'manager-back-office', window: 'clerk' as const };
const watch = { categoryId: 'watch-wrist', name: 'クロノグラフ腕時計', grade: 'A' as const, quantity: 1, unitPrice: 25_000 };

describe('the settlement wizard as the counter really uses it (B-06, S-09, S-14, S-16, P-06)', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await startKiosk();
    await signIn(kiosk.page);
    await dispatch(kiosk.core, 'session:staffSignIn', { code: '9001', pin: '9999' }, MANAGER_TAB);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  /** A manager in the back office saves new agreement terms while the counter is busy. */
  async function managerSavesTerms(title: string, body: string): Promise<number> {
    const saved = await dispatch(kiosk.core, 'settings:saveTerms', { terms: { title, body } }, MANAGER_TAB);
    if (!saved.ok) throw new Error(JSON.stringify(saved.error));
    return (saved.value as { version: number }).version;
  }

  async function openWizard(page: Page, number: string): Promise<void> {
    await page.getByRole('navigation').getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(number);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('settlement-number').textContent()).toBe(number);
    await page.getByRole('button', { name: '精算確認' }).click();
  }

  async function takeIdPhoto(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'カメラを起動' }).click();
    await expect.poll(() => page.locator('video').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '撮影' }).click();
    // I-01: the mask editor comes between capture and use; nothing to black out on a licence.
    await page.getByRole('button', { name: 'この画像を使う' }).click();
    await page.getByTestId('id-photo-thumb').waitFor();
  }

  async function fillIdDocument(page: Page): Promise<void> {
    await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
    await page.getByLabel('身分証明書の種類').selectOption('drivers_licence');
    await page.getByLabel('有効期限', { exact: true }).fill('2031-03-31');
    await page.getByLabel('証明書番号の下4桁').fill('QZ9W');
    await page.getByLabel('職業').fill('グラフィックデザイナー');
  }

  const draftOf = (id: string) =>
    (kiosk.core.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').get(id) as { data: string } | undefined)?.data ?? '';
  const agreedVersion = (id: string) =>
    (kiosk.core.db.prepare('SELECT agreed_terms_version AS v FROM settlements WHERE reception_id = ?').get(id) as { v: number } | undefined)?.v;
  const agree = (page: Page) => page.getByLabel('上記の買取同意事項に同意する');

  it('S-09 B-06 terms saved while the wizard was interrupted: after a reload it reopens at agreement with the new text, unticked', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk);
    await openWizard(page, r.number);
    await agree(page).check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByLabel('職業').fill('グラフィックデザイナー');
    await expect.poll(() => draftOf(r.id)).toContain('"agreedTermsVersion":1');
    await expect.poll(() => kiosk.core.services.settlement.stagedIdentity(r.id)?.seller.occupation).toBe('グラフィックデザイナー');

    const v2 = await managerSavesTerms('買取規約（第2版）', '第2版: 査定額に同意いただいた品物は返品できません。𠮷 と 🎁 を含む新しい本文。');
    await page.reload();
    // No rescan, no click: the app is back in the wizard, on the agreement, with the new text and no tick.
    await page.getByTestId('terms-changed').waitFor();
    expect(await page.getByTestId('terms-body').textContent()).toContain('第2版: 査定額に同意いただいた品物は返品できません。');
    expect(await agree(page).isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
    await agree(page).check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    // The identity record typed before the reload is still there (held by the main process, not in the draft).
    expect(await page.getByLabel('職業').inputValue()).toBe('グラフィックデザイナー');
    expect(draftOf(r.id)).not.toContain('デザイナー');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    expect(agreedVersion(r.id)).toBe(v2);
  });

  it('S-09 execute refuses a terms version saved while the customer was at the execute step, and asks for agreement again', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk);
    await openWizard(page, r.number);
    await agree(page).check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    const v3 = await managerSavesTerms('買取規約（第3版）', '第3版: 本人確認書類の写しを保管します。');
    await page.getByTestId('execute').click();
    await page.getByRole('alert').getByText(`買取同意事項が第${v3 - 1}版から第${v3}版に変わりました。`, { exact: false }).waitFor();
    await page.getByTestId('terms-changed').waitFor();
    expect(await page.getByTestId('terms-body').textContent()).toContain('第3版: 本人確認書類の写しを保管します。');
    expect(await agree(page).isChecked()).toBe(false);
    expect(agreedVersion(r.id)).toBeUndefined();
    await agree(page).check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    expect(agreedVersion(r.id)).toBe(v3);
  });

  it('B-06 S-14 the identity record and photo survive an auto-lock and a reload; an app restart keeps the wizard and asks for them again', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk, { items: [watch] });
    await openWizard(page, r.number);
    await agree(page).check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await fillIdDocument(page);
    await takeIdPhoto(page);
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    await expect.poll(() => kiosk.core.services.settlement.stagedIdentity(r.id)?.documentNumberLast4).toBe('QZ9W');

    // The counter locks itself (the main process ends the staff session) and the clerk signs in again.
    const clientId = `host-${(await page.evaluate(`sessionStorage.getItem('kiosk.clientId')`)) as string}`;
    kiosk.core.services.accounts.signOutStaff(clientId);
    kiosk.core.events.emit('session:changed', kiosk.core.services.accounts.state(clientId));
    await page.getByLabel('従業員コード').waitFor();
    await signIn(page);
    await page.getByRole('dialog', { name: `精算確認 ${r.number}` }).waitFor();
    expect(await page.getByLabel('証明書番号の下4桁').inputValue()).toBe('QZ9W');
    expect(await page.getByLabel('職業').inputValue()).toBe('グラフィックデザイナー');

    await page.reload();
    await page.getByRole('dialog', { name: `精算確認 ${r.number}` }).waitFor();
    expect(await page.getByLabel('証明書番号の下4桁').inputValue()).toBe('QZ9W');
    expect(await page.getByLabel('身分証明書の種類').inputValue()).toBe('drivers_licence');
    await page.getByText('撮影済みの身分証画像を保持しています（撮り直す場合はカメラを起動）').waitFor();
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    expect(await page.getByTestId('execute-summary').textContent()).toContain('身分証 ✓');

    // An app restart: what the customer gave was in memory only and is gone; the wizard comes back and says so.
    await kiosk.restart();
    await signIn(kiosk.page);
    await page.getByRole('dialog', { name: `精算確認 ${r.number}` }).waitFor();
    await page.getByText('途中の精算を再開しました').waitFor();
    expect(await page.getByLabel('証明書番号の下4桁').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '閉じる' }).first().click();
    await expect.poll(() => draftOf(r.id)).toBe('');
  });

  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1024, height: 768 },
  ]) {
    it(`B-08 at ${viewport.width}×${viewport.height} the step's actions and what is missing stay in view`, async () => {
      const { page } = kiosk;
      await page.setViewportSize(viewport);
      try {
        const r = await appraisedReception(kiosk, { items: [watch] });
        await openWizard(page, r.number);
        await agree(page).check({ force: true });
        await page.getByRole('button', { name: '次へ' }).click();
        await page.getByTestId('verification').waitFor();
        await page.getByRole('button', { name: 'カメラを起動' }).waitFor();
        for (const target of [page.getByRole('button', { name: '次へ' }), page.getByTestId('verification-missing')]) {
          const box = await target.boundingBox();
          expect(box).not.toBeNull();
          expect(box!.y).toBeGreaterThanOrEqual(0);
          expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
          expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
        }
        expect(await page.getByTestId('verification-missing').textContent()).toContain('確認方法');
        // Nothing covers 次へ: the element at its centre is the button itself.
        const next = (await page.getByRole('button', { name: '次へ' }).boundingBox())!;
        const hit = await page.evaluate(`document.elementFromPoint(${next.x + next.width / 2}, ${next.y + next.height / 2})?.closest('button')?.textContent`);
        expect(hit).toBe('次へ');
        await page.getByRole('button', { name: '戻る' }).click();
        await page.getByRole('button', { name: '閉じる' }).first().click();
      } finally {
        await page.setViewportSize({ width: 1366, height: 900 });
      }
    });
  }

  it('P-06 a member buyback of ¥10,000,100 and one of MAX_YEN settle with the rule\'s points, no POINTS_TOO_MANY', async () => {
    const { page, core } = kiosk;
    for (const unitPrice of [10_000_100, MAX_YEN]) {
      const r = await appraisedReception(kiosk, { member: true, items: [{ ...watch, name: 'ダイヤモンド腕時計', unitPrice }] });
      await openWizard(page, r.number);
      await agree(page).check({ force: true });
      await page.getByRole('button', { name: '次へ' }).click();
      await fillIdDocument(page);
      await takeIdPhoto(page);
      await page.getByRole('button', { name: '次へ' }).click();
      await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
      // Ten million yen and more are not handed over from a counter till (M-06): the seller is paid by transfer.
      await page.getByRole('radio', { name: '銀行振込' }).check({ force: true });
      const expected = Math.floor(unitPrice / 100);
      expect(await page.getByLabel('ポイント付与').inputValue()).toBe(expected.toLocaleString('ja-JP'));
      await page.getByTestId('execute').click();
      await page.getByTestId('settled').waitFor();
      const settled = core.db.prepare('SELECT total_amount, points_granted FROM settlements WHERE reception_id = ?').get(r.id);
      expect(settled).toEqual({ total_amount: unitPrice, points_granted: expected });
    }
  });
});
