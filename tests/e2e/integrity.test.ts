/**
 * B-05, B-04 (issue 13 §4, §5) through the real UI: a database edited by hand blocks the kiosk with an alert naming the
 * first broken row until a manager acknowledges; a backup restored onto a PC without its key says so where the
 * signature would be, and the key file imported under 設定 > データ保護 brings the image back.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core.ts';
import { DATABASE_FILE } from '../../main/data-folder.ts';
import { fileKeyProvider } from '../../main/host/file-key-provider.ts';
import { rewriteAuditRow } from '../support/sqlite-cli.ts';
import { type Kiosk, ROOT, seriousA11yViolations, signIn, startKiosk } from './harness.ts';

const IT_PASSWORD = 'kaitori-IT-2026-秘密';

/** A kiosk core on the folder, run once and closed (the PC as it was before the test's kiosk starts). */
async function runOnce(dataDir: string, keyProvider: { keyId: string; getKey(): Buffer }, work: (core: Awaited<ReturnType<typeof createCore>>) => Promise<void> | void) {
  const core = await createCore({ dataDir, migrationsDir: join(ROOT, 'db/migrations'), host: 'browser', version: 'e2e', keyProvider });
  try {
    await work(core);
  } finally {
    await core.close();
  }
}

describe('tamper alert and vault keys in the UI', () => {
  let kiosk: Kiosk | undefined;
  afterEach(async () => {
    await kiosk?.close();
    kiosk = undefined;
  });

  it('B-05 a rewritten audit row blocks every screen, naming the first broken row, until a manager acknowledges', async () => {
    let edited = 0;
    kiosk = await startKiosk({
      prepare: async (dataDir) => {
        await runOnce(dataDir, fileKeyProvider(dataDir), (core) => {
          edited = (core.db.prepare(`SELECT seq FROM audit_log WHERE action = 'settlement.execute'`).get() as { seq: number }).seq;
        });
        rewriteAuditRow(join(dataDir, DATABASE_FILE), edited, (row) => ({ ...row, detail: row.detail.replace(/"total":\d+/, '"total":1') }));
      },
    });
    const { page } = kiosk;
    const alert = page.getByRole('dialog', { name: '監査ログの改ざんを検出しました' });
    await alert.waitFor();
    await expect.poll(() => alert.getByTestId('tamper-first-broken').textContent()).toBe(`最初に整合しない記録: #${edited}`);
    await expect.poll(() => alert.textContent()).toContain('鍵のない旧方式で計算し直されています');
    // Blocking: Escape does not close it, and the sign-in form under it cannot be reached.
    await page.keyboard.press('Escape');
    expect(await alert.isVisible()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await alert.getByLabel('店長の従業員コード').fill('1001');
    await alert.getByLabel('店長の暗証番号').fill('1234');
    await alert.getByRole('button', { name: '店長が確認しました' }).click();
    await alert.getByRole('alert').filter({ hasText: '店長権限' }).or(alert.locator('[data-error-code="MANAGER_REQUIRED"]')).first().waitFor();
    await alert.getByLabel('店長の従業員コード').fill('9001');
    await alert.getByLabel('店長の暗証番号').fill('9999');
    await alert.getByRole('button', { name: '店長が確認しました' }).click();
    await alert.waitFor({ state: 'detached' });
    await signIn(page);
    expect(kiosk.core.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.break_acknowledged'`).get()).toEqual({ n: 1 });
  });

  it('B-04 a backup from another PC says "key not on this PC" where the signature would be; the imported key file shows it', async () => {
    const otherPcKey = randomBytes(32);
    let keyFile = '';
    let settledNumber = '';
    kiosk = await startKiosk({
      // The database (with the demo store's settled buyback and its signature) was made on another PC, whose key
      // IT exported before that PC went.
      prepare: async (dataDir) => {
        await runOnce(dataDir, { keyId: 'ss1-oldcounterpc001', getKey: () => otherPcKey }, async (core) => {
          await core.services.accounts.signInTerminal('T01', 'demo-terminal');
          core.services.accounts.signInStaff('it', '9001', '9999');
          const exported = core.services.vaultKeys.exportKeys(core.services.accounts.requireActor('it'), IT_PASSWORD);
          keyFile = join(dataDir, '..', `${exported.filename}`);
          writeFileSync(keyFile, exported.content);
          settledNumber = (core.db.prepare(`SELECT number FROM receptions WHERE status = 'settled'`).get() as { number: string }).number;
        });
      },
    });
    const { page } = kiosk;
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('button', { name: '買取受付一覧' }).click();
    const row = page.getByTestId('reception-list').locator('tbody tr').filter({ hasText: settledNumber });
    await row.getByRole('button', { name: '開く' }).click();
    const missing = page.getByTestId('settled-signature-key-missing');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('この画像を暗号化した鍵がこの端末にありません');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: 'データ保護' }).click();
    await expect.poll(() => page.getByTestId('vault-keys').textContent()).toContain('この端末に鍵のない画像: 1件');
    await page.locator('input[type="file"]').setInputFiles(keyFile);
    const importForm = page.locator('form').filter({ has: page.getByLabel('鍵ファイル') });
    await importForm.getByLabel('IT用パスワード（12文字以上）').fill('not the password');
    await importForm.getByRole('button', { name: '鍵を取り込む' }).click();
    await importForm.locator('[data-error-code="KEY_FILE_PASSWORD_WRONG"]').waitFor();
    await importForm.getByLabel('IT用パスワード（12文字以上）').fill(IT_PASSWORD);
    await importForm.getByRole('button', { name: '鍵を取り込む' }).click();
    await importForm.getByText('1個の鍵を取り込みました。').waitFor();
    await expect.poll(() => page.getByTestId('vault-keys').textContent()).toContain('すべての画像の鍵がこの端末にあります。');

    await page.getByRole('button', { name: '買取受付一覧' }).click();
    await page.getByTestId('reception-list').locator('tbody tr').filter({ hasText: settledNumber }).getByRole('button', { name: '開く' }).click();
    await page.getByTestId('settled-signature').waitFor();
    expect(await page.getByTestId('settled-signature-key-missing').count()).toBe(0);
  });

  it('B-05 a manager checks the whole audit log from 設定 > データ保護', async () => {
    kiosk = await startKiosk();
    const { page } = kiosk;
    await signIn(page, { code: '9001', pin: '9999' });
    await page.getByRole('button', { name: '設定', exact: true }).click();
    await page.getByRole('tab', { name: 'データ保護' }).click();
    await page.getByRole('button', { name: '全件を検証する' }).click();
    // The start-up check's result shows first; wait for the full check's own.
    await expect.poll(() => page.getByTestId('audit-check').textContent()).toContain('（全件）');
    expect(await page.getByTestId('audit-check').textContent()).toContain('改ざんは見つかりませんでした。');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
