/**
 * N-03 through the real UI: counter PC B (terminal T02, set up from IT's provisioning file, the browser host in
 * Chromium) shows a reception counter PC A (T01, a real kiosk core) took, named with the PC that took it, and follows
 * A's next change by itself — the list refreshes on the sync status event the store feed raises. One real HQ on
 * 127.0.0.1 (SQLite).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { CoreSyncOptions } from '../../main/core.ts';
import { COUNTER_B, provisionCounterB, storeSeller } from '../hq/support/store-counters.ts';
import { backends, type RunningHq, startHq } from '../hq/support/hq.ts';
import { BANK_TRANSFER } from '../../common/till.ts';
import { executeRequest, sellerAccount, startTestCore, type TestCore } from '../support/core.ts';
import { type Kiosk, startKiosk } from './harness.ts';

const FAST: CoreSyncOptions = { tuning: { backoff: { baseMs: 100, capMs: 1_000 }, requestTimeoutMs: 5_000, idlePingMs: 60_000 } };

describe('N-03 the store feed through the real UI', () => {
  let hq: RunningHq | undefined;
  let a: TestCore | undefined;
  let b: Kiosk | undefined;
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await hq?.close();
  });

  it('N-03 B’s reception list shows A’s reception with 「T01」, follows A’s next changes without a reload, and shows it settled at another PC', async () => {
    hq = await startHq(backends()[0]!);
    const running = hq;
    a = await startTestCore({ signIn: 'manager', sync: FAST });
    await a.ok('sync:provision', { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token });
    b = await startKiosk({ openTill: false, sync: FAST, prepare: async (dataDir) => void (await provisionCounterB(running, dataDir)) });
    const { page } = b;
    await page.getByLabel('端末ID').fill(COUNTER_B.terminal);
    await page.getByLabel('端末パスワード').fill(COUNTER_B.password);
    await page.getByRole('button', { name: '端末ログイン' }).click();
    await page.getByLabel('従業員コード').fill(COUNTER_B.staff.code);
    await page.getByLabel('暗証番号').fill(COUNTER_B.staff.pin);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByTestId('staff-name').waitFor();

    const r = await a.ok('reception:create', {
      kind: 'walkIn',
      seller: storeSeller,
    });
    await a.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: 'brand-wallet', name: '二つ折り財布', grade: 'A', quantity: 1, unitPrice: 4_000 } });
    await page.getByRole('button', { name: '買取受付一覧' }).click();
    const row = page.getByRole('row').filter({ hasText: r.number });
    await expect.poll(async () => ((await row.count()) > 0 ? row.getByTestId('row-changed-by').textContent() : null), { timeout: 20_000 }).toBe('T01');
    await expect.poll(() => row.textContent()).toContain('査定中');
    await expect.poll(() => row.textContent()).toContain(storeSeller.name);

    // A completes the appraisal: B's list shows it by itself (no click, no reload).
    await a.ok('appraisal:complete', { receptionId: r.id });
    const appraised = await a.ok('reception:get', { id: r.id });
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('査定完了');

    // A settles its own reception: B shows it settled at another PC, with nothing of it to print or pay here.
    await a.ok('settlement:execute', executeRequest(appraised, { paymentMethod: BANK_TRANSFER, bankAccount: sellerAccount }));
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('精算済');
    await row.getByRole('button', { name: '開く' }).click();
    await expect.poll(() => page.getByTestId('settled-elsewhere').textContent()).toContain('別のレジで精算されました');
    expect(await page.getByRole('button', { name: /ラベル/ }).count()).toBe(0);
  });
});
