// Data for counter tests, prepared through the same services the screens use, in the kiosk's real formats: reception
// numbers and stock codes the kiosk itself issues, hiragana and katakana, characters outside CP932, amounts up to
// the contract's MAX_YEN.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Actor } from '../../main/services/accounts.ts';
import type { ItemFields, Reception } from '../../preload/types.ts';
import type { Kiosk } from './harness.ts';
import { cashFromSafeAt } from '../support/core.ts';

export const walkInSeller = {
  name: '𠮷野 はるか',
  nameKana: 'よしの ハルカ',
  postalCode: '150-0001',
  address: '東京都渋谷区神宮前1-1-1 メゾン🌸301',
  phone: '090-5555-6666',
  birthDate: '1990-05-20',
  occupation: '会社員',
};

/** Small amounts in categories that need no identity check. */
export const smallItems: Omit<ItemFields, 'maker' | 'model' | 'serial' | 'colour' | 'features'>[] = [
  { categoryId: 'cloth-men', name: 'デニムジャケット', grade: 'B', quantity: 1, unitPrice: 3000 },
  { categoryId: 'brand-wallet', name: 'がま口財布', grade: 'A', quantity: 1, unitPrice: 4000 },
];

/** The staff member signed in on this page, to prepare data as them. */
export async function pageActor(kiosk: Kiosk, page: Page = kiosk.page): Promise<Actor> {
  const clientId = (await page.evaluate(`sessionStorage.getItem('kiosk.clientId')`)) as string;
  return kiosk.core.services.accounts.requireActor(`host-${clientId}`);
}

/** A reception taken in and appraised (appraisal complete), ready to settle. */
export async function appraisedReception(
  kiosk: Kiosk,
  options: { items?: Partial<ItemFields>[]; member?: boolean; page?: Page } = {},
): Promise<Reception> {
  const who = await pageActor(kiosk, options.page);
  const { receptions, customers } = kiosk.core.services;
  const r = options.member
    ? receptions.create(who, { kind: 'member', customerId: customers.search('M0000002')[0]!.id, note: '' })
    : receptions.create(who, { kind: 'walkIn', seller: walkInSeller, note: '' });
  for (const item of options.items ?? smallItems) {
    receptions.addItem(who, r.id, {
      categoryId: 'cloth-men',
      name: '品物',
      grade: 'B',
      quantity: 1,
      unitPrice: 1000,
      maker: '',
      model: '',
      serial: '',
      colour: '',
      features: '',
      ...item,
    });
  }
  return receptions.complete(who, r.id);
}

/** Opens a reception on 買取精算 and starts its wizard, at the terms. */
export async function openWizard(page: Page, number: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: '買取精算' }).click();
  await page.getByTestId('reception-number-input').fill(number);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('settlement-number').textContent()).toBe(number);
  await page.getByRole('button', { name: '精算確認' }).click();
}

/** Opens a reception on 買取精算 and walks the wizard to its execute step: terms agreed, nothing to verify. */
export async function openWizardAtExecute(page: Page, number: string): Promise<void> {
  await openWizard(page, number);
  await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('button', { name: '次へ' }).click();
}

/** A barcode scanner: keys a few milliseconds apart, then Enter — typed into whatever has the focus. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 4 });
  await page.keyboard.press('Enter');
}

/**
 * M-06: what a shop does before paying out more cash than the till holds: brings the difference from the safe as a
 * pay-in (cashFromSafeAt in tests/support/core.ts, for e2e fixtures that hold the Kiosk). One pay-in holds at most MAX_YEN.
 */
export function cashFromSafe(kiosk: Kiosk, actor: Actor, amount: number): void {
  cashFromSafeAt(kiosk.core, actor, amount);
}

/**
 * M-08: a seller's account as a clerk types it on the execute step (hiragana holder, a full-width space, a short
 * number the bank prints padded).
 */
export const clerkTypedAccount = {
  bankCode: '0001',
  bankName: 'みずほ銀行',
  branchCode: '210',
  branchName: '渋谷支店',
  accountNumber: '123456',
  holderName: 'よしの　はるか',
};

/** M-08: types the seller's account into the execute step's form, as shown once 銀行振込 is chosen. */
export async function fillBankAccount(page: Page, account: Partial<typeof clerkTypedAccount> = clerkTypedAccount): Promise<void> {
  const form = page.getByTestId('bank-account');
  const labels: Record<keyof typeof clerkTypedAccount, string> = {
    bankCode: '金融機関コード（4桁）',
    bankName: '金融機関名',
    branchCode: '支店コード（3桁）',
    branchName: '支店名',
    accountNumber: '口座番号（7桁まで）',
    holderName: '口座名義（カナ）',
  };
  for (const [field, value] of Object.entries(account) as [keyof typeof clerkTypedAccount, string][]) {
    await form.getByLabel(labels[field], { exact: true }).fill(value);
  }
}

/**
 * A barcode scanner as the page receives it: keydown events a few milliseconds apart and Enter, dispatched in the page
 * to whatever has the focus. Unlike `scan` (one CDP round trip per key), the timing is the page's own, so a loaded test
 * machine cannot stretch a scan into "typed by hand". Only for a focus outside text fields (scripted key events type
 * no text into an input).
 */
export async function scanInPage(page: Page, code: string): Promise<void> {
  // A string script: the tests' TypeScript has no DOM types (the page does).
  await page.evaluate(`(async () => {
    const target = document.activeElement ?? document.body;
    for (const key of [...${JSON.stringify(code)}, 'Enter']) {
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  })()`);
}

/** Opens a reception on 買取査定 by its number, as the clerk types or scans it. */
export async function openAppraisal(page: Page, number: string): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: '買取査定' }).click();
  await page.getByTestId('reception-number-input').fill(number);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('appraisal-number').textContent()).toBe(number);
}

/** The appraisal screen's add-item form. */
export const addItemForm = (page: Page) => page.getByRole('form', { name: '追加' });
