/**
 * A-04 through the real UI: terms, a member of staff and a chain-central setting published at a real HQ (127.0.0.1)
 * reach the kiosk after one sync — the HQ terms are shown read-only, HQ's till limit is read-only while the store's
 * point rule stays editable, HQ's clerk is marked 本部 on the staff screen and signs in with their PIN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch.ts';
import { backends, publishMasterData, type RunningHq, startHq } from '../hq/support/hq.ts';
import { addItemForm, openAppraisal, pageActor, walkInSeller } from './counter-fixtures.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';
import { HQ_SYNC_TUNING, connectToHqThroughUi } from './hq-connection.ts';

describe('A-04 terms, staff and settings from HQ through the real UI', () => {
  let kiosk: Kiosk;
  let hq: RunningHq;
  let version = 0;

  beforeAll(async () => {
    hq = await startHq(backends()[0]!);
    version = await publishMasterData(
      hq,
      [
          { kind: 'terms', data: { title: '買取同意事項（本部 2026年12月版）', body: '第1条 お売りいただく品物は、お客様ご本人の所有物です。' } },
          { kind: 'staff', data: { code: '2042', name: '髙橋 𠮷子', role: 'clerk', active: true, pin: '482916' } },
          { kind: 'setting', data: { key: 'till', value: { closeApprovalYen: 3_000 } } },
          {
            kind: 'category',
            data: { id: 'watch-smart', parentId: 'watch', nameJa: 'スマートウォッチ', nameEn: 'Smartwatches', alwaysVerify: false, sortOrder: 23, active: true },
          },
        ],
      '本部 人事部',
    );
    kiosk = await startKiosk({ sync: { tuning: HQ_SYNC_TUNING } });
    await kiosk.page.getByLabel('端末ID').waitFor();
    await signIn(kiosk.page, { code: '9001', pin: '9999' });
  });
  afterAll(async () => {
    await kiosk?.close();
    await hq?.close();
  });

  it('A-04 after one sync: HQ terms and HQ’s till limit are read-only, the store’s point rule is editable, HQ’s clerk is marked and signs in with their PIN', async () => {
    const { page } = kiosk;
    await connectToHqThroughUi(page, hq);
    await expect.poll(() => page.getByTestId('master-data-version').textContent(), { timeout: 30_000 }).toContain(`本部マスタデータ 版 ${version}`);

    // Applied and audited by the sync worker in the pull's one transaction (with the key the main process handed it).
    const audited = () => kiosk.core.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'master_data.%' ORDER BY seq").pluck().all();
    expect(audited()).toEqual(['master_data.terms', 'master_data.staff', 'master_data.setting']);

    await page.getByRole('tab', { name: '買取設定' }).click();
    await page.getByTestId('hq-owned-terms').getByText('本部が管理しています').waitFor();
    expect(await page.getByLabel('表題').inputValue()).toBe('買取同意事項（本部 2026年12月版）');
    expect(await page.getByLabel('表題').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '同意事項を保存' }).count()).toBe(0);
    const till = page.getByTestId('till-settings');
    await till.getByTestId('hq-owned-setting').getByText('本部が設定').waitFor();
    await expect.poll(() => till.getByLabel('承認が必要になる差額（円）').inputValue()).toBe('3,000');
    expect(await till.getByLabel('承認が必要になる差額（円）').isDisabled()).toBe(true);
    expect(await till.getByRole('button', { name: '保存' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The point rule HQ has not published: still the store's to change.
    const points = page.getByTestId('point-rule');
    await points.getByLabel('100円あたりのポイント').fill('2');
    await points.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存しました', { exact: true }).waitFor();

    await page.getByRole('tab', { name: '従業員' }).click();
    await page.getByTestId('staff-hq-2042').waitFor();
    const hqRow = page.getByRole('row').filter({ hasText: '髙橋 𠮷子' });
    await hqRow.getByText('本部が管理しています（店舗では変更できません）').waitFor();
    expect(await hqRow.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('row').filter({ hasText: '1001' }).getByRole('button', { name: '無効にする' }).count()).toBe(1);

    await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
    await signIn(page, { code: '2042', pin: '482916' });
    expect(await page.getByTestId('staff-name').textContent()).toContain('髙橋 𠮷子');

    // Five wrong PINs lock HQ's clerk out here; the lock is the counter's, so a manager lifts it (the PIN stays HQ's).
    await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('従業員コード').fill('2042');
      await page.getByLabel('暗証番号').fill('000000');
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      if (attempt < 5) await expect.poll(() => kiosk.core.db.prepare(`SELECT failed_attempts FROM staff WHERE code = '2042'`).pluck().get()).toBe(attempt);
      else await page.getByRole('alert').filter({ hasText: 'ロックされています' }).first().waitFor();
    }
    await page.getByLabel('従業員コード').fill('2042');
    await page.getByLabel('暗証番号').fill('482916');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'ロックされています' }).first().waitFor();
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '従業員' }).click();
    const lockedRow = page.getByRole('row').filter({ hasText: '髙橋 𠮷子' });
    await lockedRow.getByRole('button', { name: 'ロック解除' }).click();
    await expect.poll(() => lockedRow.getByRole('button', { name: 'ロック解除' }).count()).toBe(0);
    await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
    await signIn(page, { code: '2042', pin: '482916' });
    expect(await page.getByTestId('staff-name').textContent()).toContain('髙橋 𠮷子');
  });

  it('A-04 on 分類 a manager adds a store category; HQ’s has no controls and is offered at appraisal; deleting one an item names deactivates it (no longer offered)', async () => {
    const { page } = kiosk;
    await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '分類' }).click();
    const hqRow = page.getByTestId('category-watch-smart');
    await hqRow.getByText('本部が管理しています').waitFor();
    expect(await hqRow.getByRole('button').count()).toBe(0);

    const add = page.getByRole('form', { name: '分類を追加' });
    await add.getByLabel('分類名（日本語）').fill('ミニ四駆・RCカー');
    await add.getByLabel('分類名（英語）').fill('Mini 4WD & RC cars');
    await add.getByLabel('親分類').click();
    await page.getByRole('option', { name: 'ホビー', exact: true }).click();
    await add.getByRole('button', { name: '分類を追加' }).click();
    await page.getByText('分類を追加しました。').waitFor();
    const cards = page.getByRole('row').filter({ hasText: 'ミニ四駆・RCカー' });
    await cards.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const id = (kiosk.core.db.prepare("SELECT id FROM categories WHERE name_ja = 'ミニ四駆・RCカー'").pluck().get() as string | undefined)!;
    expect(id).toMatch(/^store-/);

    // An item names it: delete turns into deactivate, and the screen says so.
    const r = kiosk.core.services.receptions.create(await pageActor(kiosk), { kind: 'walkIn', seller: walkInSeller, note: '' });
    kiosk.core.services.receptions.addItem(await pageActor(kiosk), r.id, {
      categoryId: id,
      name: 'ピカチュウ プロモ 𠮷',
      grade: 'A',
      quantity: 1,
      unitPrice: 1_200,
      maker: '',
      model: '',
      serial: '',
      colour: '',
      features: '',
    });
    await cards.getByRole('button', { name: '削除 ミニ四駆・RCカー' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '削除' }).click();
    await page.getByTestId('category-removal').getByText('「ミニ四駆・RCカー」は品物など（1件）に使われているため、削除せず無効にしました。').waitFor();
    await expect.poll(() => cards.getByText('無効').count()).toBe(1);
    expect(kiosk.core.db.prepare('SELECT active FROM categories WHERE id = ?').pluck().get(id)).toBe(0);

    // HQ's category is offered at appraisal; the deactivated store category is not.
    await openAppraisal(page, r.number);
    await addItemForm(page).getByLabel('分類').click();
    await page.getByRole('option', { name: 'スマートウォッチ', exact: true }).waitFor();
    expect(await page.getByRole('option', { name: 'ミニ四駆・RCカー', exact: true }).count()).toBe(0);
  });

  it('A-04 a manager editing the point rule when HQ publishes it: the save is refused with the reason, HQ’s value stays, nothing half-written; the form turns read-only', async () => {
    const { page } = kiosk;
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '買取設定' }).click();
    const points = page.getByTestId('point-rule');
    await points.getByLabel('100円あたりのポイント').fill('7');

    // Meanwhile HQ publishes the chain's point rule and the kiosk's sync worker pulls it.
    await publishMasterData(hq, [{ kind: 'setting', data: { key: 'pointRule', value: { perHundredYen: 3, maxManual: 20_000 } } }], '本部 販促部');
    const clientId = (await page.evaluate(`sessionStorage.getItem('kiosk.clientId')`)) as string;
    await dispatch(kiosk.core, 'sync:wake', {}, { clientId: `host-${clientId}`, window: 'clerk' });
    const owner = () => kiosk.core.db.prepare("SELECT owner FROM settings WHERE key = 'pointRule'").pluck().get();
    await expect.poll(owner, { timeout: 30_000 }).toBe('hq');
    const saves = () => kiosk.core.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'settings.pointRule'").pluck().get();
    const savesBefore = saves();

    await points.getByRole('button', { name: '保存' }).click();
    await page.getByText('この設定は本部が設定しています。店舗では変更できません（保存されていません）。').waitFor();
    expect(JSON.parse(kiosk.core.db.prepare("SELECT value FROM settings WHERE key = 'pointRule'").pluck().get() as string)).toEqual({ perHundredYen: 3, maxManual: 20_000 });
    expect(saves()).toBe(savesBefore);
    // Opened again, the form shows HQ's value, read-only.
    await page.getByRole('tab', { name: '本部連携' }).click();
    await page.getByRole('tab', { name: '買取設定' }).click();
    await expect.poll(() => page.getByTestId('point-rule').getByLabel('100円あたりのポイント').inputValue()).toBe('3');
    await expect.poll(() => page.getByTestId('point-rule').getByLabel('100円あたりのポイント').isDisabled()).toBe(true);
    expect(await page.getByTestId('point-rule').getByRole('button', { name: '保存' }).count()).toBe(0);
  });

  it('A-04 a change the kiosk cannot apply (a PIN hash in another scheme) applies nothing; 本部連携 keeps the version and shows why', async () => {
    const { page } = kiosk;
    const held = (kiosk.core.db.prepare('SELECT version FROM master_data_state').pluck().get() as number);
    await publishMasterData(hq, [{ kind: 'setting', data: { key: 'metalRounding', value: 'ceil' } }]);
    // Written past the admin API (an older HQ build, a hand edit): the kiosk's own check must hold.
    await hq.db.execute(
      "INSERT INTO master_changes (kind, item_key, store_code, data, published_at, published_by) VALUES ('staff', '2044', NULL, ?, '2026-11-27T01:00:00.000Z', 'hand')",
      [JSON.stringify({ code: '2044', name: '山田 太郎', role: 'manager', active: true, pinHash: 'md5$81dc9bdb52d04dc20036dbd8313ed055' })],
    );
    const clientId = (await page.evaluate(`sessionStorage.getItem('kiosk.clientId')`)) as string;
    await dispatch(kiosk.core, 'sync:wake', {}, { clientId: `host-${clientId}`, window: 'clerk' });
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '本部連携' }).click();
    const version = page.getByTestId('master-data-version');
    await expect.poll(() => version.textContent(), { timeout: 30_000 }).toContain('前回の取得に失敗しました');
    expect(await version.textContent()).toContain(`本部マスタデータ 版 ${held}`);
    expect(await version.textContent()).toContain('本部のデータにこの端末で使えない内容があります。何も適用していません（前回の版のまま）。');
    expect(await page.getByTestId('master-data-failure-detail').textContent()).toMatch(/pinHash: not a PIN hash in the kiosk scheme/);
    expect(kiosk.core.db.prepare("SELECT COUNT(*) FROM staff WHERE code = '2044'").pluck().get()).toBe(0);
    // The good change in the same pull was not applied either.
    expect(kiosk.core.db.prepare("SELECT COUNT(*) FROM settings WHERE key = 'metalRounding' AND owner = 'hq'").pluck().get()).toBe(0);
  });
});
