import type { Locator, Page } from 'playwright-core';
import type { SyncTuning } from '../../main/sync/sync-client.ts';
import type { RunningHq } from '../hq/support/hq.ts';

/** A kiosk against the test HQ on loopback: quick retries, short requests, no idle ping getting in the way. */
export const HQ_SYNC_TUNING: SyncTuning = { backoff: { baseMs: 100, capMs: 1_000 }, requestTimeoutMs: 2_000, idlePingMs: 60_000 };

/** Fills 設定 › 本部連携's connection form as IT does for S001 / T01 with the test HQ's terminal token; not saved yet. */
export async function fillHqConnection(page: Page, hq: RunningHq): Promise<Locator> {
  await page.getByRole('button', { name: '設定', exact: true }).click();
  await page.getByRole('tab', { name: '本部連携' }).click();
  const form = page.getByRole('form', { name: '接続設定' });
  await form.getByLabel('本部URL').fill(hq.url);
  await form.getByLabel('店舗コード').fill('S001');
  await form.getByLabel('端末ID').fill('T01');
  await form.getByLabel('トークン').fill(hq.token);
  return form;
}

/** IT connects the kiosk to HQ on 設定 › 本部連携, as S001 / T01 with the test HQ's terminal token (manager signed in). */
export async function connectToHqThroughUi(page: Page, hq: RunningHq): Promise<void> {
  const form = await fillHqConnection(page, hq);
  await form.getByRole('button', { name: '保存' }).click();
  await page.getByText('保存しました。').waitFor();
}
