import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

describe('walking skeleton through the real UI', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await startKiosk();
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('S-01 P-01 P-02 S-04 S-16 S-21 a clerk takes in, appraises and settles a walk-in buyback', async () => {
    const { page, core } = kiosk;
    await page.getByLabel('端末ID').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await signIn(page);

    // Reception for a walk-in seller.
    await page.getByText('非会員（来店客）').click();
    await page.getByLabel('氏名').fill('木村 拓也');
    await page.getByLabel('フリガナ').fill('キムラ タクヤ');
    await page.getByLabel('郵便番号').fill('150-0001');
    await page.getByLabel('住所').fill('東京都渋谷区神宮前1-1-1');
    await page.getByLabel('電話番号').fill('090-5555-6666');
    await page.getByLabel('生年月日').fill('1990-05-20');
    await page.getByLabel('職業').fill('会社員');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '受付する' }).click();
    const number = (await page.getByTestId('reception-number').textContent())!.trim();
    expect(number).toMatch(/^S001-01-\d{8}-\d{4}$/);
    await page.getByRole('img', { name: `受付番号 ${number} のバーコード` }).waitFor();

    // Appraisal: two items.
    await page.getByRole('button', { name: '査定へ進む' }).click();
    const addItem = async (category: string, name: string, price: string) => {
      await page.getByLabel('分類').first().click();
      await page.getByRole('option', { name: category }).click();
      await page.getByLabel('商品名').first().fill(name);
      await page.getByLabel('単価').first().fill(price);
      await page.getByRole('button', { name: '追加', exact: true }).click();
      await page.getByTestId('items-table').getByText(name).waitFor();
    };
    await addItem('腕時計', 'クロノグラフ腕時計', '25000');
    await addItem('バッグ', 'トートバッグ', '8000');
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('33,000');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '査定完了' }).click();
    await expect.poll(() => page.getByTestId('reception-status').textContent()).toBe('査定完了');

    // Settlement, opened by typing the reception number (S-04).
    await page.getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(number);
    await page.keyboard.press('Enter');
    await page.getByTestId('settlement-number').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '精算確認' }).click();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    // B-01: ¥33,000 needs identity verification — an ID document, its last 4 digits and its photo.
    await page.getByTestId('verification').waitFor();
    await page.getByRole('button', { name: 'カメラを起動' }).waitFor();
    await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
    await page.getByLabel('身分証明書の種類').selectOption('drivers_licence');
    await page.getByLabel('有効期限', { exact: true }).fill('2031-03-31');
    await page.getByLabel('証明書番号の下4桁').fill('1234');
    await page.getByRole('button', { name: 'カメラを起動' }).click();
    await expect.poll(() => page.locator('video').evaluate((video) => (video as unknown as { videoWidth: number }).videoWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '撮影' }).click();
    // I-01: the mask editor comes between capture and use; nothing to black out on a licence.
    await page.getByRole('button', { name: 'この画像を使う' }).click();
    await page.getByTestId('id-photo-thumb').waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '現金' }).check({ force: true });
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();

    // The database agrees with the screen.
    const reception = core.db.prepare('SELECT id, status FROM receptions WHERE number = ?').get(number) as { id: string; status: string };
    expect(reception.status).toBe('settled');
    const stock = core.db
      .prepare(
        `SELECT si.name, si.price, si.ec_published FROM stock_items si JOIN reception_items ri ON ri.id = si.reception_item_id
          WHERE ri.reception_id = ? ORDER BY ri.position`,
      )
      .all(reception.id);
    expect(stock).toEqual([
      { name: 'クロノグラフ腕時計', price: 25000, ec_published: 0 },
      { name: 'トートバッグ', price: 8000, ec_published: 0 },
    ]);
    const settlement = core.db.prepare('SELECT total_amount, payment_method, print_method FROM settlements WHERE reception_id = ?').get(reception.id);
    expect(settlement).toEqual({ total_amount: 33000, payment_method: 'cash', print_method: 'none' });
    const outbox = core.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'settlement' AND payload LIKE ?`).get(`%${number}%`) as { n: number };
    expect(outbox.n).toBe(1);
  });
});
