/**
 * A-04 through the real UI: master data published at a real HQ (127.0.0.1) appears on the kiosk after one sync — the
 * version on 本部連携, the new category in the appraisal form — and a field HQ owns (today's K18 price) is read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokyoDate } from '../../common/tokyo-time.ts';
import { backends, publishMasterData, type RunningHq, startHq } from '../hq/support/hq.ts';
import { addItemForm, openAppraisal, pageActor, walkInSeller } from './counter-fixtures.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';
import { HQ_SYNC_TUNING, connectToHqThroughUi } from './hq-connection.ts';

describe('A-04 master data from HQ through the real UI', () => {
  let kiosk: Kiosk;
  let hq: RunningHq;
  let version = 0;

  beforeAll(async () => {
    hq = await startHq(backends()[0]!);
    version = await publishMasterData(hq, [
          {
            kind: 'category',
            data: { id: 'watch-smart', parentId: 'watch', nameJa: 'スマートウォッチ', nameEn: 'Smartwatches', alwaysVerify: false, sortOrder: 23, active: true },
          },
          { kind: 'metal_price', data: { metal: 'K18', businessDate: tokyoDate(new Date()), pricePerGram: 15_000 } },
        ]);
    kiosk = await startKiosk({ sync: { tuning: HQ_SYNC_TUNING } });
    await kiosk.page.getByLabel('端末ID').waitFor();
    await signIn(kiosk.page, { code: '9001', pin: '9999' });
  });
  afterAll(async () => {
    await kiosk?.close();
    await hq?.close();
  });

  it('A-04 after one sync the version shows, the category is offered at appraisal, and HQ’s K18 price cannot be changed here', async () => {
    const { page } = kiosk;
    await connectToHqThroughUi(page, hq);
    await expect.poll(() => page.getByTestId('master-data-version').textContent(), { timeout: 30_000 }).toContain(`本部マスタデータ 版 ${version}`);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: '貴金属相場' }).click();
    await expect.poll(() => page.getByTestId('metal-today-K18').textContent()).toBe('￥15,000 /g');
    await page.getByTestId('metal-hq-owned-K18').getByText('本部が設定した価格です（店舗では変更できません）').waitFor();
    expect(await page.getByLabel('K18 の新しい買取価格（1gあたり）').count()).toBe(0);
    // A price the store owns stays the store's to set.
    expect(await page.getByLabel('Pt900 の新しい買取価格（1gあたり）').count()).toBe(1);

    const r = kiosk.core.services.receptions.create(await pageActor(kiosk), { kind: 'walkIn', seller: walkInSeller, note: '' });
    await openAppraisal(page, r.number);
    await addItemForm(page).getByLabel('分類').click();
    await page.getByRole('option', { name: 'スマートウォッチ', exact: true }).waitFor();
  });
});
