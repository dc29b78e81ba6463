// V-01, V-02, V-03 through the real UI: two Chromium pages on the browser host, the clerk's (its token) and the
// customer's (the customer URL with its own token), against the real core on real SQLite.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch.ts';
import type { Result } from '../../preload/types.ts';
import { type Kiosk, openCustomerScreen, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

// A walk-in seller whose name the customer's screen must never show (it holds 𠮷 and an emoji: outside CP932).
const SELLER = { name: '𠮷野 はるか🌸', kana: 'よしの ハルカ', address: '東京都世田谷区北沢2-10-15 コーポ下北沢203', phone: '080-1234-5678', birthDate: '1991-04-01' };
// Small amounts in categories that need no identity check: this file is about the customer's screen.
const WALLET = { category: '財布・小物', name: '長財布 👛 ルイ・ヴィトン モノグラム', unitPrice: '4000' };
const SHIRT = { category: 'メンズ', name: 'ボタンダウンシャツ', quantity: '2', unitPrice: '1000' };

describe('V-01 V-02 the customer screen across the counter', () => {
  let kiosk: Kiosk;
  let customer: Page;
  const screen = () => customer.getByTestId('customer-screen').getAttribute('data-screen');

  beforeAll(async () => {
    kiosk = await startKiosk({ customerThanksMs: 3_000 });
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });
  afterEach(async () => {
    await customer?.context().close();
  });

  /** The clerk takes in a walk-in seller through the reception form and goes on to appraise. */
  async function receiveWalkIn(page: Page): Promise<string> {
    await page.getByRole('button', { name: '買取受付', exact: true }).click();
    await page.getByText('非会員（来店客）').click();
    await page.getByLabel('氏名').fill(SELLER.name);
    await page.getByLabel('フリガナ').fill(SELLER.kana);
    await page.getByLabel('住所').fill(SELLER.address);
    await page.getByLabel('電話番号').fill(SELLER.phone);
    await page.getByLabel('生年月日').fill(SELLER.birthDate);
    await page.getByLabel('職業').fill('会社員');
    await page.getByRole('button', { name: '受付する' }).click();
    const receptionNumber = (await page.getByTestId('reception-number').textContent())!.trim();
    await page.getByRole('button', { name: '査定へ進む' }).click();
    await page.getByTestId('reception-status').waitFor();
    return kiosk.core.db.prepare('SELECT id FROM receptions WHERE number = ?').pluck().get(receptionNumber) as string;
  }

  async function addItem(page: Page, item: { category: string; name: string; quantity?: string; unitPrice: string }) {
    await page.getByLabel('分類').first().click();
    await page.getByRole('option', { name: item.category, exact: true }).click();
    await page.getByLabel('商品名').first().fill(item.name);
    if (item.quantity) await page.getByLabel('数量').first().fill(item.quantity);
    await page.getByLabel('単価').first().fill(item.unitPrice);
    await page.getByRole('button', { name: '追加', exact: true }).click();
  }

  /** An appraised walk-in, then the settlement screen and its wizard opened by the clerk. */
  async function toWizard(page: Page): Promise<string> {
    const id = await receiveWalkIn(page);
    await addItem(page, WALLET);
    await addItem(page, SHIRT);
    await page.getByRole('button', { name: '査定完了' }).click();
    await expect.poll(() => page.getByTestId('reception-status').textContent()).toBe('査定完了');
    await page.getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(number(id));
    await page.keyboard.press('Enter');
    await page.getByTestId('settlement-number').waitFor();
    await page.getByRole('button', { name: '精算確認' }).click();
    return id;
  }

  const number = (id: string) => kiosk.core.db.prepare('SELECT number FROM receptions WHERE id = ?').pluck().get(id) as string;

  /** The customer agrees on their screen; the clerk goes on to the signature, which the customer's screen then asks for. */
  async function agreedOnCustomerScreen(page: Page): Promise<void> {
    await customer.getByRole('button', { name: '上記に同意する' }).click();
    await expect.poll(() => page.getByTestId('customer-answer').textContent()).toMatch(/第\d+版に同意/);
    await page.getByRole('button', { name: '次へ' }).click();
    await expect.poll(screen).toBe('signature');
  }

  /** Where the settled transaction's agreement and signature were given, and the signature image stored. */
  function storedConfirmation(receptionId: string): { where: unknown; signature: string | null } {
    const { db, services } = kiosk.core;
    const settlementId = db.prepare('SELECT id FROM settlements WHERE reception_id = ?').pluck().get(receptionId) as string;
    const imageId = db.prepare(`SELECT id FROM settlement_images WHERE settlement_id = ? AND kind = 'signature'`).pluck().get(settlementId) as string | undefined;
    return {
      where: db.prepare('SELECT terms_agreed_on, signed_on FROM settlement_confirmations WHERE settlement_id = ?').get(settlementId),
      signature: imageId ? services.settlement.settledImage(imageId) : null,
    };
  }

  /** What the page functions below use of the browser; the tests' tsconfig has no DOM types (they run in the page). */
type Browser = {
  sessionStorage: { getItem(key: string): string | null; length: number; key(index: number): string | null };
  localStorage: { length: number };
  document: { body: { textContent: string | null } };
  EventSource: new (url: string) => { addEventListener(type: string, listener: (message: { data: string }) => void): void };
  seenEvents?: string[];
};

/** Draws a stroke on a signature pad the way a finger would; returns the PNG the pad now holds. */
  async function draw(page: Page, wave: number): Promise<string> {
    const pad = page.getByTestId('signature-pad');
    const box = await pad.boundingBox();
    if (!box) throw new Error('signature pad not visible');
    await page.mouse.move(box.x + 60, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 24; i++) {
      await page.mouse.move(box.x + 60 + i * 30, box.y + box.height / 2 - Math.sin(i / wave) * 80, { steps: 2 });
    }
    await page.mouse.up();
    return pad.evaluate((canvas) => (canvas as unknown as { toDataURL(type: string): string }).toDataURL('image/png'));
  }

  /** Starts recording what an event stream opened with the customer's token receives, in the customer's page. */
  async function recordCustomerStream(page: Page): Promise<() => Promise<string[]>> {
    await page.evaluate(() => {
      const w = globalThis as unknown as Browser;
      const token = w.sessionStorage.getItem('kiosk.hostToken') ?? '';
      const seen: string[] = [];
      w.seenEvents = seen;
      const source = new w.EventSource(`/api/events?token=${encodeURIComponent(token)}&client=streamprobe01`);
      source.addEventListener('kiosk', (message) => seen.push((JSON.parse(message.data) as { event: string }).event));
    });
    return () => page.evaluate(() => [...((globalThis as unknown as Browser).seenEvents ?? [])]);
  }

  it('V-01 V-02 V-03 the customer watches the items appear, agrees and signs on their screen; the stored signature is the one drawn there', async () => {
    const { page, core } = kiosk;
    customer = await openCustomerScreen(kiosk);
    const seenByCustomer = await recordCustomerStream(customer);
    await expect.poll(screen).toBe('welcome');
    await customer.getByRole('heading', { name: 'いらっしゃいませ' }).waitFor();

    // Appraisal: each item appears on the customer's screen as the clerk adds it, with the running total.
    const id = await receiveWalkIn(page);
    await expect.poll(screen).toBe('items');
    await customer.getByRole('heading', { name: '査定中のお品物' }).waitFor();
    await addItem(page, WALLET);
    await expect.poll(() => customer.getByTestId('customer-items').textContent()).toContain(WALLET.name);
    await expect.poll(() => customer.getByTestId('customer-total').textContent()).toContain('4,000');
    await addItem(page, SHIRT);
    await expect.poll(() => customer.getByTestId('customer-total').textContent()).toContain('6,000');
    expect(await seriousA11yViolations(customer)).toEqual([]);
    // The customer may read it in English; the amounts stay.
    await customer.getByRole('button', { name: 'English' }).click();
    await customer.getByRole('heading', { name: 'Items being appraised' }).waitFor();
    expect(await customer.getByTestId('customer-total').textContent()).toContain('6,000');

    await page.getByRole('button', { name: '査定完了' }).click();
    await expect.poll(() => page.getByTestId('reception-status').textContent()).toBe('査定完了');
    await page.getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(number(id));
    await page.keyboard.press('Enter');
    await page.getByTestId('settlement-number').waitFor();
    await customer.getByRole('heading', { name: 'Your buyback' }).waitFor();
    await page.getByRole('button', { name: '精算確認' }).click();

    // Terms on the customer's screen; the clerk's wizard waits and cannot go on.
    await page.getByText('お客様画面で同意を待っています').waitFor();
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
    await expect.poll(screen).toBe('terms');
    expect(await customer.getByTestId('customer-terms-version').textContent()).toBe('Version 1');
    expect(await seriousA11yViolations(customer)).toEqual([]);
    await customer.getByRole('button', { name: 'I agree to the above' }).click();
    await expect.poll(() => page.getByTestId('customer-answer').textContent()).toMatch(/第1版に同意（\d\d:\d\d）/);
    await page.getByRole('button', { name: '次へ' }).click();

    // The signature on the customer's screen.
    await expect.poll(screen).toBe('signature');
    await page.getByText('お客様画面で署名を待っています').waitFor();
    const drawn = await draw(customer, 3);
    await customer.getByRole('button', { name: 'Confirm this signature' }).click();
    await expect.poll(() => page.getByTestId('customer-answer').textContent()).toMatch(/署名済み（\d\d:\d\d）/);
    await expect.poll(screen).toBe('items');

    // S-12 on the customer's screen: an item the seller takes back is shown as returned.
    await page.getByRole('button', { name: `${SHIRT.name} をキャンセル` }).click();
    await expect.poll(() => customer.locator('tr[data-cancelled]').count()).toBe(1);
    await expect.poll(() => customer.getByTestId('customer-total').textContent()).toContain('4,000');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();

    // Thank-you with the total, then the welcome again, in Japanese, with nothing of this customer left on the page.
    await expect.poll(screen).toBe('thanks');
    expect(await customer.getByTestId('customer-thanks-total').textContent()).toContain('4,000');
    await expect.poll(screen, { timeout: 15_000 }).toBe('welcome');
    await customer.getByRole('heading', { name: 'いらっしゃいませ' }).waitFor();
    const left = await customer.evaluate(() => {
      const w = globalThis as unknown as Browser;
      const session: string[] = [];
      for (let i = 0; i < w.sessionStorage.length; i++) session.push(w.sessionStorage.key(i)!);
      return { text: w.document.body.textContent ?? '', local: w.localStorage.length, session: session.sort() };
    });
    for (const gone of [WALLET.name, SHIRT.name, '4,000', SELLER.name, SELLER.address]) expect(left.text).not.toContain(gone);
    expect(left.local).toBe(0);
    expect(left.session).toEqual(['kiosk.clientId', 'kiosk.hostToken']);

    // What was stored: the customer's agreement and signature, the signature exactly as drawn on their screen.
    const settlementId = core.db.prepare('SELECT id FROM settlements WHERE reception_id = ?').pluck().get(id) as string;
    expect(core.db.prepare('SELECT terms_version, terms_agreed_on, signed_on FROM settlement_confirmations WHERE settlement_id = ?').get(settlementId)).toEqual({
      terms_version: 1,
      terms_agreed_on: 'customer',
      signed_on: 'customer',
    });
    const imageId = core.db.prepare(`SELECT id FROM settlement_images WHERE settlement_id = ? AND kind = 'signature'`).pluck().get(settlementId) as string;
    expect(core.services.settlement.settledImage(imageId)).toBe(drawn);

    // V-03: the customer's token opens nothing of the clerk's, and its stream carried only the customer's own view.
    const refused = await customer.evaluate(async () => {
      const token = (globalThis as unknown as Browser).sessionStorage.getItem('kiosk.hostToken') ?? '';
      const codes: Record<string, string> = {};
      for (const channel of ['settings:buyback', 'staff:list', 'reception:list', 'settlement:image', 'session:state']) {
        const response = await fetch(`/api/call/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-kiosk-client': 'customerprobe1' },
          body: '{}',
        });
        const result = (await response.json()) as { ok: boolean; error?: { code: string } };
        codes[channel] = result.ok ? 'ok' : result.error!.code;
      }
      return codes;
    });
    expect(Object.values(refused)).toEqual(Array(5).fill('WINDOW_FORBIDDEN'));
    const events = await seenByCustomer();
    expect(events.length).toBeGreaterThan(5);
    expect(new Set(events)).toEqual(new Set(['customer:view']));
  });

  it('V-02 the customer page reloaded mid-signature, and the clerk taking the step back', async () => {
    const { page, core } = kiosk;
    customer = await openCustomerScreen(kiosk);
    const id = await toWizard(page);
    await customer.getByRole('button', { name: '上記に同意する' }).click();
    await page.getByRole('button', { name: '次へ' }).click();
    await expect.poll(screen).toBe('signature');

    // Half a signature, then the page reloads: the request is still there, the pad blank; the clerk still waits.
    await draw(customer, 2);
    await customer.reload();
    await expect.poll(screen).toBe('signature');
    expect(await customer.getByRole('button', { name: 'この署名で確定する' }).isDisabled()).toBe(true);
    await page.getByText('お客様画面で署名を待っています').waitFor();

    // The clerk goes back a step: the customer's screen leaves the signature; an answer to it is refused.
    const staleAsk = (await core.services.customerDisplay.view()).askId!;
    await page.getByRole('button', { name: '戻る' }).click();
    await expect.poll(screen).toBe('items');
    const stale = (await customer.evaluate(async (askId) => {
      const token = (globalThis as unknown as Browser).sessionStorage.getItem('kiosk.hostToken') ?? '';
      const response = await fetch('/api/call/customer:sign', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ askId, dataUrl: 'data:image/png;base64,iVBORw0KGgo=' }),
      });
      return response.json();
    }, staleAsk)) as Result<unknown>;
    expect(!stale.ok && stale.error.code).toBe('CUSTOMER_ASK_WITHDRAWN');
    // Agreed already: the agreement step does not ask again.
    await page.getByTestId('customer-answer').waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await expect.poll(screen).toBe('signature');
    const drawn = await draw(customer, 5);
    await customer.getByRole('button', { name: 'この署名で確定する' }).click();
    await page.getByText(/署名済み/).waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    const imageId = core.db
      .prepare(`SELECT i.id FROM settlement_images i JOIN settlements s ON s.id = i.settlement_id WHERE s.reception_id = ? AND i.kind = 'signature'`)
      .pluck()
      .get(id) as string;
    expect(core.services.settlement.settledImage(imageId)).toBe(drawn);
  });

  it('S-09 V-02 terms changed by a manager while the customer reads them: the new version must be agreed to', async () => {
    const { page, core } = kiosk;
    customer = await openCustomerScreen(kiosk);
    const id = await toWizard(page);
    await expect.poll(screen).toBe('terms');
    const version = Number((await customer.getByTestId('customer-terms-version').textContent())!.replace(/\D/g, ''));

    // A manager at the back office saves new terms meanwhile.
    const manager = { clientId: 'host-back-office', window: 'clerk' } as const;
    await dispatch(core, 'session:staffSignIn', { code: '9001', pin: '9999' }, manager);
    const saved = (await dispatch(core, 'settings:saveTerms', { terms: { title: '買取同意事項（改定）', body: '第1条 お品物の所有者であることを確認します。\n第2条 改定しました。' } }, manager)) as Result<unknown>;
    expect(saved.ok).toBe(true);

    await customer.getByTestId('customer-terms-changed').waitFor();
    expect(await customer.getByTestId('customer-terms-version').textContent()).toBe(`第${version + 1}版`);
    expect(await customer.getByTestId('customer-terms-body').textContent()).toContain('改定しました');
    await customer.getByRole('button', { name: '上記に同意する' }).click();
    await expect.poll(() => page.getByTestId('customer-answer').textContent()).toContain(`第${version + 1}版に同意`);
    await page.getByRole('button', { name: '次へ' }).click();
    await draw(customer, 4);
    await customer.getByRole('button', { name: 'この署名で確定する' }).click();
    await page.getByText(/署名済み/).waitFor();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    expect(core.db.prepare('SELECT agreed_terms_version FROM settlements WHERE reception_id = ?').pluck().get(id)).toBe(version + 1);
  });

  it('V-02 the customer window closed mid-transaction: the clerk is told and finishes on their own screen', async () => {
    const { page, core } = kiosk;
    customer = await openCustomerScreen(kiosk);
    const id = await toWizard(page);
    await expect.poll(screen).toBe('terms');
    await page.getByText('お客様画面で同意を待っています').waitFor();
    await customer.close();
    await page.getByTestId('customer-display-gone').waitFor();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await draw(page, 3);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    const settlementId = core.db.prepare('SELECT id FROM settlements WHERE reception_id = ?').pluck().get(id) as string;
    expect(core.db.prepare('SELECT terms_agreed_on, signed_on FROM settlement_confirmations WHERE settlement_id = ?').get(settlementId)).toEqual({
      terms_agreed_on: 'clerk',
      signed_on: 'clerk',
    });
  });

  it('V-02 the clerk page reloaded while the customer signs: the wizard comes back still waiting, and the signature stored is the customer one', async () => {
    const { page } = kiosk;
    customer = await openCustomerScreen(kiosk);
    const id = await toWizard(page);
    await agreedOnCustomerScreen(page);
    await draw(customer, 2);

    // The clerk's page reloads (F5, a renderer crash): it comes back in this wizard, on the signature step, waiting.
    await page.reload();
    await page.getByRole('dialog', { name: `精算確認 ${number(id)}` }).waitFor();
    await page.getByText('お客様画面で署名を待っています').waitFor();
    expect(await page.getByTestId('customer-answer').count()).toBe(0);
    // The customer's screen still asks for the signature; what they drew is still on their pad.
    await expect.poll(screen).toBe('signature');
    expect(await customer.getByRole('button', { name: 'この署名で確定する' }).isDisabled()).toBe(false);
    const drawn = await draw(customer, 6);
    await customer.getByRole('button', { name: 'この署名で確定する' }).click();
    await expect.poll(() => page.getByTestId('customer-answer').textContent()).toMatch(/署名済み（\d\d:\d\d）/);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    expect(storedConfirmation(id)).toEqual({ where: { terms_agreed_on: 'customer', signed_on: 'customer' }, signature: drawn });
  });

  it('V-02 the customer window closed mid-signature: the clerk is told, the customer signs on the clerk screen, the agreement stays theirs', async () => {
    const { page } = kiosk;
    customer = await openCustomerScreen(kiosk);
    const id = await toWizard(page);
    await agreedOnCustomerScreen(page);
    await draw(customer, 2);
    // Closed (or the display unplugged, which closes the window) before the customer confirmed the signature.
    await customer.close();
    await page.getByTestId('customer-display-gone').waitFor();
    const drawn = await draw(page, 3);
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    expect(storedConfirmation(id)).toEqual({ where: { terms_agreed_on: 'customer', signed_on: 'clerk' }, signature: drawn });
  });

  it('V-01 V-02 the settings show the address to open; opened there it is the customer screen with its own token; the manager sets where the customer signs and the welcome', async () => {
    const { page } = kiosk;
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: 'お客様画面' }).click();
    await expect.poll(() => page.getByTestId('customer-display-connection').textContent()).toBe('お客様画面は接続されていません。同意と署名はこの画面で行います。');
    const address = (await page.getByTestId('customer-display-url').textContent())!.trim();
    expect(address).toBe(kiosk.host.customerUrl);
    // A clerk sees the choices but may not change them.
    expect(await page.getByRole('button', { name: '保存' }).isDisabled()).toBe(true);

    // IT opens the address shown in a browser window on the second display.
    const context = await kiosk.browser.newContext({ viewport: { width: 1280, height: 1024 }, locale: 'ja-JP' });
    customer = await context.newPage();
    await customer.goto(address);
    await expect.poll(screen).toBe('welcome');
    await expect.poll(() => page.getByTestId('customer-display-connection').textContent()).toBe('お客様画面: 接続中');
    const clerkToken = await page.evaluate(() => (globalThis as unknown as Browser).sessionStorage.getItem('kiosk.hostToken'));
    const customerToken = await customer.evaluate(() => (globalThis as unknown as Browser).sessionStorage.getItem('kiosk.hostToken'));
    expect(customerToken).toBeTruthy();
    expect(customerToken).not.toBe(clerkToken);

    // A manager makes the clerk's screen the default and writes the shop's own welcome (outside CP932 too).
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: 'お客様画面' }).click();
    await page.getByRole('radio', { name: 'この画面' }).check({ force: true });
    await page.getByLabel('歓迎メッセージ（日本語）').fill('ようこそ 𠮷田リサイクル 下北沢店へ🎁');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('customer-display-saved').waitFor();
    await customer.getByRole('heading', { name: 'ようこそ 𠮷田リサイクル 下北沢店へ🎁' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The next transaction: the terms are on the clerk's screen; the customer's screen only shows the items.
    await toWizard(page);
    await page.getByLabel('上記の買取同意事項に同意する').waitFor();
    await expect.poll(screen).toBe('items');
    // For this one customer the clerk moves the agreement to the customer's screen after all.
    await page.getByTestId('customer-placement').getByText('お客様画面').click();
    await expect.poll(screen).toBe('terms');
    await page.getByText('お客様画面で同意を待っています').waitFor();
    // and back: the customer's screen leaves the terms at once.
    await page.getByTestId('customer-placement').getByText('この画面').click();
    await expect.poll(screen).toBe('items');
    await page.getByLabel('上記の買取同意事項に同意する').waitFor();
  });
});
