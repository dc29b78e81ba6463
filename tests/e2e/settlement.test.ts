import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/core.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

// Small amounts in categories that need no identity check: these tests are about the settlement flow itself.
const ITEMS = [
  { categoryId: 'cloth-men', name: 'デニムジャケット', grade: 'B' as const, quantity: 1, unitPrice: 3000 },
  { categoryId: 'brand-wallet', name: '二つ折り財布', grade: 'A' as const, quantity: 1, unitPrice: 4000 },
  { categoryId: 'cloth-shoes', name: 'スニーカー', grade: 'C' as const, quantity: 2, unitPrice: 1000 },
];

describe('the settlement screen and wizard through the real UI', () => {
  let kiosk: Kiosk;
  const number = (id: string) => (kiosk.core.db.prepare('SELECT number FROM receptions WHERE id = ?').get(id) as { number: string }).number;

  /** A reception prepared through the services (the reception and appraisal screens have their own tests). */
  function prepare(member: boolean, items = ITEMS): string {
    const { accounts, receptions, customers } = kiosk.core.services;
    const actor = { terminal: accounts.requireTerminal(), staff: { id: staffId(), code: '1001', name: '山田 花子', role: 'clerk' as const } };
    const reception = member
      ? receptions.create(actor, { kind: 'member', customerId: customers.search('M0000002')[0]!.id, note: '' })
      : receptions.create(actor, {
          kind: 'walkIn',
          note: '',
          seller: { name: '森 健太', nameKana: 'モリ ケンタ', postalCode: '', address: '東京都目黒区1-1', phone: '090-7777-8888', birthDate: '1980-08-08', occupation: '会社員' },
        });
    for (const item of items) receptions.addItem(actor, reception.id, { maker: '', model: '', serial: '', colour: '', features: '', ...item });
    receptions.complete(actor, reception.id);
    return reception.id;
  }
  const staffId = () => (kiosk.core.db.prepare(`SELECT id FROM staff WHERE code = '1001'`).get() as { id: string }).id;

  async function openSettlement(page: Page, receptionNumber: string) {
    await page.getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(receptionNumber);
    await page.keyboard.press('Enter');
  }

  beforeAll(async () => {
    kiosk = await startKiosk();
    await kiosk.page.getByLabel('端末ID').waitFor();
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('S-06 S-09 S-10 S-12 S-14 S-15 S-16 S-17 S-21 B-04 a full settlement: agreement, partial cancel, photo, signature, points', async () => {
    const { page, core } = kiosk;
    const id = prepare(true);
    await openSettlement(page, number(id));
    await page.getByTestId('settlement-number').waitFor();
    await page.getByRole('checkbox', { name: 'デニムジャケット をEC公開' }).check({ force: true });
    await page.getByRole('button', { name: '精算確認' }).click();

    // 1. Agreement (S-09): Next stays disabled until the customer agrees.
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();

    // 2. Verification: partial cancel with live totals (S-12), ID photo from the camera (S-14), signature (S-15).
    await expect.poll(() => page.getByTestId('wizard-total').textContent()).toContain('9,000');
    await page.getByRole('button', { name: 'スニーカー をキャンセル' }).click();
    await expect.poll(() => page.getByTestId('wizard-total').textContent()).toContain('7,000');
    await page.getByRole('button', { name: 'スニーカー を戻す' }).click();
    await expect.poll(() => page.getByTestId('wizard-total').textContent()).toContain('9,000');
    await page.getByRole('button', { name: 'スニーカー をキャンセル' }).click();
    await page.getByRole('button', { name: 'カメラを起動' }).click();
    await page.getByLabel('カメラのプレビュー').waitFor();
    // The fake camera needs a moment before its first frame; locator.evaluate runs outside the page's CSP.
    await expect.poll(() => page.locator('video').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '撮影' }).click();
    // I-01: the mask editor comes between capture and use; nothing to black out on a licence.
    await page.getByRole('button', { name: 'この画像を使う' }).click();
    await page.getByTestId('id-photo-thumb').click();
    await page.getByRole('dialog', { name: '画像の管理' }).getByRole('button', { name: '撮り直す' }).waitFor();
    await page.keyboard.press('Escape');
    const pad = await page.getByTestId('signature-pad').boundingBox();
    if (!pad) throw new Error('signature pad not visible');
    await page.mouse.move(pad.x + 40, pad.y + 150);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(pad.x + 40 + i * 25, pad.y + 150 - Math.sin(i / 3) * 60, { steps: 2 });
    await page.mouse.up();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '次へ' }).click();

    // 3. Execute: payment, print method and points (shown because a member is loaded, S-17).
    await page.getByRole('radio', { name: '銀行振込' }).check({ force: true });
    await page.getByRole('radio', { name: 'レシート' }).check({ force: true });
    await page.getByLabel('ポイント付与').fill('50');
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();

    const settlement = core.db
      .prepare('SELECT id, total_amount, payment_method, print_method, points_granted, agreed_terms_version FROM settlements WHERE reception_id = ?')
      .get(id);
    expect(settlement).toMatchObject({ total_amount: 7000, payment_method: 'bank_transfer', print_method: 'receipt', points_granted: 50, agreed_terms_version: 1 });
    // S-18: the receipt went to the (virtual, by default) receipt printer after the commit.
    const receipt = core.services.printing.jobs().find((job) => job.kind === 'receipt' && job.description.includes(number(id)));
    expect(receipt?.status).toBe('done');
    const items = core.db
      .prepare(
        `SELECT ri.name, ri.cancelled, si.ec_published FROM reception_items ri LEFT JOIN stock_items si ON si.reception_item_id = ri.id
          WHERE ri.reception_id = ? ORDER BY ri.position`,
      )
      .all(id);
    expect(items).toEqual([
      { name: 'デニムジャケット', cancelled: 0, ec_published: 1 },
      { name: '二つ折り財布', cancelled: 0, ec_published: 0 },
      { name: 'スニーカー', cancelled: 1, ec_published: null },
    ]);
    const images = core.db
      .prepare('SELECT i.id, i.kind FROM settlement_images i JOIN settlements s ON s.id = i.settlement_id WHERE s.reception_id = ? ORDER BY kind')
      .all(id) as { id: string; kind: string }[];
    expect(images.map((i) => i.kind)).toEqual(['id_photo', 'signature']);

    // B-04: what the customer gave is not readable on disk (database and WAL), though staff can view it.
    core.db.pragma('wal_checkpoint(PASSIVE)');
    const disk = Buffer.concat([join(kiosk.dataDir, DATABASE_FILE), join(kiosk.dataDir, `${DATABASE_FILE}-wal`)].map((f) => readFileSync(f)));
    for (const image of images) {
      const plain = Buffer.from(core.services.settlement.settledImage(image.id).split(',')[1]!, 'base64');
      expect(plain.length).toBeGreaterThan(200);
      expect(disk.includes(plain.subarray(100, 164))).toBe(false);
    }
    expect(disk.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(false);

    // S-11: the reception list shows both images to signed-in staff.
    await page.getByRole('button', { name: '買取受付一覧' }).click();
    await page.getByLabel('受付番号').first().fill(number(id));
    await page.getByRole('button', { name: '検索' }).click();
    await page.locator(`tr[data-number="${number(id)}"]`).getByRole('button', { name: '開く' }).click();
    await page.getByTestId('settled-id_photo').waitFor();
    await page.getByTestId('settled-signature').waitFor();
    await page.keyboard.press('Escape');
  });

  it('S-13 cancelling every item turns execute into cancel, and confirming cancels the whole transaction', async () => {
    const { page, core } = kiosk;
    const id = prepare(false, ITEMS.slice(0, 2));
    await openSettlement(page, number(id));
    await page.getByRole('button', { name: '精算確認' }).click();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: 'デニムジャケット をキャンセル' }).click();
    expect(await page.getByTestId('cancel-all').count()).toBe(0);
    await page.getByRole('button', { name: '二つ折り財布 をキャンセル' }).click();
    await page.getByTestId('cancel-all').click();
    await page.getByRole('dialog', { name: '取引をキャンセル' }).getByRole('button', { name: 'OK' }).click();
    // The clerk ends on a confirmation of what happened, not on a "cannot be settled" refusal.
    await page.getByTestId('cancelled').getByText(`${number(id)} の買取をキャンセルしました。`).waitFor();
    expect(await page.getByTestId('refused').count()).toBe(0);
    expect((core.db.prepare('SELECT status FROM receptions WHERE id = ?').get(id) as { status: string }).status).toBe('cancelled');
  });

  it('S-19 cancel buyback from the settlement screen, after confirmation', async () => {
    const { page, core } = kiosk;
    const id = prepare(false);
    await openSettlement(page, number(id));
    await page.getByRole('button', { name: '買取キャンセル' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
    await page.getByTestId('cancelled').getByText('取引をキャンセルしました').waitFor();
    expect(await page.getByTestId('refused').count()).toBe(0);
    expect((core.db.prepare('SELECT status FROM receptions WHERE id = ?').get(id) as { status: string }).status).toBe('cancelled');
    // Scanned again later, it is refused with when it was cancelled.
    await page.getByTestId('reception-number-input').fill(number(id));
    await page.keyboard.press('Enter');
    await page.getByTestId('refused').getByText(/^この取引は \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} にキャンセルされています。$/).waitFor();
  });

  it('B-06 a wizard interrupted by a renderer reload reopens by itself at its step, images kept by the main process', async () => {
    const { page, core } = kiosk;
    const id = prepare(false);
    await openSettlement(page, number(id));
    await page.getByRole('button', { name: '精算確認' }).click();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: 'スニーカー をキャンセル' }).click();
    await page.getByRole('button', { name: 'カメラを起動' }).click();
    await expect.poll(() => page.locator('video').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '撮影' }).click();
    // I-01: the mask editor comes between capture and use; nothing to black out on a licence.
    await page.getByRole('button', { name: 'この画像を使う' }).click();
    await page.getByTestId('id-photo-thumb').waitFor();
    await expect
      .poll(() => (core.db.prepare('SELECT data FROM settlement_drafts WHERE reception_id = ?').get(id) as { data: string } | undefined)?.data ?? '')
      .toContain('"photoTaken":true');

    // No rescan: the app goes back to the wizard, at the verification step, by itself.
    await page.reload();
    await page.getByRole('button', { name: 'スニーカー を戻す' }).waitFor();
    expect(await page.getByTestId('settlement-number').textContent()).toBe(number(id));
    await page.getByText('撮影済みの身分証画像を保持しています（撮り直す場合はカメラを起動）').waitFor();
    await expect.poll(() => page.getByTestId('wizard-total').textContent()).toContain('7,000');
    await page.getByRole('button', { name: '次へ' }).click();
    // S-16: the summary says what execute will store: the kept ID photo.
    expect(await page.getByTestId('execute-summary').textContent()).toContain('身分証 ✓');
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    const photos = core.db
      .prepare(`SELECT COUNT(*) AS n FROM settlement_images i JOIN settlements s ON s.id = i.settlement_id WHERE s.reception_id = ? AND kind = 'id_photo'`)
      .get(id) as { n: number };
    expect(photos.n).toBe(1);
    expect(core.db.prepare('SELECT 1 FROM settlement_drafts WHERE reception_id = ?').get(id)).toBeUndefined();
  });

  it('S-05 refuses a settled transaction and an unknown number with the reason', async () => {
    const { page, core } = kiosk;
    const settled = core.db.prepare(`SELECT number FROM receptions WHERE status = 'settled' LIMIT 1`).get() as { number: string };
    await openSettlement(page, settled.number);
    const settledRow = core.db
      .prepare('SELECT s.settled_at, s.total_amount FROM settlements s JOIN receptions r ON r.id = s.reception_id WHERE r.number = ?')
      .get(settled.number) as { settled_at: string; total_amount: number };
    const at = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(settledRow.settled_at));
    await page.getByTestId('refused').getByText(`この取引は ${at} に精算済です（￥${settledRow.total_amount.toLocaleString('ja-JP')}）。`).waitFor();
    await page.getByTestId('reception-number-input').fill('S001-01-20990101-0001');
    await page.keyboard.press('Enter');
    await page.getByTestId('refused').getByText('この受付番号の取引は見つかりません。').waitFor();
  });

  it('S-20 the CSV download parses back to the appraised items', async () => {
    const { page } = kiosk;
    const id = prepare(false);
    await openSettlement(page, number(id));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSVダウンロード' }).click()]);
    expect(download.suggestedFilename()).toBe(`appraisal-${number(id)}.csv`);
    const content = readFileSync((await download.path())!, 'utf8');
    expect(content.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(content, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.商品名, r.数量, r.単価, r.金額])).toEqual(ITEMS.map((i) => [i.name, String(i.quantity), String(i.unitPrice), String(i.quantity * i.unitPrice)]));
  });
});
