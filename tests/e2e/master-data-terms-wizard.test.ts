/**
 * A-04 + S-09 (issue 12's rule) through the real UI: the customer agreed to the store's terms, the wizard was
 * interrupted, HQ published new terms and the kiosk pulled them — on resume the wizard is back at the agreement with
 * HQ's text, unticked, and the settlement names HQ's version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MasterDataPuller } from '../../main/sync/master-data.ts';
import { backends, publishMasterData, type RunningHq, startHq } from '../hq/support/hq.ts';
import { appraisedReception, openWizard } from './counter-fixtures.ts';
import { type Kiosk, signIn, startKiosk } from './harness.ts';

describe('A-04 S-09 terms published at HQ mid-wizard', () => {
  let kiosk: Kiosk;
  let hq: RunningHq;
  beforeAll(async () => {
    hq = await startHq(backends()[0]!);
    kiosk = await startKiosk();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
    await hq?.close();
  });

  it('A-04 S-09 a customer who agreed to the store’s terms is asked again after HQ published new ones; the new agreement is to HQ’s version', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk);
    await openWizard(page, r.number);
    const agree = page.getByLabel('上記の買取同意事項に同意する');
    await agree.check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    const draft = () => (kiosk.core.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').pluck().get(r.id) as string | undefined) ?? '';
    await expect.poll(draft).toContain('"agreedTermsVersion":1');

    await publishMasterData(hq, [{ kind: 'terms', data: { title: '買取同意事項（本部版）', body: '本部版 第1条: 盗品等でないことを確認します。𠮷 と 🙇 を含む本文。' } }], '本部 法務部');
    await new MasterDataPuller(kiosk.core.db, { hqUrl: hq.url, token: hq.token }).pull();

    await page.reload();
    await page.getByTestId('terms-changed').waitFor();
    expect(await page.getByTestId('terms-body').textContent()).toContain('本部版 第1条: 盗品等でないことを確認します。');
    expect(await agree.isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
    await agree.check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await expect.poll(draft).toContain('"agreedTermsVersion":2');
  });
});
