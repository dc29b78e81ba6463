import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPrinterSettings, type PrinterSettings } from '../../common/printing.ts';
import { writeSetting } from '../../main/services/settings.ts';
import type { Reception } from '../../preload/types.ts';
import { type EscposEmulator, printersAt, startEscposEmulator } from '../support/escpos-emulator.ts';
import { appraisedReception, fillBankAccount, openWizardAtExecute } from './counter-fixtures.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

// Under ¥10,000 and in categories that need no identity check, so these tests are about the drawer.
const wallet = { categoryId: 'brand-wallet', name: '長財布（𠮷田さま）', grade: 'B' as const, quantity: 1, unitPrice: 4000 };
const shirt = { categoryId: 'cloth-men', name: 'シャツ👕 ｶﾀｶﾅ ひらがな', grade: 'C' as const, quantity: 2, unitPrice: 1000 };

describe('M-01 the cash drawer through the real UI (kicks decoded by the network printer emulator)', () => {
  let kiosk: Kiosk;
  let emulator: EscposEmulator;

  beforeAll(async () => {
    emulator = await startEscposEmulator();
    kiosk = await startKiosk();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
    await emulator?.close();
  });

  const networkPrinters = (change?: (s: PrinterSettings) => void): PrinterSettings => printersAt(emulator, change);
  const setPrinters = (settings: PrinterSettings) => writeSetting(kiosk.core.db, 'printers', settings, new Date().toISOString());

  const appraised = (items = [wallet, shirt]): Promise<Reception> => appraisedReception(kiosk, { items });

  async function reloadSignedIn(page: Page): Promise<void> {
    // Screens cache what they asked before; a settings change made behind their back shows after a reload.
    await page.reload();
    await page.getByTestId('staff-name').waitFor();
  }

  /** Opens the reception on 買取精算 and walks the wizard to execute with the given payment and print choice. */
  async function settle(page: Page, number: string, payment: '現金' | '銀行振込', print: 'レシート' | '印刷しない'): Promise<void> {
    await openWizardAtExecute(page, number);
    await page.getByRole('radio', { name: payment }).check({ force: true });
    if (payment === '銀行振込') await fillBankAccount(page);
    await page.getByRole('radio', { name: print }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
  }

  const drawerJobs = () => kiosk.core.services.printing.jobs().filter((job) => job.kind === 'drawer');
  const auditReasons = () =>
    (kiosk.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'drawer.opened' ORDER BY seq`).all() as { detail: string }[]).map(
      (row) => JSON.parse(row.detail).reason as string,
    );

  it('M-01 a cash buyback with 印刷しない opens the drawer once, pin 2 at 50 ms / 500 ms, and prints nothing', async () => {
    const { page } = kiosk;
    setPrinters(networkPrinters());
    await reloadSignedIn(page);
    const r = await appraised();
    await settle(page, r.number, '現金', '印刷しない');
    await page.getByTestId('drawer-kick-result').getByText('ドロアを開けました').waitFor();
    expect(await emulator.waitForDrawerKicks(1, 10_000)).toEqual([{ pin: 2, pulseOnMs: 50, pulseOffMs: 500 }]);
    expect(emulator.received()).toEqual([]);
    expect(emulator.unknownCommands()).toEqual([]);
    expect(await page.getByTestId('receipt-print-result').count()).toBe(0);
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
  });

  it('M-01 with the receipt printed, the kick comes with it: one kick, then the receipt paper', async () => {
    const { page } = kiosk;
    emulator.clear();
    const r = await appraised([shirt]);
    await settle(page, r.number, '現金', 'レシート');
    await page.getByTestId('drawer-kick-result').getByText('ドロアを開けました').waitFor();
    await page.getByTestId('receipt-print-result').getByText('レシートを印刷しました').waitFor();
    const [paper] = await emulator.waitForCut(1, 10_000);
    expect(paper!.text).toContain(r.number);
    expect(paper!.text).toContain('¥2,000');
    expect(emulator.drawerKicks()).toHaveLength(1);
    expect(emulator.unknownCommands()).toEqual([]);
  });

  it('M-01 a bank transfer prints its receipt and leaves the drawer shut', async () => {
    const { page } = kiosk;
    emulator.clear();
    const kicksBefore = drawerJobs().length;
    const r = await appraised([wallet]);
    await settle(page, r.number, '銀行振込', 'レシート');
    await page.getByTestId('receipt-print-result').getByText('レシートを印刷しました').waitFor();
    await emulator.waitForCut(1, 10_000);
    expect(emulator.drawerKicks()).toEqual([]);
    expect(await page.getByTestId('drawer-kick-result').count()).toBe(0);
    expect(drawerJobs()).toHaveLength(kicksBefore);
  });

  it('M-01 a printer that is down: the cash settlement shows 完了, the kick shows failed with Retry, and Retry opens the drawer once it is back', async () => {
    const { page } = kiosk;
    emulator.clear();
    await emulator.close();
    const r = await appraised([shirt]);
    await settle(page, r.number, '現金', '印刷しない');
    const status = kiosk.core.db.prepare('SELECT status FROM receptions WHERE id = ?').get(r.id) as { status: string };
    expect(status.status).toBe('settled');
    const result = page.locator('[data-testid="drawer-kick-result"][data-status="failed"]');
    await result.waitFor();
    expect(await result.getAttribute('data-error-code')).toBe('PRINTER_OFFLINE');
    expect(await result.textContent()).toContain('ドロアを開けられませんでした');
    expect(await page.getByTestId('settled').textContent()).toContain(r.number);
    await page.getByTestId('print-job-alerts').getByText('ドロアを開けられませんでした').waitFor();
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

    await emulator.restart();
    await result.getByRole('button', { name: '再試行' }).click();
    await page.getByTestId('drawer-kick-result').getByText('ドロアを開けました').waitFor();
    expect(await emulator.waitForDrawerKicks(1, 10_000)).toHaveLength(1);
    await expect.poll(() => page.getByTestId('print-job-alerts').count()).toBe(0);
  });

  it('M-01 a clerk has no open-drawer button; the manager sets pin 5 and 60 ms in 周辺機器設定 (a bad pulse is refused), and opens the drawer with a reason', async () => {
    const { page } = kiosk;
    emulator.clear();
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '周辺機器設定' }).click();
    await page.getByTestId('drawer-settings').waitFor();
    expect(await page.getByRole('button', { name: 'ドロアを開ける' }).count()).toBe(0);

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '周辺機器設定' }).click();
    const drawer = page.getByTestId('drawer-settings');
    await drawer.waitFor();
    await drawer.getByRole('radio', { name: 'ピン5' }).check({ force: true });
    await drawer.getByLabel('パルスのオン時間（ミリ秒）').fill('61');
    await page.getByRole('button', { name: '設定を保存' }).click();
    await drawer.getByText('パルス時間は 2〜510 ミリ秒の偶数で入力してください').waitFor();
    expect(kiosk.core.services.printing.settings().receipt.drawer).toEqual(defaultPrinterSettings.receipt.drawer);
    await drawer.getByLabel('パルスのオン時間（ミリ秒）').fill('60');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '設定を保存' }).click();
    await page.getByTestId('printer-settings-saved').waitFor();
    expect(kiosk.core.services.printing.settings().receipt.drawer).toEqual({ enabled: true, pin: 5, pulseOnMs: 60, pulseOffMs: 500 });

    await page.getByRole('button', { name: 'ドロアを開ける' }).click();
    const dialog = page.getByRole('dialog', { name: 'ドロアを開ける（売上なし）' });
    await dialog.getByRole('button', { name: 'ドロアを開ける' }).click();
    await dialog.getByText('必須項目です').waitFor();
    expect(emulator.drawerKicks()).toEqual([]);
    expect(auditReasons()).toEqual([]);
    await dialog.getByLabel('理由').fill('両替（一万円札を千円札へ）');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'ドロアを開ける' }).click();
    await dialog.getByTestId('drawer-open-result').getByText('ドロアを開けました').waitFor();
    expect(await emulator.waitForDrawerKicks(1, 10_000)).toEqual([{ pin: 5, pulseOnMs: 60, pulseOffMs: 500 }]);
    expect(auditReasons()).toEqual(['両替（一万円札を千円札へ）']);
    await dialog.getByRole('button', { name: '閉じる' }).last().click();
  });

  it('M-01 with the drawer switched OFF in 周辺機器設定, a cash buyback opens nothing', async () => {
    const { page } = kiosk;
    emulator.clear();
    const drawer = page.getByTestId('drawer-settings');
    await drawer.getByLabel('現金精算でドロアを開ける').uncheck({ force: true });
    await drawer.getByText('OFFの間は現金精算でもドロアは開きません。').waitFor();
    await page.getByRole('button', { name: '設定を保存' }).click();
    await page.getByTestId('printer-settings-saved').waitFor();
    expect(kiosk.core.services.printing.settings().receipt.drawer.enabled).toBe(false);
    const kicksBefore = drawerJobs().length;

    const r = await appraised([wallet]);
    await settle(page, r.number, '現金', 'レシート');
    await page.getByTestId('receipt-print-result').getByText('レシートを印刷しました').waitFor();
    await emulator.waitForCut(1, 10_000);
    expect(emulator.drawerKicks()).toEqual([]);
    expect(drawerJobs()).toHaveLength(kicksBefore);
    expect(await page.getByTestId('drawer-kick-result').count()).toBe(0);
  });
});
