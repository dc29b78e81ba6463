import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraisedReception, scan } from './counter-fixtures.ts';
import { type Kiosk, signIn, startKiosk } from './harness.ts';

describe('S-04 P-03 P-07 P-05 a scan lands wherever the focus is, and its Enter never presses a focused button', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await startKiosk();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('S-04 on the settlement screen: after a table cell, EC公開, the CSV button, a closed dialog and the heading', async () => {
    const { page } = kiosk;
    const a = await appraisedReception(kiosk);
    const b = await appraisedReception(kiosk);
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(a.number);
    await page.keyboard.press('Enter');
    const shown = page.getByTestId('settlement-number');
    await expect.poll(() => shown.textContent()).toBe(a.number);

    // A table cell: the focus leaves the number field for the page.
    await page.getByTestId('settlement-items').getByText('デニムジャケット').click();
    await scan(page, b.number);
    await expect.poll(() => shown.textContent()).toBe(b.number);

    // EC公開 ticked: the scan opens the other transaction and leaves the box as the clerk set it.
    const ec = page.getByRole('checkbox', { name: 'がま口財布 をEC公開' });
    await ec.check({ force: true });
    await ec.focus();
    await scan(page, a.number);
    await expect.poll(() => shown.textContent()).toBe(a.number);

    // The CSV button pressed once: the scan's Enter must not download it again.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSVダウンロード' }).click()]);
    expect(download.suggestedFilename()).toBe(`appraisal-${a.number}.csv`);
    await scan(page, b.number);
    await expect.poll(() => shown.textContent()).toBe(b.number);
    expect(downloads).toBe(1);

    // The cancel dialog opened and closed with 戻る: the focus is back on 買取キャンセル, which must not reopen it.
    await page.getByRole('button', { name: '買取キャンセル' }).click();
    await page.getByRole('dialog', { name: '買取キャンセル' }).getByRole('button', { name: '戻る' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await scan(page, a.number);
    await expect.poll(() => shown.textContent()).toBe(a.number);
    expect(await page.getByRole('dialog').count()).toBe(0);

    // The heading clicked.
    await page.getByRole('heading', { name: '買取精算' }).click();
    await scan(page, b.number);
    await expect.poll(() => shown.textContent()).toBe(b.number);
    expect(downloads).toBe(1);
    const statuses = kiosk.core.db.prepare('SELECT status FROM receptions WHERE id IN (?, ?)').all(a.id, b.id) as { status: string }[];
    expect(statuses.map((s) => s.status)).toEqual(['appraised', 'appraised']);
  });

  it('S-04 Enter typed by hand on a focused button still presses it; a scan into a text field stays in that field', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk);
    await page.getByRole('button', { name: '買取精算' }).click();
    await scan(page, r.number);
    await expect.poll(() => page.getByTestId('settlement-number').textContent()).toBe(r.number);
    await page.getByRole('button', { name: '買取キャンセル' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: '買取キャンセル' }).getByRole('button', { name: '戻る' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: '買取受付一覧' }).click();
    const customer = page.getByLabel(/^キーワード/);
    await customer.click();
    await scan(page, 'M0000002');
    expect(await customer.inputValue()).toBe('M0000002');
    expect(await page.getByLabel('受付番号').first().inputValue()).toBe('');
  });

  it('P-03 the reception list finds a scanned reception slip after a click on a table cell', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk);
    await page.getByRole('button', { name: '買取受付一覧' }).click();
    await page.getByTestId('reception-list').locator('tbody td').first().click();
    await scan(page, r.number);
    await expect.poll(() => page.getByTestId('reception-list').locator('tbody tr').count()).toBe(1);
    await page.locator(`tr[data-number="${r.number}"]`).waitFor();
    expect(await page.getByLabel('受付番号').first().inputValue()).toBe(r.number);
  });

  it('P-07 the stock list finds a scanned stock label after a click on its heading', async () => {
    const { page, core } = kiosk;
    const stock = core.db.prepare('SELECT code, name FROM stock_items ORDER BY created_at LIMIT 1').get() as { code: string; name: string };
    await page.getByRole('button', { name: '在庫一覧' }).click();
    await page.getByRole('heading', { name: '在庫一覧' }).click();
    await scan(page, stock.code);
    await expect.poll(() => page.getByLabel('在庫コード・JAN（スキャン可）・商品名・受付番号').inputValue()).toBe(stock.code);
    await expect.poll(() => page.getByTestId('stock-list').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('stock-list').getByText(stock.code).waitFor();
  });

  it('P-05 staff sign-in takes a scanned staff card wherever the focus is, then the PIN', async () => {
    const { page } = kiosk;
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { name: '従業員ログイン' }).click();
    await scan(page, '1001');
    expect(await page.getByLabel('従業員コード').inputValue()).toBe('1001');
    await expect.poll(() => page.evaluate(`document.activeElement?.getAttribute('type')`)).toBe('password');
    await page.keyboard.type('1234');
    await page.keyboard.press('Enter');
    await page.getByTestId('staff-name').waitFor();
  });
});
