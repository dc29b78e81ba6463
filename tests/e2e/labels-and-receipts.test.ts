import { createServer, type Server, type Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInStoreJan } from '../../common/in-store-jan.ts';
import { defaultPrinterSettings, type PrinterSettings } from '../../common/printing.ts';
import { previewBarcodes } from '../../main/printing/preview.ts';
import { writeSetting } from '../../main/services/settings.ts';
import { type EscposEmulator, startEscposEmulator } from '../support/escpos-emulator.ts';
import { executeRequest } from '../support/core.ts';
import { scanPng } from '../support/escpos-zbar.ts';
import { appraisedReception, openWizardAtExecute, pageActor, scan } from './counter-fixtures.ts';
import { type Kiosk, signIn, startKiosk } from './harness.ts';

describe('P-07 S-16 in-store JAN labels and a receipt that prints in the background', () => {
  let kiosk: Kiosk;
  let silent: Server;
  let emulator: EscposEmulator;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    emulator = await startEscposEmulator();
    kiosk = await startKiosk();
    await signIn(kiosk.page);
    // A network printer that takes the connection and then never answers nor reads: it neither prints nor fails fast.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.pause();
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await emulator?.close();
    await kiosk?.close();
  });

  const setPrinters = (change: (s: PrinterSettings) => void) => {
    const settings = structuredClone(defaultPrinterSettings);
    change(settings);
    writeSetting(kiosk.core.db, 'printers', settings, new Date().toISOString());
  };

  async function settle(page: Page, number: string, print: 'レシート' | '印刷しない'): Promise<void> {
    await openWizardAtExecute(page, number);
    await page.getByRole('radio', { name: print }).check({ force: true });
    await page.getByTestId('execute').click();
  }

  it('P-07 every item gets an in-store JAN; its label scans back (zbarimg) to it, and scanning the label finds the item in the stock list', async () => {
    const { page, core } = kiosk;
    setPrinters((s) => {
      s.label.symbology = 'jan13';
    });
    const r = await appraisedReception(kiosk, { items: [{ categoryId: 'hobby-figure', name: '限定フィギュア🎁 はつね ミク', grade: 'S', quantity: 1, unitPrice: 6800 }] });
    const item = r.items[0]!;
    expect(item.stockCode).toMatch(/^S001-01-\d{7}$/);
    expect(isInStoreJan(item.janCode ?? '')).toBe(true);
    await settle(page, r.number, '印刷しない');
    await page.getByTestId('settled').waitFor();
    const stock = core.db.prepare('SELECT id, code, jan_code FROM stock_items WHERE reception_item_id = ?').get(item.id) as { id: string; code: string; jan_code: string };
    expect(stock).toMatchObject({ code: item.stockCode, jan_code: item.janCode });

    await page.getByRole('navigation').getByRole('button', { name: '在庫一覧' }).click();
    await page.getByRole('button', { name: `ラベル印刷（在庫 ${stock.code}）` }).click();
    const result = page.getByTestId('stock-label-result');
    await result.getByText('ラベルを印刷しました').waitFor();
    await result.getByRole('button', { name: `${stock.code} のプレビュー` }).click();
    const preview = page.getByTestId('print-preview');
    await preview.waitFor();
    const src = (await preview.getAttribute('src'))!;
    const barcodes = previewBarcodes(decodeURIComponent(src.slice(src.indexOf(',') + 1)));
    expect(barcodes.map((b) => [b.symbology, b.value])).toEqual([['JAN13', stock.jan_code]]);
    expect(await scanPng(barcodes[0]!.png)).toEqual([stock.jan_code]);
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    // The modal fades out after its image is gone; a scan waits until the clerk can see the list again.
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // More stock, so finding one is a real search.
    const other = await appraisedReception(kiosk, { items: [{ categoryId: 'cloth-men', name: 'ダウンジャケット', grade: 'A', quantity: 1, unitPrice: 5000 }] });
    await core.services.settlement.execute(await pageActor(kiosk), executeRequest(other));
    await page.getByRole('heading', { name: '在庫一覧' }).click();
    await scan(page, stock.jan_code);
    await expect.poll(() => page.getByTestId('stock-list').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('stock-list').getByText(stock.code).waitFor();
  });

  it('B-07 a receipt for 𠮷野 はるか with an emoji item reaches the printer with those lines as raster, the rest as text', async () => {
    const { page } = kiosk;
    setPrinters((s) => {
      s.receipt.transport = { kind: 'tcp', host: emulator.host, port: emulator.port };
    });
    await page.reload();
    await page.getByTestId('staff-name').waitFor();
    const r = await appraisedReception(kiosk, { items: [{ categoryId: 'hobby-figure', name: '限定フィギュア🎁', grade: 'S', quantity: 1, unitPrice: 6800 }] });
    await settle(page, r.number, 'レシート');
    await page.getByTestId('settled').waitFor();
    const [paper] = await emulator.waitForCut(1, 15_000);
    const images = paper!.items.filter((i) => i.kind === 'image');
    expect(images.length).toBeGreaterThanOrEqual(2);
    expect(paper!.text).not.toContain('?');
    for (const text of ['買取明細書', r.number, '¥6,800', '現金']) expect(paper!.text).toContain(text);
    expect(paper!.barcodes).toEqual([{ symbology: 'CODE128', data: r.number }]);
    expect(emulator.unknownCommands()).toEqual([]);
  });

  it('Q-03 reprints of the receipt, the slip and a label say 再発行 with the reprint time; first prints do not', async () => {
    const { page } = kiosk;
    setPrinters((s) => {
      s.receipt.transport = { kind: 'tcp', host: emulator.host, port: emulator.port };
      s.label.transport = { kind: 'tcp', host: emulator.host, port: emulator.port };
    });
    await page.reload();
    await page.getByTestId('staff-name').waitFor();
    emulator.clear();
    const r = await appraisedReception(kiosk);
    const [jacket, purse] = r.items;
    const mark = /^【再発行】\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/;
    const marked = (n: number) => emulator.received()[n]!.lines.some((line) => mark.test(line));

    await page.getByRole('navigation').getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(r.number);
    await page.keyboard.press('Enter');
    await page.getByLabel(`${jacket!.name} を選択`).check({ force: true });
    await page.getByRole('button', { name: 'ラベル印刷' }).click();
    await emulator.waitForCut(1, 15_000);
    await settle(page, r.number, 'レシート');
    await page.getByTestId('settled').waitFor();
    await emulator.waitForCut(2, 15_000);
    expect([marked(0), marked(1)]).toEqual([false, false]);

    await page.getByRole('navigation').getByRole('button', { name: '買取受付一覧' }).click();
    await page.locator(`tr[data-number="${r.number}"]`).getByRole('button', { name: '開く' }).click();
    const drawer = page.getByRole('dialog', { name: '取引の詳細' });
    await drawer.getByRole('button', { name: 'レシートを再印刷' }).click();
    const [, , receipt] = await emulator.waitForCut(3, 15_000);
    expect(receipt!.text).toContain('買取明細書');
    expect(marked(2)).toBe(true);

    await drawer.getByRole('button', { name: 'ラベルを再印刷（2 枚）' }).click();
    const papers = await emulator.waitForCut(5, 15_000);
    expect(papers[3]!.barcodes[0]!.data).toBe(jacket!.stockCode);
    expect([marked(3), marked(4)]).toEqual([true, false]);
    expect(papers[4]!.barcodes[0]!.data).toBe(purse!.stockCode);

    await drawer.getByRole('button', { name: '受付票を印刷' }).click();
    await emulator.waitForCut(6, 15_000);
    await drawer.getByTestId('slip-print-result').getByText('受付票を印刷しました').waitFor();
    await drawer.getByRole('button', { name: '受付票を印刷' }).click();
    await emulator.waitForCut(7, 15_000);
    expect([marked(5), marked(6)]).toEqual([false, true]);
    await page.keyboard.press('Escape');
  });

  it('S-16 with a receipt printer that does not answer, the result shows at once and the receipt\'s progress follows', async () => {
    const { page, core } = kiosk;
    const port = (silent.address() as { port: number }).port;
    setPrinters((s) => {
      s.receipt.transport = { kind: 'tcp', host: '127.0.0.1', port };
    });
    await page.reload();
    await page.getByTestId('staff-name').waitFor();
    const r = await appraisedReception(kiosk);
    await settle(page, r.number, 'レシート');
    // The settlement is done and said so while the printer is still being waited for.
    await page.getByTestId('settled').waitFor();
    const progress = page.getByTestId('receipt-print-result');
    expect(['queued', 'printing']).toContain(await progress.getAttribute('data-status'));
    expect(await progress.textContent()).toContain('レシートを印刷しています');
    expect((core.db.prepare('SELECT status FROM receptions WHERE id = ?').get(r.id) as { status: string }).status).toBe('settled');
    await page.locator('[data-testid="receipt-print-result"]:not([data-status="queued"]):not([data-status="printing"])').waitFor({ timeout: 60_000 });
  });
});
