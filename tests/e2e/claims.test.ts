/**
 * N-02 one editor at a time, through the real UI: the kiosk (terminal T01, the browser host) against a real HQ on
 * 127.0.0.1 with a short claim life, and a second terminal T02 of the same store claiming at that HQ with the
 * kiosk's own claim client (the code its sync worker runs).
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTokyoDateTime } from '../../common/tokyo-time.ts';
import { provisionTerminal } from '../../hq/terminals.ts';
import { applyStoreFeedPage, readStoreFeedState } from '../../main/sync/store-feed.ts';
import { ReceptionClaimClient } from '../../main/sync/reception-claims.ts';
import type { Reception } from '../../preload/types.ts';
import { backends, type RunningHq, startHq } from '../hq/support/hq.ts';
import { fromT02 } from '../support/foreign-reception.ts';
import { addItemForm, openAppraisal, pageActor, scanInPage, smallItems, walkInSeller } from './counter-fixtures.ts';
import { type Kiosk, signIn, startKiosk } from './harness.ts';
import { HQ_SYNC_TUNING } from './hq-connection.ts';

/** Short enough that a test outlives several claim lives; the screen renews every second. */
const TTL_SECONDS = 6;
/** A real JAN (game console) the demo catalog does not know. */
const SWITCH = '4902370548495';

describe('N-02 one editor at a time, on the appraisal and settlement screens', { timeout: 120_000 }, () => {
  let kiosk: Kiosk;
  let hq: RunningHq;
  let t02: ReceptionClaimClient;

  beforeAll(async () => {
    hq = await startHq(backends()[0]!, { claim: { ttlSeconds: TTL_SECONDS, renewSeconds: 1 } });
    kiosk = await startKiosk({
      sync: { tuning: HQ_SYNC_TUNING, leaseRequestTimeoutMs: 2_000 },
    });
    await kiosk.core.services.sync.provision({ hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token });
    await signIn(kiosk.page);
    const { token } = await provisionTerminal(hq.db, { storeCode: 'S001', terminalCode: 'T02' });
    t02 = new ReceptionClaimClient({ connection: { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T02', token } });
  });
  afterAll(async () => {
    await kiosk?.close();
    await hq?.close();
  });

  async function reception(): Promise<Reception> {
    const actor = await pageActor(kiosk);
    const { receptions } = kiosk.core.services;
    const r = receptions.create(actor, { kind: 'walkIn', seller: walkInSeller, note: `claims-${randomBytes(3).toString('hex')}` });
    receptions.addItem(actor, r.id, { maker: '', model: '', serial: '', colour: '', features: '', ...smallItems[0]! });
    return receptions.get(r.id);
  }

  const banner = (page: Page) => page.getByTestId('claim-banner');
  const addButton = (page: Page) => addItemForm(page).getByRole('button', { name: '追加', exact: true });
  const itemCountOf = (id: string) => (kiosk.core.db.prepare('SELECT COUNT(*) AS n FROM reception_items WHERE reception_id = ?').get(id) as { n: number }).n;
  const itemCount = (r: Reception) => itemCountOf(r.id);
  const heldAtHq = async (r: Reception) =>
    (await hq.db.query<{ terminal_code: string; claimed_at: string }>('SELECT terminal_code, claimed_at FROM reception_claims WHERE reception_id = ?', [r.id]))[0];

  it('N-02 T02 holds the reception: the appraisal screen is read-only naming T02 and its time, a scan adds nothing; T02 lets go, 再試行 takes it and editing works', async () => {
    const { page } = kiosk;
    const r = await reception();
    const taken = await t02.claim(r.id, r.number);
    if (!taken.ok) throw new Error(`T02 could not claim: ${JSON.stringify(taken)}`);

    await openAppraisal(page, r.number);
    const until = formatTokyoDateTime(taken.expiresAt).slice(-5);
    await expect.poll(() => banner(page).textContent(), { timeout: 10_000 }).toContain(`T02 が編集中です（${until} まで）`);
    // Every editing control is there and disabled; the clerk still sees the items.
    expect(await addButton(page).isDisabled()).toBe(true);
    expect(await addItemForm(page).getByLabel('商品名').isDisabled()).toBe(true);
    expect(await page.getByTestId('items-table').getByRole('button', { name: '削除' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '調整を保存' }).isDisabled()).toBe(true);
    await page.getByTestId('items-table').getByText(smallItems[0]!.name).waitFor();

    // A product scanned now adds nothing and fills nothing; the clerk is told why.
    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, SWITCH);
    await expect.poll(() => page.getByTestId('claim-scan-refused').textContent()).toContain(`${SWITCH} を読み取りましたが、この取引は閲覧のみのため追加していません`);
    expect(await page.getByTestId('catalog-notice').count()).toBe(0);
    expect(await addItemForm(page).getByLabel('商品コード（JAN）').inputValue()).toBe('');
    expect(itemCount(r)).toBe(1);

    // T02 leaves its screen: 再試行 takes the claim and the screen can edit again.
    await t02.release(r.id);
    await banner(page).getByRole('button', { name: '再試行' }).click();
    await expect.poll(() => banner(page).count(), { timeout: 10_000 }).toBe(0);
    expect(await addButton(page).isDisabled()).toBe(false);
    expect((await heldAtHq(r))?.terminal_code).toBe('T01');
    expect(await t02.claim(r.id, r.number)).toMatchObject({ ok: false, code: 'RECEPTION_CLAIMED', holder: { terminalCode: 'T01' } });

    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, SWITCH);
    await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toContain(SWITCH);
    const form = addItemForm(page);
    await form.getByLabel('分類').click();
    await page.getByRole('option', { name: 'ゲーム機本体' }).click();
    await form.getByLabel('商品名').fill('ニンテンドースイッチ 有機ELモデル');
    await form.getByLabel('単価').fill('9000');
    await addButton(page).click();
    await page.getByTestId('items-table').getByText('ニンテンドースイッチ 有機ELモデル').waitFor();
    expect(itemCount(r)).toBe(2);
  });

  it('N-02 the open screen renews its claim past the claim life; a reload keeps it; a renewal that finds T02 turns it read-only at once; leaving releases it', async () => {
    const { page } = kiosk;
    const r = await reception();
    await openAppraisal(page, r.number);
    await expect.poll(async () => (await heldAtHq(r))?.terminal_code, { timeout: 10_000 }).toBe('T01');
    const claimedAt = (await heldAtHq(r))!.claimed_at;
    await expect.poll(() => addButton(page).isDisabled(), { timeout: 10_000 }).toBe(false);

    // One and a half claim lives on the screen: T02 is refused all along, because the screen keeps renewing.
    const openUntil = Date.now() + TTL_SECONDS * 1_500;
    for (let round = 0; Date.now() < openUntil && round < 100; round++) {
      expect(await t02.claim(r.id, r.number)).toMatchObject({ ok: false, code: 'RECEPTION_CLAIMED', holder: { terminalCode: 'T01' } });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    // A reload mid-appraisal: the clerk opens it again and it is still this PC's same claim (renewed, not retaken).
    await page.reload();
    await openAppraisal(page, r.number);
    await expect.poll(() => addButton(page).isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(await heldAtHq(r)).toEqual({ terminal_code: 'T01', claimed_at: claimedAt });
    expect(await banner(page).count()).toBe(0);

    // This PC was away longer than the claim's life (its claim gone at HQ) and T02 took it: the next renewal turns
    // the screen read-only.
    await hq.db.execute('DELETE FROM reception_claims WHERE reception_id = ?', [r.id]);
    expect(await t02.claim(r.id, r.number)).toMatchObject({ ok: true });
    await expect.poll(() => banner(page).textContent(), { timeout: 5_000 }).toContain('T02 が編集中です');
    expect(await addButton(page).isDisabled()).toBe(true);

    // Back to this PC; then leaving the screen lets go at once, long before the claim would expire.
    await t02.release(r.id);
    await banner(page).getByRole('button', { name: '再試行' }).click();
    await expect.poll(async () => (await heldAtHq(r))?.terminal_code, { timeout: 10_000 }).toBe('T01');
    await page.getByRole('navigation').getByRole('button', { name: '買取受付', exact: true }).click();
    const leftAt = Date.now();
    await expect.poll(async () => (await t02.claim(r.id, r.number)).ok, { timeout: 4_000, interval: 200 }).toBe(true);
    expect(Date.now() - leftAt).toBeLessThan((TTL_SECONDS - 1) * 1_000);
    await t02.release(r.id);
  });

  it('N-02 the settlement screen of a reception T02 holds is read-only: no 精算確認 until T02 lets go', async () => {
    const { page } = kiosk;
    const r = kiosk.core.services.receptions.complete(await pageActor(kiosk), (await reception()).id);
    expect(await t02.claim(r.id, r.number)).toMatchObject({ ok: true });
    await page.getByRole('navigation').getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(r.number);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('settlement-number').textContent()).toBe(r.number);
    await expect.poll(() => banner(page).textContent(), { timeout: 10_000 }).toContain('T02 が編集中です');
    expect(await page.getByRole('button', { name: '精算確認' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '買取キャンセル' }).isDisabled()).toBe(true);

    await t02.release(r.id);
    await banner(page).getByRole('button', { name: '再試行' }).click();
    await expect.poll(() => page.getByRole('button', { name: '精算確認' }).isDisabled(), { timeout: 10_000 }).toBe(false);
    expect((await heldAtHq(r))?.terminal_code).toBe('T01');
    // Leaving the settlement screen releases it too.
    await page.getByRole('navigation').getByRole('button', { name: '買取受付', exact: true }).click();
    await expect.poll(async () => (await t02.claim(r.id, r.number)).ok, { timeout: 4_000, interval: 200 }).toBe(true);
  });

  it('N-02 signing out on the appraisal screen releases its claim at once (the screen itself can no longer)', async () => {
    const { page } = kiosk;
    const r = await reception();
    await openAppraisal(page, r.number);
    await expect.poll(async () => (await heldAtHq(r))?.terminal_code, { timeout: 10_000 }).toBe('T01');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByLabel('従業員コード').waitFor();
    const leftAt = Date.now();
    await expect.poll(async () => (await t02.claim(r.id, r.number)).ok, { timeout: 4_000, interval: 200 }).toBe(true);
    expect(Date.now() - leftAt).toBeLessThan((TTL_SECONDS - 1) * 1_000);
    await t02.release(r.id);
    await signIn(page);
  });

  it('N-02 D-08 HQ unreachable: this PC\'s own reception stays editable; another PC\'s (from the store feed) is read-only "offline — cannot claim" until HQ is back, then the screen takes it by itself', async () => {
    const { page } = kiosk;
    const own = await reception();
    await hq.stopServer();
    await openAppraisal(page, own.number);
    await expect.poll(() => addButton(page).isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(await banner(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: '調整を保存' }).isDisabled()).toBe(false);

    // Another PC's reception, written here as the store feed writes it (taken at T02).
    const suffix = String((randomBytes(2).readUInt16BE() % 9000) + 1000);
    const theirs = fromT02(2, { receptionNumber: `S001-02-20261127-${suffix}` });
    applyStoreFeedPage(kiosk.core.db, [theirs], readStoreFeedState(kiosk.core.db).cursor, { terminalCode: 'T01', at: new Date().toISOString() });
    const theirsId = theirs.reception.receptionId;
    await openAppraisal(page, theirs.reception.receptionNumber);
    await expect.poll(() => banner(page).textContent(), { timeout: 10_000 }).toContain('オフラインのため編集できません');
    expect(await addButton(page).isDisabled()).toBe(true);
    await page.getByRole('heading', { name: '買取査定' }).click();
    await scanInPage(page, SWITCH);
    await expect.poll(() => page.getByTestId('claim-scan-refused').count()).toBe(1);
    expect(itemCountOf(theirsId)).toBe(1);

    // HQ back on the same address: the screen's quiet retry (every 15 s while it cannot claim) takes it.
    const stopped = hq;
    hq = await startHq(backends()[0]!, {
      db: { db: stopped.db, dispose: () => stopped.close() },
      port: stopped.port,
      token: stopped.token,
      claim: { ttlSeconds: TTL_SECONDS, renewSeconds: 1 },
    });
    await expect.poll(() => banner(page).count(), { timeout: 25_000, interval: 500 }).toBe(0);
    expect(await addButton(page).isDisabled()).toBe(false);
    expect(
      (await hq.db.query<{ terminal_code: string }>('SELECT terminal_code FROM reception_claims WHERE reception_id = ?', [theirsId]))[0]?.terminal_code,
    ).toBe('T01');
    // Held: the edit guard lets this PC change it now.
    await page.getByRole('button', { name: '査定完了' }).click();
    await expect.poll(() => page.getByTestId('reception-status').textContent()).toBe('査定完了');
  });
});
