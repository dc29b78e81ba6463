/**
 * A-04 + S-09 + V-02 through the real UI with the real sync worker: the customer agreed to the store's terms on their
 * own screen; HQ publishes new terms and the worker pulls them (in its own transaction, with their audit entry). The
 * main process notices at the worker's next status, exactly as after a manager's save: the agreement is void, the
 * customer is shown HQ's text and agrees again, and the settlement names HQ's version.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, publishMasterData, type RunningHq, startHq } from '../hq/support/hq.ts';
import { appraisedReception, openWizard } from './counter-fixtures.ts';
import { type Kiosk, openCustomerScreen, signIn, startKiosk } from './harness.ts';
import { HQ_SYNC_TUNING, connectToHqThroughUi } from './hq-connection.ts';

describe('A-04 V-02 HQ terms pulled by the sync worker while the customer has agreed on their screen', () => {
  let kiosk: Kiosk;
  let hq: RunningHq;
  let customer: Page | undefined;
  beforeAll(async () => {
    hq = await startHq(backends()[0]!);
    kiosk = await startKiosk({ sync: { tuning: HQ_SYNC_TUNING } });
    await signIn(kiosk.page, { code: '9001', pin: '9999' });
  });
  afterAll(async () => {
    await customer?.context().close();
    await kiosk?.close();
    await hq?.close();
  });

  it('A-04 S-09 V-02 HQ terms void an agreement on the customer’s screen: asked again with HQ’s text, the settlement names HQ’s version', async () => {
    const { page, core } = kiosk;
    await connectToHqThroughUi(page, hq);
    // The first sync has run (HQ has published nothing yet): the kiosk is at HQ's version 0 and online.
    await expect.poll(() => core.services.sync.status().online, { timeout: 30_000 }).toBe(true);

    customer = await openCustomerScreen(kiosk);
    const screen = () => customer!.getByTestId('customer-screen').getAttribute('data-screen');
    const r = await appraisedReception(kiosk);
    await openWizard(page, r.number);
    await expect.poll(screen).toBe('terms');
    expect(await customer.getByTestId('customer-terms-version').textContent()).toBe('第1版');
    await customer.getByRole('button', { name: '上記に同意する' }).click();
    await expect.poll(() => page.getByTestId('customer-answer').textContent()).toMatch(/第1版に同意/);

    await publishMasterData(hq, [{ kind: 'terms', data: { title: '買取同意事項（本部版）', body: '本部版 第1条: 盗品等でないことを確認します。𠮷 と 🙇 を含む本文。' } }], '本部 法務部');
    core.services.sync.wake();

    // Voided on both screens: the clerk is told and waits again; the customer reads HQ's text under a new version.
    await page.getByTestId('customer-terms-changed-clerk').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('customer-answer').count()).toBe(0);
    await customer.getByTestId('customer-terms-changed').waitFor();
    expect(await customer.getByTestId('customer-terms-version').textContent()).toBe('第2版');
    expect(await customer.getByTestId('customer-terms-body').textContent()).toContain('本部版 第1条: 盗品等でないことを確認します。');
    // Applied and audited by the worker in one transaction: the entry is there with the terms.
    expect(core.db.prepare("SELECT action FROM audit_log WHERE action = 'master_data.terms'").pluck().all()).toEqual(['master_data.terms']);

    await customer.getByRole('button', { name: '上記に同意する' }).click();
    await expect.poll(() => page.getByTestId('customer-answer').textContent()).toMatch(/第2版に同意/);
    await page.getByRole('button', { name: '次へ' }).click();
    const draft = () => (core.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').pluck().get(r.id) as string | undefined) ?? '';
    await expect.poll(draft).toContain('"agreedTermsVersion":2');
  });
});
