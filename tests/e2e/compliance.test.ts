import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokyoDate } from '../../common/tokyo-time.ts';
import type { Core } from '../../main/core.ts';
import { type CallContext, dispatch } from '../../main/dispatch.ts';
import { writeSetting } from '../../main/services/settings.ts';
import type { Channel, RequestOf, ResponseOf } from '../../preload/contract.ts';
import type { Reception, Result } from '../../preload/types.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';
import { walkIn } from '../support/core.ts';

// Receptions are prepared through the core (a second signed-in client), so each test walks only the screens it is about.
const setup: CallContext = { clientId: 'e2e-setup', window: 'clerk' };
async function ok<C extends Channel>(core: Core, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = (await dispatch(core, channel, request, setup, () => {})) as Result<ResponseOf<C>>;
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}`);
  return result.value;
}

const adult = walkIn;
const watch = { categoryId: 'watch-wrist', name: 'クロノグラフ腕時計', maker: 'セイコー', model: 'SBDC101', grade: 'A' as const, quantity: 1, unitPrice: 25000 };
const game = { categoryId: 'game-soft', name: 'ゲームソフト', grade: 'B' as const, quantity: 1, unitPrice: 2000 };
const wallet = { categoryId: 'brand-wallet', name: '長財布', grade: 'B' as const, quantity: 1, unitPrice: 3000 };

function tokyoToday(): string {
  return tokyoDate(new Date());
}

async function appraised(core: Core, seller: typeof adult, items: RequestOf<'appraisal:addItem'>['item'][]): Promise<Reception> {
  const reception = await ok(core, 'reception:create', { kind: 'walkIn', seller });
  for (const item of items) await ok(core, 'appraisal:addItem', { receptionId: reception.id, item });
  return ok(core, 'appraisal:complete', { receptionId: reception.id });
}

/** `resumes`: the page was reloaded with this wizard open, and the app goes back to it by itself (B-06). */
async function openVerificationStep(page: Page, number: string, resumes = false): Promise<void> {
  if (resumes) {
    await page.getByRole('dialog', { name: `精算確認 ${number}` }).waitFor();
  } else {
    await page.getByRole('navigation').getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(number);
    await page.keyboard.press('Enter');
    await page.getByTestId('settlement-number').waitFor();
    await page.getByRole('button', { name: '精算確認' }).click();
  }
  // A resumed wizard is already past the agreement.
  const agree = page.getByLabel('上記の買取同意事項に同意する');
  await agree.or(page.getByTestId('verification')).first().waitFor();
  if (await agree.isVisible()) {
    await agree.check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
  }
  await page.getByTestId('verification').waitFor();
  // The camera check settles the layout; clicking before it could land on a moving target.
  await page.getByRole('button', { name: 'カメラを起動' }).waitFor();
}

async function takeIdPhoto(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'カメラを起動' }).click();
  // The fake camera needs a moment before its first frame; capturing earlier would take nothing.
  await expect.poll(() => page.locator('video').evaluate((video) => (video as unknown as { videoWidth: number }).videoWidth)).toBeGreaterThan(0);
  await page.getByRole('button', { name: '撮影' }).click();
  // I-01: the mask editor comes between capture and use; nothing to black out on a licence.
  await page.getByRole('button', { name: 'この画像を使う' }).click();
  await page.getByTestId('id-photo-thumb').waitFor();
}

async function fillIdDocument(page: Page): Promise<void> {
  await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
  await page.getByLabel('身分証明書の種類').selectOption('drivers_licence');
  await page.getByLabel('有効期限', { exact: true }).fill('2031-03-31');
  await page.getByLabel('証明書番号の下4桁').fill('1234');
  await takeIdPhoto(page);
}

async function execute(page: Page): Promise<void> {
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('radio', { name: '現金' }).check({ force: true });
  await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
  await page.getByTestId('execute').click();
  await page.getByTestId('settled').waitFor();
}

const missing = (page: Page) => page.getByTestId('verification-missing').textContent();
const storedVerification = (core: Core, receptionId: string) =>
  JSON.parse((core.db.prepare('SELECT verification FROM settlements WHERE reception_id = ?').get(receptionId) as { verification: string }).verification);

describe('the law at the counter through the real UI (B-01, B-02, B-03)', () => {
  let kiosk: Kiosk;
  let minorNumber = '';
  beforeAll(async () => {
    kiosk = await startKiosk();
    await kiosk.page.getByLabel('端末ID').waitFor();
    await signIn(kiosk.page);
    await ok(kiosk.core, 'session:staffSignIn', { code: '1001', pin: '1234' });
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('B-01 a required identity check blocks execute until the record is complete, saying exactly what is missing', async () => {
    const { page, core } = kiosk;
    const reception = await appraised(core, adult, [watch]);
    await openVerificationStep(page, reception.number);

    await page.getByTestId('verification-required').getByText(/買取金額の合計が .10,000 以上/).waitFor();
    const next = page.getByRole('button', { name: '次へ' });
    expect(await next.isDisabled()).toBe(true);
    expect(await missing(page)).toContain('確認方法');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
    for (const field of ['身分証明書の種類', '身分証明書の写真']) expect(await missing(page)).toContain(field);
    // Documents that must not be recorded are offered only as disabled choices, with the reason beside them.
    expect(await page.locator('option[value="mynumber_card_back"]').isDisabled()).toBe(true);
    expect(await page.locator('option[value="health_insurance_number"]').isDisabled()).toBe(true);
    await page.getByText('マイナンバーカードの裏面（個人番号）と健康保険証の記号・番号は法律により記録できないため選べません。').waitFor();

    await page.getByLabel('身分証明書の種類').selectOption('drivers_licence');
    // I-03: a driver's licence always prints its expiry, so the record needs it.
    expect(await missing(page)).toContain('身分証明書の有効期限');
    await page.getByLabel('有効期限', { exact: true }).fill('2031-03-31');
    expect(await missing(page)).not.toContain('身分証明書の有効期限');
    expect(await missing(page)).toContain('証明書番号の下4桁');
    await page.getByLabel('証明書番号の下4桁').fill('1234');
    expect(await missing(page)).not.toContain('証明書番号の下4桁');
    expect(await missing(page)).toContain('身分証明書の写真');
    expect(await next.isDisabled()).toBe(true);

    // A cleared occupation is named too.
    await page.getByLabel('職業').fill('');
    expect(await missing(page)).toContain('職業');
    await page.getByLabel('職業').fill('会社員');

    await takeIdPhoto(page);
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await execute(page);

    expect(storedVerification(core, reception.id)).toMatchObject({
      required: true,
      method: 'id_document',
      documentType: 'drivers_licence',
      documentNumberLast4: '1234',
      documentExpiry: '2031-03-31',
      seller: { name: adult.name, address: adult.address, occupation: '会社員', birthDate: adult.birthDate },
      minor: false,
      invoice: { registered: false, specialRule: true },
    });
    const images = core.db
      .prepare(`SELECT kind FROM settlement_images si JOIN settlements s ON s.id = si.settlement_id WHERE s.reception_id = ?`)
      .all(reception.id);
    expect(images).toEqual([{ kind: 'id_photo' }]);
  });

  it('B-01 the requirement is re-evaluated live: cancelling the only game in a ¥5,000 buyback makes it exempt', async () => {
    const { page, core } = kiosk;
    await page.reload();
    const reception = await appraised(core, adult, [wallet, game]);
    await openVerificationStep(page, reception.number);
    await page.getByTestId('verification-required').waitFor();
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'ゲームソフト をキャンセル' }).click();
    await page.getByTestId('verification-exempt').waitFor();
    expect(await page.getByRole('button', { name: '次へ' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'ゲームソフト を戻す' }).click();
    await page.getByTestId('verification-required').waitFor();
    await page.getByRole('button', { name: 'ゲームソフト をキャンセル' }).click();
    await execute(page);
    expect(storedVerification(core, reception.id)).toMatchObject({ required: false, method: null });
  });

  it('B-03 a minor is refused (shop setting, then missing consent) and accepted with a guardian consent', async () => {
    const { page, core } = kiosk;
    const today = tokyoToday();
    const minor = { ...adult, name: '木村 翔', nameKana: 'キムラ ショウ', occupation: '学生', birthDate: `${Number(today.slice(0, 4)) - 16}${today.slice(4)}` };
    const reception = await appraised(core, minor, [watch]);
    minorNumber = reception.number;
    const identity = { thresholdYen: 10_000, alwaysVerify: false, minorAge: 18, minorPolicy: 'refuse' as const, writtenConsentAllowed: true };

    writeSetting(core.db, 'identity', identity, new Date().toISOString());
    await page.reload();
    await openVerificationStep(page, reception.number);
    await page.getByTestId('minor-refused').getByText('18 歳未満の方からの買取はお受けできません（店舗設定）。').waitFor();
    await fillIdDocument(page);
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);

    writeSetting(core.db, 'identity', { ...identity, minorPolicy: 'consent' }, new Date().toISOString());
    await page.reload();
    await openVerificationStep(page, reception.number, true);
    await page.getByTestId('minor-banner').getByText('未成年者です（16 歳）').waitFor();
    await fillIdDocument(page);
    for (const field of ['保護者氏名', '続柄', '保護者の同意の方法']) expect(await missing(page)).toContain(field);
    expect(await page.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('保護者氏名').fill('木村 一郎');
    await page.getByLabel('続柄').fill('父');
    await page.getByRole('radio', { name: '保護者の同伴' }).check({ force: true });
    await page.getByText('本人確認の記録は揃っています。').waitFor();
    await execute(page);
    expect(storedVerification(core, reception.id)).toMatchObject({
      age: 16,
      minor: true,
      guardian: { name: '木村 一郎', relation: '父', method: 'present' },
    });
  });

  it('B-01 staff flag a transaction as suspected stolen goods: red in the list, and it cannot be settled (kobutsu.md §8)', async () => {
    const { page, core } = kiosk;
    await page.reload();
    const reception = await appraised(core, adult, [wallet]);
    await page.getByRole('navigation').getByRole('button', { name: '買取受付一覧' }).click();
    const row = page.locator(`tr[data-number="${reception.number}"]`);
    await row.getByRole('button', { name: '開く' }).click();
    await page.getByLabel('メモ（任意。警察への連絡内容など）').fill('同型品の被害届あり');
    await page.getByRole('button', { name: '盗品の疑いとしてフラグを付ける' }).click();
    await page.getByTestId('stolen-flag').waitFor();
    await page.keyboard.press('Escape');
    await row.getByText('盗品疑い').waitFor();

    await page.getByRole('navigation').getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(reception.number);
    await page.keyboard.press('Enter');
    await page.getByTestId('refused').getByText('盗品の疑いがある取引は精算できません。').waitFor();
    const audit = core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'reception.flag_suspected_stolen' AND entity_id = ?`).all(reception.id) as {
      detail: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).not.toContain('被害届');
  });

  it('B-02 the 古物台帳 shows, prints clean and exports a CSV with every legally required column filled', async () => {
    const { page } = kiosk;
    await page.reload();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('navigation').getByRole('button', { name: '古物台帳' }).click();
    await page.getByTestId('ledger-table').waitFor();
    // Demo settlement (1 line) and the three settled above (1 + 1 + 1 non-cancelled lines).
    await expect.poll(() => page.getByTestId('ledger-table').locator('tbody tr').count()).toBe(4);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // kobutsu.md §4: a manager's correction is a new entry shown beside the original, never an edit.
    await page.getByRole('button', { name: `${minorNumber} の 1 行目を訂正` }).click();
    await page.getByLabel('訂正する項目').selectOption('seller.address');
    await page.getByLabel('正しい内容').fill('東京都渋谷区神宮前9-9-9');
    await page.getByLabel('訂正の理由').fill('住所の転記誤り');
    await page.getByRole('button', { name: '訂正を記録する' }).click();
    await page.getByTestId('ledger-correction').getByText(/「東京都渋谷区神宮前1-1-1」→「東京都渋谷区神宮前9-9-9」/).waitFor();
    await page.getByTestId('ledger-table').getByText('東京都渋谷区神宮前1-1-1').first().waitFor();

    // The print holds the whole period (read when printing starts), with the correction beside its line.
    await page.getByRole('button', { name: '印刷' }).click();
    await expect.poll(() => page.getByTestId('ledger-print-table').locator('tbody tr').count()).toBe(4);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'CSVダウンロード' }).isVisible()).toBe(false);
    expect(await page.getByTestId('ledger-print-table').isVisible()).toBe(true);
    expect(await page.getByTestId('ledger-print-table').getByTestId('ledger-correction').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSVダウンロード' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^kobutsu-ledger-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const content = readFileSync((await download.path())!, 'utf8');
    expect(content.startsWith('\uFEFF')).toBe(true);
    const rows = parse(content, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    // kobutsu.md §3: date, item type and quantity, features, the seller's address/name/occupation/age, the method.
    const legallyRequired = ['取引年月日', '品目', '数量', '商品名', '金額', '売主住所', '売主氏名', '売主職業', '売主年齢', '確認方法', '担当者', '受付番号'];
    for (const row of rows) {
      for (const column of legallyRequired) expect(row[column], `${column} of ${row.受付番号}`).not.toBe('');
      if (row.確認方法 === '身分証明書の提示') expect(row.身分証明書の種類).not.toBe('');
      if (row.確認免除 === '') expect(row.確認方法).not.toBe('確認対象外');
      expect(row.古物商特例).toBe('古物商特例');
    }
    const minorRow = rows.find((row) => row.売主氏名 === '木村 翔')!;
    expect(minorRow).toMatchObject({ 売主年齢: '16', 売主住所: adult.address, 保護者の同意: '木村 一郎（父・同伴）', 身分証明書の種類: '運転免許証' });
    expect(minorRow.訂正).toContain('住所: 東京都渋谷区神宮前1-1-1 → 東京都渋谷区神宮前9-9-9（住所の転記誤り');
    expect(rows.find((row) => row.商品名 === '長財布')).toMatchObject({ 確認免除: '免除', 確認方法: '確認対象外' });
  });
});
