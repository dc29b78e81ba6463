import { CASH } from '../../common/till.ts';
import { cashFromSafeAt } from '../support/core.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reception } from '../../preload/types.ts';
import { addItemForm, openAppraisal, pageActor, scanInPage, walkInSeller } from './counter-fixtures.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

// Real product codes: a JAN-13 (game console), a UPC-A (imported lens), and their misreads.
const SWITCH = '4902370548495';
const SWITCH_MISREAD = '4902370548496';
const LENS_UPC = '036000291452';

async function newReception(kiosk: Kiosk): Promise<Reception> {
  return kiosk.core.services.receptions.create(await pageActor(kiosk), { kind: 'walkIn', seller: walkInSeller, note: '' });
}

const PS5 = '4948872415903';

/** The catalog learns an entry the way it does at the counter: an item appraised under the code is settled. */
async function settledUnderCode(
  kiosk: Kiosk,
  code: string,
  item: { name?: string; grade?: 'S' | 'A' | 'B' | 'C' | 'D' | 'J'; unitPrice?: number; categoryId?: string } = {},
): Promise<void> {
  const who = await pageActor(kiosk);
  const { receptions, settlement } = kiosk.core.services;
  const r = receptions.create(who, { kind: 'walkIn', seller: walkInSeller, note: '' });
  receptions.addItem(who, r.id, {
    categoryId: item.categoryId ?? 'game-console',
    name: item.name ?? 'プレイステーション5 デジタル・エディション',
    maker: 'ソニー・インタラクティブエンタテインメント',
    model: 'CFI-2000B01',
    serial: '',
    colour: '',
    features: '',
    grade: 'B',
    quantity: 1,
    unitPrice: 9_800,
    productCode: code,
    ...item,
  });
  const done = receptions.complete(who, r.id);
  // Paid in cash, as most buybacks are: what the till lacks comes from the safe first (M-06).
  cashFromSafeAt(kiosk.core, who, done.totals.total);
  await settlement.execute(who, {
    receptionId: done.id,
    version: done.version,
    settlementId: crypto.randomUUID(),
    cancelledItemIds: [],
    ecPublishItemIds: [],
    agreedTermsVersion: 1,
    paymentMethod: CASH,
    printMethod: 'none',
    points: null,
  });
}

describe('A-01 a product barcode scanned at appraisal fills the item from the catalog', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await startKiosk();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('A-01 unknown JAN → form with the code → settled → the next scan of that JAN finds it, prefilled', async () => {
    const { page, core } = kiosk;
    const first = await newReception(kiosk);
    await openAppraisal(page, first.number);
    // The focus on the page (a heading), as after any click: the scan still lands.
    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, SWITCH);
    await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toContain(`カタログにない商品です（${SWITCH}）`);
    const form = addItemForm(page);
    expect(await form.getByLabel('商品コード（JAN）').inputValue()).toBe(SWITCH);
    expect(await form.getByLabel('商品名').inputValue()).toBe('');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await form.getByLabel('分類').click();
    await page.getByRole('option', { name: 'ゲーム機本体' }).click();
    await form.getByLabel('商品名').fill('ニンテンドースイッチ 有機ELモデル');
    await form.getByLabel('メーカー').fill('任天堂');
    await form.getByLabel('型番').fill('HEG-S-KAAAA');
    await form.getByLabel('色').fill('ホワイト');
    await form.getByLabel('単価').fill('9000');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByTestId('items-table').getByText('ニンテンドースイッチ 有機ELモデル').waitFor();
    // Not settled yet: the catalog does not know it.
    expect(core.db.prepare('SELECT COUNT(*) AS n FROM catalog_items WHERE code = ?').get(SWITCH)).toEqual({ n: 0 });

    await page.getByRole('button', { name: '査定完了' }).click();
    await expect.poll(() => page.getByTestId('reception-status').textContent()).toBe('査定完了');
    await page.getByRole('button', { name: '精算', exact: true }).click();
    await expect.poll(() => page.getByTestId('settlement-number').textContent()).toBe(first.number);
    await page.getByRole('button', { name: '精算確認' }).click();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();

    const second = await newReception(kiosk);
    await openAppraisal(page, second.number);
    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, SWITCH);
    await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toContain('カタログの商品を入力しました: ニンテンドースイッチ 有機ELモデル');
    const next = addItemForm(page);
    expect(await next.getByLabel('商品名').inputValue()).toBe('ニンテンドースイッチ 有機ELモデル');
    expect(await next.getByLabel('メーカー').inputValue()).toBe('任天堂');
    expect(await next.getByLabel('型番').inputValue()).toBe('HEG-S-KAAAA');
    expect(await next.getByLabel('色').inputValue()).toBe('ホワイト');
    expect(await next.getByLabel('分類').inputValue()).toBe('ゲーム機本体');
    expect(await next.getByLabel('商品コード（JAN）').inputValue()).toBe(SWITCH);
    // The grade and the price are the clerk's: nothing is priced by the catalog.
    expect(await next.getByLabel('単価').inputValue()).toBe('');
    await next.getByLabel('単価').fill('8500');
    await next.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByTestId('items-table').getByText('ニンテンドースイッチ 有機ELモデル').waitFor();
    const stored = core.db.prepare('SELECT product_code, unit_price FROM reception_items WHERE reception_id = ?').get(second.id);
    expect(stored).toEqual({ product_code: SWITCH, unit_price: 8500 });
  });

  it('A-01 a misread, one of our own stock labels and a reception number are refused and leave the form as it was', async () => {
    const { page } = kiosk;
    const r = await newReception(kiosk);
    await openAppraisal(page, r.number);
    const form = addItemForm(page);
    await form.getByLabel('商品名').fill('手で入力中の商品 😀');
    await page.getByRole('heading', { name: '買取査定' }).click();

    await scanInPage(page, SWITCH_MISREAD);
    await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toContain('チェックデジット不一致');
    expect(await form.getByLabel('商品名').inputValue()).toBe('手で入力中の商品 😀');
    expect(await form.getByLabel('商品コード（JAN）').inputValue()).toBe('');

    // A stock label this counter printed for an item of an earlier buyback (its in-store JAN, prefix 20).
    const labelled = kiosk.core.db.prepare(`SELECT stock_code, jan_code, name FROM reception_items WHERE jan_code IS NOT NULL ORDER BY created_at LIMIT 1`).get() as {
      stock_code: string;
      jan_code: string;
      name: string;
    };
    await scanInPage(page, labelled.jan_code);
    await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toContain(`これは当店の在庫ラベルです（${labelled.stock_code} ${labelled.name}）`);
    expect(await form.getByLabel('商品名').inputValue()).toBe('手で入力中の商品 😀');

    await scanInPage(page, r.number);
    await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toContain(`商品のバーコードではありません（${r.number}）`);

    // Typed by hand with a wrong check digit: the item is refused with the field's message, nothing is added.
    await form.getByLabel('商品コード（JAN）').fill(SWITCH_MISREAD);
    await form.getByLabel('分類').click();
    await page.getByRole('option', { name: 'ゲーム機本体' }).click();
    await form.getByLabel('単価').fill('1000');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await form.getByText('JAN/EAN/UPCコードではありません（チェックデジットを確認してください）').waitFor();
    expect(kiosk.core.services.receptions.get(r.id).items).toHaveLength(0);
  });

  it('A-01 a scan while the catalog search is open changes nothing behind it; a pick from the search fills the form', async () => {
    const { page } = kiosk;
    const r = await newReception(kiosk);
    await settledUnderCode(kiosk, PS5);
    await openAppraisal(page, r.number);
    await page.getByRole('button', { name: 'カタログ検索' }).click();
    const dialog = page.getByRole('dialog', { name: 'カタログ検索' });
    await dialog.getByRole('button', { name: '検索', exact: true }).focus();
    await scanInPage(page, LENS_UPC);
    // The scanner ignores a scan while a dialog is open; the form behind it stays empty.
    await dialog.getByLabel('商品名・メーカー・型番').fill('ぷれいすてーしょん');
    await dialog.getByRole('button', { name: '検索', exact: true }).click();
    const pick = dialog.getByRole('button', { name: 'プレイステーション5 デジタル・エディション で入力' });
    await pick.waitFor();
    // Had the scan been taken, the form behind would say so: "not in the catalog (0036000291452)".
    expect(await page.getByTestId('catalog-notice').count()).toBe(0);
    expect(await page.locator('form[aria-label="追加"]').getByLabel('商品コード（JAN）', { exact: true }).inputValue()).toBe('');
    await pick.click();
    await dialog.waitFor({ state: 'detached' });
    const form = addItemForm(page);
    await expect.poll(() => form.getByLabel('商品名').inputValue()).toBe('プレイステーション5 デジタル・エディション');
    expect(await form.getByLabel('商品コード（JAN）').inputValue()).toBe(PS5);
  });

  it('A-01 reload mid-appraisal: what was added stays with its code, and the next scan works at once', async () => {
    const { page } = kiosk;
    const r = await newReception(kiosk);
    await openAppraisal(page, r.number);
    await settledUnderCode(kiosk, PS5);
    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, PS5);
    await expect.poll(() => addItemForm(page).getByLabel('商品名').inputValue()).toBe('プレイステーション5 デジタル・エディション');
    await addItemForm(page).getByLabel('単価').fill('7000');
    await addItemForm(page).getByRole('button', { name: '追加', exact: true }).click();
    await page.getByTestId('items-table').getByText(PS5, { exact: false }).waitFor();

    await page.reload();
    await openAppraisal(page, r.number);
    await page.getByTestId('items-table').getByText(PS5, { exact: false }).waitFor();
    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, LENS_UPC);
    await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toContain('カタログにない商品です（0036000291452）');
  });
});

describe('A-02 price hints beside the unit price, from the shop’s own settled prices', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await startKiosk();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  // A Pokémon card box (JAN) bought five times at grade A, twice at grade S; a figure (another JAN) bought once.
  const CARD_BOX = '4521329312347';
  const FIGURE = '4901335800166';

  it('A-02 a scanned product shows the median, range and last prices of its grade; the price stays the clerk’s', async () => {
    const { page, core } = kiosk;
    for (const unitPrice of [4000, 5200, 4800, 6100, 5000]) await settledUnderCode(kiosk, CARD_BOX, { name: 'ポケモンカード 拡張パック BOX', categoryId: 'hobby-card', grade: 'A', unitPrice });
    for (const unitPrice of [7000, 7500]) await settledUnderCode(kiosk, CARD_BOX, { name: 'ポケモンカード 拡張パック BOX', categoryId: 'hobby-card', grade: 'S', unitPrice });
    const r = await newReception(kiosk);
    await openAppraisal(page, r.number);
    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, CARD_BOX);
    const form = addItemForm(page);
    await expect.poll(() => form.getByLabel('商品名').inputValue()).toBe('ポケモンカード 拡張パック BOX');
    // The catalog entry came with grade B by default; the clerk grades it A.
    await form.getByLabel('ランク').click();
    await page.getByRole('option', { name: /^A/ }).click();
    const hint = form.getByTestId('price-hint');
    await expect.poll(() => hint.textContent()).toContain('この商品・ランクAの買取実績 5件');
    expect(await form.getByTestId('price-hint-median').textContent()).toBe('中央値 ￥5,000');
    expect(await hint.textContent()).toContain('範囲 ￥4,000 〜 ￥6,100');
    // The last five, newest first, dated in Tokyo.
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '/');
    expect(await form.getByTestId('price-hint-recent').textContent()).toBe(`直近: ${[5000, 6100, 4800, 5200, 4000].map((p) => `${today} ￥${p.toLocaleString('en-US')}`).join('、')}`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Never filled in: the price is empty until the clerk types one.
    expect(await form.getByLabel('単価').inputValue()).toBe('');
    // Grade S has only two prices for this product: the category and grade answer instead (two as well) → nothing.
    await form.getByLabel('ランク').click();
    await page.getByRole('option', { name: /^S/ }).click();
    await expect.poll(() => hint.count()).toBe(0);
    await form.getByLabel('ランク').click();
    await page.getByRole('option', { name: /^A/ }).click();
    await hint.waitFor();
    await form.getByLabel('単価').fill('5500');
    await form.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByTestId('items-table').getByText('ポケモンカード 拡張パック BOX').waitFor();
    expect(core.db.prepare('SELECT unit_price, grade FROM reception_items WHERE reception_id = ?').get(r.id)).toEqual({ unit_price: 5500, grade: 'A' });
  });

  it('A-02 fewer than three settled prices show nothing', async () => {
    const { page } = kiosk;
    await settledUnderCode(kiosk, FIGURE, { name: 'ちいかわ フィギュア 🐹', categoryId: 'hobby-figure', grade: 'B', unitPrice: 1200 });
    const r = await newReception(kiosk);
    await openAppraisal(page, r.number);
    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, FIGURE);
    const form = addItemForm(page);
    await expect.poll(() => form.getByLabel('商品名').inputValue()).toBe('ちいかわ フィギュア 🐹');
    // Asked and answered (the form shows its category), and still no hint.
    await expect.poll(() => form.getByLabel('分類').inputValue()).toBe('フィギュア');
    await form.getByLabel('単価').fill('1000');
    expect(await form.getByTestId('price-hint').count()).toBe(0);
  });
});
