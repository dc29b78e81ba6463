import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

describe('reception, appraisal and the reception list through the real UI', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await startKiosk();
    await kiosk.page.getByLabel('端末ID').waitFor();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('P-01 P-06 registers a new member from reception and takes a reception for them', async () => {
    const { page, core } = kiosk;
    await page.getByRole('button', { name: '新規会員登録' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('氏名').fill('中村 優子');
    await dialog.getByLabel('フリガナ').fill('ナカムラ ユウコ');
    await dialog.getByLabel('住所').fill('東京都港区芝公園4-2-8');
    await dialog.getByLabel('電話番号').fill('03-3433-5111');
    await dialog.getByLabel('生年月日').fill('2030-01-01');
    await dialog.getByLabel('職業').fill('公務員');
    await dialog.getByRole('button', { name: '登録する' }).click();
    await dialog.getByText('生年月日に未来の日付は指定できません').waitFor();
    expect((core.db.prepare(`SELECT COUNT(*) AS n FROM customers WHERE name = '中村 優子'`).get() as { n: number }).n).toBe(0);
    await dialog.getByLabel('生年月日').fill('1988-03-03');
    await dialog.getByRole('button', { name: '登録する' }).click();
    await page.getByTestId('selected-member').getByText('中村 優子').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '受付する' }).click();
    const number = (await page.getByTestId('reception-number').textContent())!.trim();
    const row = core.db
      .prepare('SELECT r.status, c.member_number FROM receptions r JOIN customers c ON c.id = r.customer_id WHERE r.number = ?')
      .get(number) as { status: string; member_number: string };
    expect(row.status).toBe('received');
    expect(row.member_number).toMatch(/^M-S001-01-\d{6}$/);
  });

  it('P-01 P-02 takes a walk-in, refuses bad input, appraises with an adjustment and finds it in the list', async () => {
    const { page, core } = kiosk;
    await page.getByRole('button', { name: '買取受付', exact: true }).click();
    await page.getByText('非会員（来店客）').click();
    await page.getByLabel('氏名').fill('小林 翔');
    await page.getByLabel('フリガナ').fill('こばやし しょう');
    await page.getByLabel('住所').fill('神奈川県横浜市中区1-1');
    await page.getByLabel('電話番号').fill('12-34');
    await page.getByLabel('生年月日').fill('1995-07-07');
    await page.getByLabel('職業').fill('学生');
    await page.getByRole('button', { name: '受付する' }).click();
    await page.getByText('電話番号の形式が正しくありません（例: 090-1234-5678）').waitFor();
    await page.getByLabel('電話番号').fill('045-123-4567');
    await page.getByRole('button', { name: '受付する' }).click();
    const number = (await page.getByTestId('reception-number').textContent())!.trim();
    await page.getByRole('button', { name: '査定へ進む' }).click();

    await page.getByLabel('分類').first().click();
    await page.getByRole('option', { name: 'スマートフォン' }).click();
    await page.getByLabel('商品名').first().fill('スマートフォン 128GB');
    await page.getByLabel('単価').first().fill('-500');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByText('単価は0円以上です').waitFor();
    await page.getByLabel('単価').first().fill('30000');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByTestId('items-table').getByText('スマートフォン 128GB').waitFor();
    await page.getByLabel('調整金額（円）').fill('-2000');
    await page.getByLabel('調整理由').fill('画面に傷');
    await page.getByRole('button', { name: '調整を保存' }).click();
    await expect.poll(() => page.getByTestId('total').textContent()).toContain('28,000');
    await page.getByRole('button', { name: '査定完了' }).click();
    await expect.poll(() => page.getByTestId('reception-status').textContent()).toBe('査定完了');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '買取受付一覧' }).click();
    await page.getByLabel(/^キーワード/).fill('小林');
    await page.getByRole('button', { name: '検索' }).click();
    const row = page.locator(`tr[data-number="${number}"]`);
    await row.waitFor();
    await expect.poll(() => page.getByTestId('reception-list').locator('tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain('￥28,000');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const db = core.db.prepare('SELECT status, adjustment_amount, adjustment_reason, items_total FROM receptions WHERE number = ?').get(number);
    expect(db).toEqual({ status: 'appraised', adjustment_amount: -2000, adjustment_reason: '画面に傷', items_total: 30000 });
  });

  it('P-03 deletes a reception after confirmation; settled and cancelled ones offer no delete', async () => {
    const { page, core } = kiosk;
    await page.getByLabel(/^キーワード/).fill('田中');
    await page.getByRole('button', { name: '検索' }).click();
    const target = core.db.prepare(`SELECT id, number FROM receptions WHERE seller_name = '田中 太郎'`).get() as { id: string; number: string };
    await page.locator(`tr[data-number="${target.number}"]`).waitFor();
    await page.getByRole('button', { name: `${target.number} を削除` }).click();
    await page.getByRole('dialog').getByRole('button', { name: '削除' }).click();
    await expect.poll(() => page.locator(`tr[data-number="${target.number}"]`).count()).toBe(0);
    expect(core.db.prepare('SELECT 1 FROM receptions WHERE id = ?').get(target.id)).toBeUndefined();
    expect(core.db.prepare(`SELECT action FROM audit_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 1`).get(target.id)).toEqual({ action: 'reception.delete' });

    await page.getByLabel(/^キーワード/).fill('');
    await page.getByRole('button', { name: '検索' }).click();
    for (const status of ['settled', 'cancelled']) {
      const { number } = core.db.prepare('SELECT number FROM receptions WHERE status = ? LIMIT 1').get(status) as { number: string };
      const row = page.locator(`tr[data-number="${number}"]`);
      await row.waitFor();
      expect(await row.getByRole('button', { name: `${number} を削除` }).count()).toBe(0);
    }
  });
});
