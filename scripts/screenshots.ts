// `npx tsx scripts/screenshots.ts`: the README's screenshots, taken from the real app in Chromium through the browser
// host with the demo data (npm run build first).
import { join } from 'node:path';
import { ROOT, signIn, startKiosk } from '../tests/e2e/harness.ts';

const out = join(ROOT, 'assets/screenshots');
const kiosk = await startKiosk();
const { page, core } = kiosk;
const shot = (name: string) => page.screenshot({ path: join(out, `${name}.png`) });
try {
  await page.getByLabel('端末ID').waitFor();
  await signIn(page);
  await page.getByText('非会員（来店客）').click();
  await page.getByLabel('氏名').fill('木村 拓也');
  await page.getByLabel('フリガナ').fill('キムラ タクヤ');
  await shot('reception');

  const appraised = core.db.prepare(`SELECT id, number FROM receptions WHERE status = 'appraised' LIMIT 1`).get() as { id: string; number: string };
  await page.getByRole('button', { name: '買取査定' }).click();
  await page.getByTestId('reception-number-input').fill(appraised.number);
  await page.keyboard.press('Enter');
  await page.getByTestId('items-table').waitFor();
  await shot('appraisal');

  await page.getByRole('button', { name: '精算', exact: true }).click();
  await page.getByTestId('settlement-number').waitFor();
  await shot('settlement');
  await page.getByRole('button', { name: '精算確認' }).click();
  await page.getByLabel('上記の買取同意事項に同意する').check({ force: true });
  await shot('wizard-agreement');
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByTestId('verification').waitFor();
  await shot('wizard-verification');
  await page.getByRole('button', { name: '閉じる' }).first().click();

  await page.getByRole('button', { name: '買取受付一覧' }).click();
  await page.getByTestId('reception-list').waitFor();
  await shot('reception-list');
  await page.getByRole('button', { name: '古物台帳' }).click();
  await page.waitForTimeout(500);
  await shot('ledger');
  await page.getByRole('navigation').getByRole('button', { name: '設定', exact: true }).click();
  await page.getByRole('tab', { name: '周辺機器設定' }).click();
  await page.waitForTimeout(500);
  await shot('peripheral-settings');
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.getByLabel('従業員コード').waitFor();
  await shot('sign-in');
} finally {
  await kiosk.close();
}
console.log(`screenshots written to ${out}`);
