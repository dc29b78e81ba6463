/**
 * A-04 through the real UI: terms, a member of staff and a chain-central setting published at a real HQ (127.0.0.1)
 * reach the kiosk after one sync — the HQ terms are shown read-only, HQ's till limit is read-only while the store's
 * point rule stays editable, HQ's clerk is marked 本部 on the staff screen and signs in with their PIN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, type RunningHq, startHq } from '../hq/support/hq.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

describe('A-04 terms, staff and settings from HQ through the real UI', () => {
  let kiosk: Kiosk;
  let hq: RunningHq;
  let version = 0;

  beforeAll(async () => {
    hq = await startHq(backends()[0]!);
    const response = await fetch(`${hq.url}/api/v1/master-data`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        publishedBy: '本部 人事部',
        changes: [
          { kind: 'terms', data: { title: '買取同意事項（本部 2026年12月版）', body: '第1条 お売りいただく品物は、お客様ご本人の所有物です。' } },
          { kind: 'staff', data: { code: '2042', name: '髙橋 𠮷子', role: 'clerk', active: true, pin: '482916' } },
          { kind: 'setting', data: { key: 'till', value: { closeApprovalYen: 3_000 } } },
        ],
      }),
    });
    version = ((await response.json()) as { version: number }).version;
    kiosk = await startKiosk({ sync: { tuning: { backoff: { baseMs: 100, capMs: 1_000 }, requestTimeoutMs: 2_000, idlePingMs: 60_000 } } });
    await kiosk.page.getByLabel('端末ID').waitFor();
    await signIn(kiosk.page, { code: '9001', pin: '9999' });
  });
  afterAll(async () => {
    await kiosk?.close();
    await hq?.close();
  });

  it('A-04 after one sync: HQ terms and HQ’s till limit are read-only, the store’s point rule is editable, HQ’s clerk is marked and signs in with their PIN', async () => {
    const { page } = kiosk;
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '本部連携' }).click();
    const form = page.getByRole('form', { name: '接続設定' });
    await form.getByLabel('本部URL').fill(hq.url);
    await form.getByLabel('店舗コード').fill('S001');
    await form.getByLabel('端末ID').fill('T01');
    await form.getByLabel('トークン').fill(hq.token);
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存しました。').waitFor();
    await expect.poll(() => page.getByTestId('master-data-version').textContent(), { timeout: 30_000 }).toContain(`本部マスタデータ 版 ${version}`);

    // Applied by the sync worker (no audit key there), audited by the main process when the worker reports the cycle.
    const audited = () => kiosk.core.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'master_data.%' ORDER BY at").pluck().all();
    await expect.poll(audited).toEqual(['master_data.terms', 'master_data.staff', 'master_data.setting']);

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
  });
});
