import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MetalPricesService } from '../../main/services/metal-prices.ts';
import type { StaffInfo } from '../../preload/types.ts';
import { addItemForm, openAppraisal, pageActor, walkInSeller } from './counter-fixtures.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

async function chooseCategory(page: Page, name: string): Promise<void> {
  await addItemForm(page).getByLabel('分類').click();
  await page.getByRole('option', { name, exact: true }).click();
}

describe('A-03 precious metals priced by weight at the counter', () => {
  let kiosk: Kiosk;
  let number = '';
  beforeAll(async () => {
    kiosk = await startKiosk();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('A-03 no K18 price today: the clerk is told and cannot add the item by weight', async () => {
    const { page } = kiosk;
    const r = kiosk.core.services.receptions.create(await pageActor(kiosk), { kind: 'walkIn', seller: walkInSeller, note: '' });
    number = r.number;
    await openAppraisal(page, number);
    await chooseCategory(page, 'K18');
    await addItemForm(page).getByTestId('metal-price-missing').getByText('本日のK18の買取価格が設定されていないため、重量で査定できません。').waitFor();
    expect(await addItemForm(page).getByRole('button', { name: '追加', exact: true }).isDisabled()).toBe(true);
    expect(await addItemForm(page).getByLabel('単価').getAttribute('readonly')).not.toBeNull();
  });

  it('A-03 a manager sets today’s K18 price; a K18 necklace of 12.34 g then comes to ¥185,100 through the UI', async () => {
    const { page, core } = kiosk;
    await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('navigation').getByRole('button', { name: '設定' }).click();
    await page.getByRole('tab', { name: '貴金属相場' }).click();
    await expect.poll(() => page.getByTestId('metal-today-K18').textContent()).toBe('未設定');
    await page.getByLabel('K18 の新しい買取価格（1gあたり）').fill('15000');
    await page.getByRole('button', { name: 'K18 の価格を設定' }).click();
    await expect.poll(() => page.getByTestId('metal-today-K18').textContent()).toBe('￥15,000 /g');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
    await signIn(page);

    await openAppraisal(page, number);
    await chooseCategory(page, 'K18');
    const form = addItemForm(page);
    await form.getByLabel('商品名').fill('K18 喜平ネックレス 50cm');
    await form.getByLabel('特徴').fill('刻印あり 😀');
    await form.getByLabel('重量（g）').fill('12.34');
    await expect.poll(() => form.getByTestId('metal-price-line').textContent()).toBe('K18 ￥15,000/g × 12.34 g = ￥185,100（切り捨て）');
    expect(await form.getByLabel('単価').inputValue()).toBe('¥185,100');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByTestId('items-table').getByText('K18 喜平ネックレス 50cm').waitFor();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('￥185,100');
    const stored = core.db.prepare('SELECT unit_price, weight_cg, metal_price_per_gram FROM reception_items WHERE reception_id = (SELECT id FROM receptions WHERE number = ?)').get(number);
    expect(stored).toEqual({ unit_price: 185_100, weight_cg: 1234, metal_price_per_gram: 15_000 });
  });

  it('A-03 the price changes mid-appraisal: the necklace stays at ¥185,100; the next item is refused at the old rate, then priced at the new one', async () => {
    const { page, core } = kiosk;
    const form = addItemForm(page);
    await chooseCategory(page, 'K18');
    await form.getByLabel('商品名').fill('K18 リング');
    await form.getByLabel('重量（g）').fill('5');
    await expect.poll(() => form.getByTestId('metal-price-line').textContent()).toBe('K18 ￥15,000/g × 5 g = ￥75,000（切り捨て）');

    // The manager changes today's rate from the back office while the clerk's form still shows the old one.
    const clerk = await pageActor(kiosk);
    const managerStaff = core.db.prepare(`SELECT id, code, name, role FROM staff WHERE code = '9001'`).get() as StaffInfo;
    new MetalPricesService({ db: core.db, clock: () => new Date(), newId: randomUUID, events: core.events }).setPrice(
      { terminal: clerk.terminal, staff: managerStaff },
      'K18',
      15_200,
    );
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByRole('alert').getByText('K18の買取価格が変更されました（現在 ￥15,200/g）').waitFor();
    await expect.poll(() => form.getByTestId('metal-price-line').textContent()).toBe('K18 ￥15,200/g × 5 g = ￥76,000（切り捨て）');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByTestId('items-table').getByText('K18 リング').waitFor();
    const prices = core.db
      .prepare('SELECT name, unit_price FROM reception_items WHERE reception_id = (SELECT id FROM receptions WHERE number = ?) ORDER BY position')
      .all(number);
    expect(prices).toEqual([
      { name: 'K18 喜平ネックレス 50cm', unit_price: 185_100 },
      { name: 'K18 リング', unit_price: 76_000 },
    ]);
  });
});
