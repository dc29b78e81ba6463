/**
 * S-01 S-02 P-05 through the real UI: the terminal account signed out by a manager (HQ lease released at once), the
 * sign-in screen saying why the terminal was signed out, and one idle clock in the main process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseClient } from '../../main/sync/lease-client.ts';
import { backends, type RunningHq, startHq } from '../hq/support/hq.ts';
import { createKioskDb, type KioskDb } from '../hq/support/kiosk.ts';
import { appraisedReception } from './counter-fixtures.ts';
import { aheadClock, type Kiosk, signIn, startKiosk } from './harness.ts';
import { HQ_SYNC_TUNING, fillHqConnection } from './hq-connection.ts';

describe('S-02 the terminal account and HQ through the real UI', () => {
  let kiosk: Kiosk;
  let hq: RunningHq;
  let otherPc: KioskDb;
  let otherLease: LeaseClient;

  beforeAll(async () => {
    hq = await startHq(backends()[0]!);
    kiosk = await startKiosk({
      sync: { tuning: HQ_SYNC_TUNING, leaseRequestTimeoutMs: 2_000 },
    });
    await signIn(kiosk.page, { code: '9001', pin: '9999' });
    // Another counter PC of the store, signed in with the same terminal account T01.
    otherPc = createKioskDb();
    otherLease = new LeaseClient({
      db: otherPc.db,
      connection: { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token },
      deviceId: 'counter-pc-2',
      clock: () => new Date(),
      requestTimeoutMs: 2_000,
    });
  });
  afterAll(async () => {
    await kiosk?.close();
    otherPc?.dispose();
    await hq?.close();
  });

  it('S-02 when a manager\'s provisioning change signs this terminal out, the sign-in screen says why', async () => {
    const { page } = kiosk;
    expect(await otherLease.acquire()).toMatchObject({ ok: true });
    const form = await fillHqConnection(page, hq);
    await form.getByRole('button', { name: '保存' }).click();
    const notice = page.getByTestId('session-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-reason')).toBe('lease_refused');
    expect(await notice.textContent()).toContain('店長が本部連携を設定したところ、本部がこの端末でのログインを認めませんでした。');
    expect(await notice.textContent()).toContain('この端末アカウントは別の環境でログイン中です。');
    await page.getByLabel('端末ID').waitFor();
  });

  it('S-02 a manager signs the terminal out from 設定 after confirming; the other PC may sign in at once', async () => {
    const { page } = kiosk;
    await otherLease.release();
    await signIn(page, { code: '9001', pin: '9999' });
    expect(await page.getByTestId('session-notice').count()).toBe(0);
    expect(await otherLease.acquire()).toMatchObject({ ok: false, code: 'TERMINAL_IN_USE' });
    await page.getByRole('button', { name: '設定', exact: true }).click();

    await page.getByRole('button', { name: '端末ログアウト' }).click();
    const dialog = page.getByRole('dialog', { name: '端末ログアウト' });
    await dialog.getByText('本部の端末利用権はすぐに解放され').waitFor();
    await dialog.getByRole('button', { name: '戻る' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await otherLease.acquire()).toMatchObject({ ok: false, code: 'TERMINAL_IN_USE' });

    await page.getByRole('button', { name: '端末ログアウト' }).click();
    await page.getByRole('dialog', { name: '端末ログアウト' }).getByRole('button', { name: '端末ログアウト' }).click();
    await page.getByLabel('端末パスワード').waitFor();
    // No waiting for the lease to time out.
    expect(await otherLease.acquire()).toMatchObject({ ok: true });
    const audit = kiosk.core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'terminal.sign_out'`).get() as { n: number };
    expect(audit.n).toBe(1);
  });

  it('S-02 a clerk sees no terminal sign-out', async () => {
    const { page } = kiosk;
    await otherLease.release();
    await signIn(page);
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('heading', { name: '設定' }).waitFor();
    expect(await page.getByRole('button', { name: '端末ログアウト' }).count()).toBe(0);
  });
});

describe('P-05 one idle clock, in the main process', () => {
  let kiosk: Kiosk;
  const clock = aheadClock();
  const MINUTE = 60_000;

  beforeAll(async () => {
    kiosk = await startKiosk({ clock: clock.now });
    await signIn(kiosk.page);
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('P-05 S-01 typing a long identity record for longer than the idle time does not make execute fail with STAFF_REQUIRED', async () => {
    const { page } = kiosk;
    const r = await appraisedReception(kiosk, { items: [{ categoryId: 'watch-wrist', name: 'クロノグラフ腕時計', grade: 'A', quantity: 1, unitPrice: 25_000 }] });
    await page.getByRole('navigation').getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(r.number);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: '精算確認' }).click();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '身分証明書の提示' }).check({ force: true });
    await page.getByLabel('身分証明書の種類').selectOption('drivers_licence');
    await page.getByLabel('有効期限', { exact: true }).fill('2031-03-31');
    // Six minutes of typing (the idle limit is five), two minutes between bursts of keys.
    const address = page.getByLabel('住所');
    await address.fill('');
    for (const part of ['東京都渋谷区', '神宮前1-1-1 ', 'メゾン🌸', '301号室']) {
      clock.advance(2 * MINUTE);
      await address.pressSequentially(part, { delay: 30 });
      await page.waitForTimeout(2_100);
    }
    await page.getByLabel('証明書番号の下4桁').fill('QZ9W');
    await page.getByRole('button', { name: 'カメラを起動' }).click();
    await expect.poll(() => page.locator('video').evaluate((v) => (v as unknown as { videoWidth: number }).videoWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '撮影' }).click();
    // I-01: the mask editor comes between capture and use; nothing to black out on a licence.
    await page.getByRole('button', { name: 'この画像を使う' }).click();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    expect(await page.locator('[data-error-code="STAFF_REQUIRED"]').count()).toBe(0);
  });

  it('P-05 a screen polling every 5 s does not keep the session alive: the counter locks and says why', async () => {
    const { page } = kiosk;
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '周辺機器設定' }).click();
    await page.getByTestId('print-jobs').or(page.getByText('印刷ジョブはまだありません。')).first().waitFor();
    // The print-job list asks the main process every 5 s; nobody touches the screen.
    for (let i = 0; i < 2; i++) {
      clock.advance(2 * MINUTE);
      await page.waitForResponse((response) => response.url().endsWith('/api/call/printer:jobs'));
    }
    // Six minutes without a person at the screen, but only two since the last poll.
    clock.advance(2 * MINUTE);
    const notice = page.getByTestId('session-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-reason')).toBe('idle');
    await page.getByLabel('従業員コード').waitFor();
  });
});
