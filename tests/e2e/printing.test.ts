import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewBarcodes } from '../../main/printing/preview.ts';
import { defaultPrinterSettings, type PrinterSettings } from '../../common/printing.ts';
import type { Actor } from '../../main/services/accounts.ts';
import { writeSetting } from '../../main/services/settings.ts';
import type { Reception } from '../../preload/types.ts';
import { type EscposEmulator, printersAt, startEscposEmulator } from '../support/escpos-emulator.ts';
import { scanPng } from '../support/escpos-zbar.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';
import { walkIn as seller } from '../support/core.ts';

// Under ¥10,000 and in categories that need no identity check, so these tests are about printing.
const wallet = { categoryId: 'brand-wallet', name: '長財布', grade: 'B' as const, quantity: 1, unitPrice: 4000 };
const shirt = { categoryId: 'cloth-men', name: 'シャツ', grade: 'C' as const, quantity: 2, unitPrice: 1000 };
const scarf = { categoryId: 'cloth-men', name: 'マフラー', grade: 'A' as const, quantity: 1, unitPrice: 1500 };

describe('printing through the real UI (S-07, S-16, S-18, P-01, B-07)', () => {
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
  /** Set as the main process stores it; the printing service reads it at each job. */
  const setPrinters = (settings: PrinterSettings) => writeSetting(kiosk.core.db, 'printers', settings, new Date().toISOString());

  /** The signed-in staff of the page, to prepare data through the same services the screens use. */
  async function actor(page: Page): Promise<Actor> {
    const clientId = (await page.evaluate(`sessionStorage.getItem('kiosk.clientId')`)) as string;
    return kiosk.core.services.accounts.requireActor(`host-${clientId}`);
  }

  async function appraised(items = [wallet, shirt, scarf]): Promise<Reception> {
    const who = await actor(kiosk.page);
    const { receptions } = kiosk.core.services;
    const r = receptions.create(who, { kind: 'walkIn', seller, note: '' });
    for (const item of items) receptions.addItem(who, r.id, { maker: '', model: '', serial: '', colour: '', features: '', ...item });
    return receptions.complete(who, r.id);
  }

  async function openSettlement(page: Page, number: string): Promise<void> {
    await page.getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(number);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('settlement-number').textContent()).toBe(number);
  }

  async function toExecuteStep(page: Page): Promise<void> {
    await page.getByRole('button', { name: '精算確認' }).click();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '現金' }).check({ force: true });
  }

  async function reloadSignedIn(page: Page): Promise<void> {
    // Screens cache what they asked before; a settings change made behind their back shows after a reload.
    await page.reload();
    await page.getByTestId('staff-name').waitFor();
  }

  let settled: Reception;

  it('S-07 P-07 label print of the selected items on the settlement screen reaches the printer as CODE128 stock codes', async () => {
    const { page } = kiosk;
    setPrinters(networkPrinters());
    settled = await appraised();
    await openSettlement(page, settled.number);
    const [first, , third] = settled.items;
    await page.getByLabel(`${first!.name} を選択`).check({ force: true });
    await page.getByLabel(`${third!.name} を選択`).check({ force: true });
    await page.getByRole('button', { name: 'ラベル印刷' }).click();
    await page.getByText('ラベルを 2 枚印刷しました').waitFor();
    const papers = await emulator.waitForCut(2, 10_000);
    expect(papers.map((p) => p.barcodes)).toEqual([
      [{ symbology: 'CODE128', data: first!.stockCode }],
      [{ symbology: 'CODE128', data: third!.stockCode }],
    ]);
    expect(papers[0]!.text).toContain('長財布');
    expect(papers[1]!.text).toContain('マフラー');
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
  });

  it('S-16 S-18 the receipt printed at execute reads right on the paper: shop, items and yen amounts', async () => {
    const { page } = kiosk;
    emulator.clear();
    await toExecuteStep(page);
    await page.getByRole('radio', { name: 'レシート' }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    await page.getByTestId('receipt-print-result').getByText('レシートを印刷しました').waitFor();
    const [paper] = await emulator.waitForCut(1, 10_000);
    const text = paper!.text;
    for (const expected of ['買取明細書', 'かいとり屋 渋谷店', settled.number, '長財布', 'シャツ', 'マフラー', '¥4,000', '¥2,000', '¥7,500', '現金', '木村 拓也']) {
      expect(text).toContain(expected);
    }
    expect(paper!.lines.find((l) => l.startsWith('買取合計'))).toMatch(/¥7,500$/);
    expect(paper!.barcodes).toEqual([{ symbology: 'CODE128', data: settled.number }]);
  });

  it('S-07 S-18 with the printers OFF, label print says so and sends nothing; the receipt choice is disabled with its reason', async () => {
    const { page } = kiosk;
    setPrinters(networkPrinters((s) => {
      s.receipt.enabled = false;
      s.label.enabled = false;
    }));
    emulator.clear();
    const connections = emulator.connectionCount();
    await reloadSignedIn(page);
    const r = await appraised([wallet]);
    await openSettlement(page, r.number);
    await page.getByLabel(`${wallet.name} を選択`).check({ force: true });
    await page.getByRole('button', { name: 'ラベル印刷' }).click();
    const alert = page.locator('[data-error-code="PRINTER_OFF"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('周辺機器設定 > ラベルプリンター');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(emulator.connectionCount()).toBe(connections);
    expect(emulator.received()).toEqual([]);
    expect(kiosk.core.services.printing.jobs().filter((j) => j.description === r.items[0]!.stockCode)).toEqual([]);

    await toExecuteStep(page);
    expect(await page.getByRole('radio', { name: 'レシート' }).isDisabled()).toBe(true);
    await page.getByText('レシートプリンターの設定がOFFのため「レシート」は選べません（周辺機器設定 > レシートプリンター）。').waitFor();
    await page.getByRole('button', { name: '閉じる' }).first().click();
  });

  it('P-04 S-18 a manager points both printers at the network printer in 周辺機器設定 and the test page arrives', async () => {
    const { page } = kiosk;
    emulator.clear();
    setPrinters(defaultPrinterSettings);
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '周辺機器設定' }).click();
    const receipt = page.getByRole('region', { name: 'レシートプリンター' });
    const label = page.getByRole('region', { name: 'ラベルプリンター' });
    await receipt.waitFor();
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

    for (const card of [receipt, label]) {
      await card.getByRole('radio', { name: 'ネットワーク（TCP）' }).check({ force: true });
      await card.getByLabel('IPアドレス／ホスト名').fill(emulator.host);
      await card.getByLabel('ポート番号').fill(String(emulator.port));
    }
    await receipt.getByLabel('店舗控え（署名欄付き）も印刷する').check({ force: true });
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');
    await page.getByRole('button', { name: '設定を保存' }).click();
    await page.getByTestId('printer-settings-saved').waitFor();
    const saved = kiosk.core.services.printing.settings();
    expect(saved.receipt).toEqual({
      enabled: true,
      transport: { kind: 'tcp', host: emulator.host, port: emulator.port },
      paperWidth: 80,
      shopCopy: true,
      drawer: defaultPrinterSettings.receipt.drawer,
    });
    expect(saved.label.transport).toEqual({ kind: 'tcp', host: emulator.host, port: emulator.port });

    await receipt.getByRole('button', { name: 'テスト印刷' }).click();
    await page.getByTestId('test-print-result-receipt').getByText('テストページを印刷しました').waitFor();
    const [paper] = await emulator.waitForCut(1, 10_000);
    expect(paper!.text).toContain('テスト印字');
    expect(paper!.text).toContain('レシートプリンター');
    expect(paper!.barcodes).toEqual([{ symbology: 'CODE128', data: 'TEST-0001' }]);
    await page.getByTestId('print-jobs').locator('[data-job-status="done"]').first().waitFor();
  });

  it('S-16 a printer that is down: the settlement stands at once, the receipt retries by itself, then says why, and Retry prints once it is back', async () => {
    const { page } = kiosk;
    setPrinters(networkPrinters());
    emulator.clear();
    await emulator.close();
    await reloadSignedIn(page);
    const r = await appraised([shirt]);
    await openSettlement(page, r.number);
    await toExecuteStep(page);
    await page.getByRole('radio', { name: 'レシート' }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    const status = kiosk.core.db.prepare('SELECT status FROM receptions WHERE id = ?').get(r.id) as { status: string };
    expect(status.status).toBe('settled');
    const result = page.getByTestId('receipt-print-result');
    await page.locator('[data-testid="receipt-print-result"][data-status="failed"]').waitFor();
    expect(await result.getAttribute('data-error-code')).toBe('PRINTER_OFFLINE');
    expect(await result.textContent()).toContain('プリンターがオフラインです。');
    // The failure also reaches the counter wherever it is, pushed by the main process.
    // Two jobs failed on the same printer: the receipt and the cash drawer's kick (M-01); each has its own alert.
    await expect.poll(() => page.getByTestId('print-job-alerts').getByText('プリンターがオフラインです。').count(), { timeout: 15_000 }).toBe(2);
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

    await emulator.restart();
    await result.getByRole('button', { name: '再試行' }).click();
    await page.getByTestId('receipt-print-result').getByText('レシートを印刷しました').waitFor();
    const [paper] = await emulator.waitForCut(1, 10_000);
    expect(paper!.text).toContain(r.number);
    expect(paper!.text).toContain('¥2,000');
    // The cash drawer's kick failed beside the receipt (M-01); its alert stays until it too is retried.
    await page.locator('[data-testid="drawer-kick-result"][data-status="failed"]').getByRole('button', { name: '再試行' }).click();
    await page.getByTestId('drawer-kick-result').getByText('ドロアを開けました').waitFor();
    await expect.poll(() => page.getByTestId('print-job-alerts').count()).toBe(0);
  });

  it('P-01 the reception slip prints from the reception list with the number as a barcode', async () => {
    const { page } = kiosk;
    emulator.clear();
    const r = await appraised([wallet]);
    await page.getByRole('button', { name: '買取受付一覧' }).click();
    await page.locator(`tr[data-number="${r.number}"]`).getByRole('button', { name: '開く' }).click();
    await page.getByRole('button', { name: '受付票を印刷' }).click();
    await page.getByTestId('slip-print-result').getByText('受付票を印刷しました').waitFor();
    const [paper] = await emulator.waitForCut(1, 10_000);
    expect(paper!.barcodes).toEqual([{ symbology: 'CODE128', data: r.number }]);
    expect(paper!.text).toContain('木村 拓也');
    await page.keyboard.press('Escape');
  });

  it('B-07 on the virtual printer a stock label shows as a preview whose barcode decodes to the stock code', async () => {
    const { page } = kiosk;
    setPrinters(defaultPrinterSettings);
    emulator.clear();
    const stock = kiosk.core.db.prepare('SELECT id, code FROM stock_items WHERE name = ? ORDER BY created_at DESC').get(wallet.name) as { id: string; code: string };
    await page.getByRole('button', { name: '在庫一覧' }).click();
    await page.getByRole('button', { name: `ラベル印刷（在庫 ${stock.code}）` }).click();
    const result = page.getByTestId('stock-label-result');
    await result.getByText('ラベルを印刷しました').waitFor();
    expect(emulator.received()).toEqual([]);
    await result.getByRole('button', { name: `${stock.code} のプレビュー` }).click();
    const preview = page.getByTestId('print-preview');
    await preview.waitFor();
    await expect.poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(JSON.stringify(await seriousA11yViolations(page))).toBe('[]');

    // What the screen shows, photographed and read by an independent decoder.
    expect(await scanPng(await preview.screenshot())).toEqual([stock.code]);
    // And the picture's own barcode image.
    const src = (await preview.getAttribute('src'))!;
    const svg = decodeURIComponent(src.slice(src.indexOf(',') + 1));
    const barcodes = previewBarcodes(svg);
    expect(barcodes.map((b) => [b.symbology, b.value])).toEqual([['CODE128', stock.code]]);
    expect(await scanPng(barcodes[0]!.png)).toEqual([stock.code]);
  });
});
