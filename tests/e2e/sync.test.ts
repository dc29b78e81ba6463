/**
 * D-06 D-08 B-09 through the real UI: a manager provisions HQ (a real HQ on 127.0.0.1) on the settings screen, a
 * buyback settled at the counter reaches HQ once, and the header's sync badge tells online/offline and the backlog.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../hq/ingest.ts';
import { findTerminalByToken } from '../../hq/terminals.ts';
import { makeSettlementPayload } from '../hq/support/factory.ts';
import { backends, type RunningHq, settlementIdsAtHq, startHq } from '../hq/support/hq.ts';
import { type Kiosk, seriousA11yViolations, signIn, startKiosk } from './harness.ts';
import { HQ_SYNC_TUNING, fillHqConnection } from './hq-connection.ts';

// Small amounts in categories that need no identity check: these tests are about sync, not the wizard.
const ITEMS = [
  { categoryId: 'brand-wallet', name: '二つ折り財布', grade: 'A' as const, quantity: 1, unitPrice: 4000 },
  { categoryId: 'cloth-men', name: 'デニムジャケット', grade: 'B' as const, quantity: 1, unitPrice: 3000 },
];

describe('HQ sync through the real UI', () => {
  let kiosk: Kiosk;
  let hq: RunningHq;

  beforeAll(async () => {
    hq = await startHq(backends()[0]!);
    kiosk = await startKiosk({
      sync: { tuning: HQ_SYNC_TUNING },
    });
    await kiosk.page.getByLabel('端末ID').waitFor();
    await signIn(kiosk.page, { code: '9001', pin: '9999' });
  });
  afterAll(async () => {
    await kiosk?.close();
    await hq?.close();
  });

  /** A demo-store reception, appraised through the services (reception and appraisal have their own tests). */
  function prepare(): { id: string; number: string } {
    const { accounts, receptions } = kiosk.core.services;
    const staff = kiosk.core.db.prepare(`SELECT id FROM staff WHERE code = '9001'`).get() as { id: string };
    const actor = { terminal: accounts.requireTerminal(), staff: { id: staff.id, code: '9001', name: '店長', role: 'manager' as const } };
    const reception = receptions.create(actor, {
      kind: 'walkIn',
      note: '',
      seller: { name: '森 健太', nameKana: 'モリ ケンタ', postalCode: '', address: '東京都目黒区1-1', phone: '090-7777-8888', birthDate: '1980-08-08', occupation: '会社員' },
    });
    for (const item of ITEMS) receptions.addItem(actor, reception.id, { maker: '', model: '', serial: '', colour: '', features: '', ...item });
    receptions.complete(actor, reception.id);
    return { id: reception.id, number: reception.number };
  }

  async function settleInUi(page: Page, number: string): Promise<number> {
    await page.getByRole('button', { name: '買取精算' }).click();
    await page.getByTestId('reception-number-input').fill(number);
    await page.keyboard.press('Enter');
    await page.getByTestId('settlement-number').waitFor();
    await page.getByRole('button', { name: '精算確認' }).click();
    await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('radio', { name: '現金' }).check({ force: true });
    await page.getByRole('radio', { name: '印刷しない' }).check({ force: true });
    const started = performance.now();
    await page.getByTestId('execute').click();
    await page.getByTestId('settled').waitFor();
    return performance.now() - started;
  }

  const badge = (page: Page) => page.getByTestId('sync-badge');
  const settlementId = (receptionId: string) =>
    (kiosk.core.db.prepare('SELECT id FROM settlements WHERE reception_id = ?').get(receptionId) as { id: string }).id;

  it('D-06 D-08 B-09 a manager provisions HQ; a settlement made at the counter reaches HQ once and the badge shows 0 online', async () => {
    const { page } = kiosk;
    await expect.poll(() => badge(page).textContent()).toContain('本部: 未設定');

    // Provisioning on 設定 > 本部連携 (manager only). The token field is a password input and never shown back.
    const form = await fillHqConnection(page, hq);
    const token = form.getByLabel('トークン');
    expect(await token.getAttribute('type')).toBe('password');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText('保存しました。').waitFor();
    await page.getByTestId('sync-connection').waitFor();
    expect(await token.inputValue()).toBe('');
    expect(await page.content()).not.toContain(hq.token);

    // The demo store's own settled buyback goes out first.
    await expect.poll(() => badge(page).getAttribute('data-online'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => badge(page).getAttribute('data-backlog'), { timeout: 15_000 }).toBe('0');
    // N-03: 本部連携 also says when other counters' receptions were last pulled (the list shows them as of then).
    await expect.poll(() => page.getByTestId('store-feed-state').textContent(), { timeout: 15_000 }).toMatch(/^他のレジの受付: 最終取得 \d{4}/);
    const before = await settlementIdsAtHq(hq.db);

    const reception = prepare();
    await settleInUi(page, reception.number);
    const id = settlementId(reception.id);
    await expect.poll(async () => (await settlementIdsAtHq(hq.db)).length, { timeout: 15_000 }).toBe(before.length + 1);
    expect(await settlementIdsAtHq(hq.db)).toEqual([...before, id].sort());
    await expect.poll(() => badge(page).getAttribute('data-backlog'), { timeout: 15_000 }).toBe('0');
    expect(await badge(page).getAttribute('data-online')).toBe('true');
    expect(await badge(page).textContent()).toContain('本部: オンライン');
    expect(await badge(page).textContent()).toContain('未送信 0 件');
    // The badge may still show the status from before the settlement; the row goes once the worker has HQ's answer.
    const outbox = () => (kiosk.core.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE aggregate_id = ?').get(id) as { n: number }).n;
    await expect.poll(outbox, { timeout: 15_000 }).toBe(0);
    // The badge on an ordinary screen (the settled screen's own checks belong to the settlement tests).
    await page.getByRole('button', { name: '買取受付', exact: true }).click();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('D-08 with HQ stopped the settlement still completes, and the badge shows offline with what waits to be sent', async () => {
    const { page } = kiosk;
    const before = await settlementIdsAtHq(hq.db);
    await hq.stopServer();

    const reception = prepare();
    const ms = await settleInUi(page, reception.number);
    // Nothing in the settlement waits for the network (generous bound: this is a whole UI round trip).
    expect(ms).toBeLessThan(5_000);
    await expect.poll(() => badge(page).getAttribute('data-online'), { timeout: 15_000 }).toBe('false');
    // The settlement and its reception's changes (N-01: taken in, appraised, settled) wait in the outbox; the badge
    // counts every row that waits, one settlement among them.
    const waiting = () => (kiosk.core.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    await expect.poll(() => badge(page).getAttribute('data-backlog'), { timeout: 15_000 }).toBe(String(waiting()));
    expect(kiosk.core.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'settlement'").get()).toEqual({ n: 1 });
    expect(await badge(page).textContent()).toContain('本部: オフライン');
    expect(await badge(page).textContent()).toContain(`未送信 ${waiting()} 件`);
    expect(await settlementIdsAtHq(hq.db)).toEqual(before);
    const settled = kiosk.core.db.prepare('SELECT status FROM receptions WHERE id = ?').get(reception.id) as { status: string };
    expect(settled.status).toBe('settled');

    // The last error opens from the badge.
    await page.getByRole('button', { name: '買取受付', exact: true }).click();
    await badge(page).click();
    await expect.poll(() => page.getByTestId('sync-last-error').textContent()).toMatch(/NETWORK/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('P-01 issue 13 §2 §5 a settlement under a reception number HQ already holds is set aside; the manager sees why and sends it again once HQ resolved it', async () => {
    const { page } = kiosk;
    // From the test before: HQ is stopped and one settlement waits in the outbox.
    const queued = kiosk.core.db
      .prepare("SELECT aggregate_id AS id, json_extract(payload, '$.receptionNumber') AS number FROM outbox WHERE kind = 'settlement'")
      .get() as { id: string; number: string };
    // Meanwhile HQ received another transaction under the same number (a kiosk restored from an old backup).
    const rival = { ...makeSettlementPayload(900, { run: 'e2e-rival' }), receptionNumber: queued.number };
    const terminal = await findTerminalByToken(hq.db, hq.token);
    await ingestBatch(
      hq.db,
      terminal!,
      { protocol: 2, items: [{ kind: 'settlement', id: rival.settlementId, payload: rival }] },
      { clock: () => new Date(), storeImages: false, newId: randomUUID },
    );
    const stopped = hq;
    hq = await startHq(backends()[0]!, { db: { db: stopped.db, dispose: () => stopped.close() }, port: stopped.port, token: stopped.token });

    // Nobody wakes the worker: its probe finds HQ back, it sends, HQ refuses, the row is set aside.
    await expect.poll(() => badge(page).getAttribute('data-warning'), { timeout: 20_000 }).toBe('true');
    expect(await badge(page).getAttribute('data-online')).toBe('true');
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: '本部連携' }).click();
    const row = page.getByTestId('set-aside-row');
    await row.waitFor();
    expect(await row.getAttribute('data-code')).toBe('RECEPTION_NUMBER_TAKEN');
    expect(await row.textContent()).toContain(queued.number);
    expect(await row.textContent()).toContain('この受付番号は本部で別の取引に使われています');
    expect(await row.textContent()).toContain('精算');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await settlementIdsAtHq(hq.db)).not.toContain(queued.id);

    // HQ staff resolve it (the rival was a test entry), then the manager sends the row again.
    for (const sql of [
      'DELETE FROM settlement_items WHERE settlement_id = ?',
      'DELETE FROM settlements WHERE id = ?',
      'DELETE FROM reception_numbers WHERE aggregate_id = ?',
      'DELETE FROM received_items WHERE id = ?',
    ]) {
      await hq.db.execute(sql, [rival.settlementId]);
    }
    await page.getByRole('button', { name: `${queued.number} を再送` }).click();
    await page.getByText('保留中のデータはありません。').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await settlementIdsAtHq(hq.db)).includes(queued.id), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => badge(page).getAttribute('data-warning'), { timeout: 20_000 }).toBe('false');
    const audit = kiosk.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sync.retry_set_aside'").get() as { n: number };
    expect(audit.n).toBe(1);
  });
});
