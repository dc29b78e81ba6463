// B-02 and issue 14 through the real UI: the 古物台帳 of a period longer than a page shows 100 lines at a time, pages
// forward and back without repeating or skipping a line, keeps a correction on its line on page 2, and still prints and
// exports every line of the period. The settlements go through the contract (the services the screens use), in the
// kiosk's own reception numbers and stock codes.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokyoDate } from '../../common/tokyo-time.ts';
import type { LedgerLine } from '../../preload/types.ts';
import { cashFromSafeAt, executeRequest } from '../support/core.ts';
import { appraisedReception, pageActor } from './counter-fixtures.ts';
import { type Kiosk, signIn, startKiosk } from './harness.ts';

// Three lines per buyback, under the identity-check threshold; names with kana, kanji and characters outside CP932.
const goods = [
  { categoryId: 'cloth-men', name: 'デニムジャケット Ｌサイズ', grade: 'B' as const, quantity: 1, unitPrice: 3000 },
  { categoryId: 'brand-wallet', name: 'がま口財布 𠮷', grade: 'A' as const, quantity: 2, unitPrice: 1500 },
  { categoryId: 'brand-wallet', name: 'キーケース 🔑 ちいかわ', grade: 'C' as const, quantity: 1, unitPrice: 800 },
];
const BUYBACKS = 36;
const PAGE = 100;

describe('B-02 the ledger of a long period, a page at a time, through the real UI', () => {
  let kiosk: Kiosk;
  // Real time that the test can set back, as a time sync does to a PC whose clock ran fast.
  let offset = 0;
  const key = (line: LedgerLine) => `${line.receptionNumber}#${line.position}`;
  // The tests' tsconfig has no DOM types: a row is read as what it is in the page.
  const linesOf = (testId: string) => () =>
    kiosk.page
      .getByTestId(testId)
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => (row as unknown as { getAttribute(name: string): string | null }).getAttribute('data-line')));
  const shownLines = linesOf('ledger-table');
  const range = () => {
    const today = tokyoDate(new Date(Date.now() + offset));
    return { from: tokyoDate(new Date(Date.now() + offset - 86_400_000)), to: today };
  };
  const settleOne = async (items = goods) => {
    const reception = await appraisedReception(kiosk, { items });
    const actor = await pageActor(kiosk);
    cashFromSafeAt(kiosk.core, actor, reception.totals.total);
    await kiosk.core.services.settlement.execute(actor, executeRequest(reception));
    return reception;
  };

  beforeAll(async () => {
    kiosk = await startKiosk({ clock: () => new Date(Date.now() + offset) });
    await signIn(kiosk.page, { code: '9001', pin: '9999' });
    for (let i = 0; i < BUYBACKS; i++) await settleOne();
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('B-02 pages forward and back (no line repeated or skipped), a settlement recorded meanwhile does not shift page 2, a correction shows on its line on page 2, the print and the CSV hold every line', async () => {
    const { page, core } = kiosk;
    const period = range();
    const before = core.services.ledger.list(period.from, period.to).map(key);
    expect(before.length).toBeGreaterThan(PAGE);

    await page.getByRole('navigation').getByRole('button', { name: '古物台帳' }).click();
    await page.getByLabel('開始日').fill(period.from);
    await page.getByLabel('終了日').fill(period.to);
    await page.getByRole('button', { name: '表示', exact: true }).click();
    await expect.poll(shownLines).toEqual(before.slice(0, PAGE));
    await expect.poll(() => page.getByTestId('list-count').textContent()).toBe(`${before.length} 件`);

    // The PC's clock is set back a minute before these buybacks, and one more is settled while page 1 is open: it
    // sorts before every line on screen. Page 2 is read from where page 1 ended, so it is still what it was.
    offset = -(Date.now() - Date.parse(core.services.ledger.list(period.from, period.to).find((line) => key(line) === before[0])!.settledAt)) - 60_000;
    const late = await settleOne();
    const pager = page.getByTestId('ledger-pager');
    await pager.getByRole('button', { name: '次へ' }).click();
    await expect.poll(() => page.getByTestId('ledger-pager-page').textContent()).toBe('2 ページ目');
    await expect.poll(shownLines).toEqual(before.slice(PAGE, 2 * PAGE));
    expect(await pager.getByRole('button', { name: '次へ' }).isDisabled()).toBe(true);

    // kobutsu.md §4: a correction made on page 2 shows on its line there, and the page stays where it was.
    const target = before[PAGE + 1]!;
    const [number, position] = target.split('#') as [string, string];
    await page.getByRole('button', { name: `${number} の ${position} 行目を訂正` }).click();
    await page.getByLabel('訂正する項目').selectOption('seller.occupation');
    await page.getByLabel('正しい内容').fill('自営業（古着店）');
    await page.getByLabel('訂正の理由').fill('職業の聞き取り誤り');
    await page.getByRole('button', { name: '訂正を記録する' }).click();
    const row = page.locator(`tr[data-line="${target}"]`);
    await row.getByTestId('ledger-correction').getByText(/「会社員」→「自営業（古着店）」/).waitFor();
    expect(await page.getByTestId('ledger-pager-page').textContent()).toBe('2 ページ目');
    await expect.poll(shownLines).toEqual(before.slice(PAGE, 2 * PAGE));

    // Back to page 1, read afresh from the start: the late buyback is where the ledger's order puts it, before the
    // lines it preceded, and the last page ends with what page 1 pushed out.
    const after = core.services.ledger.list(period.from, period.to).map(key);
    expect(after).toHaveLength(before.length + goods.length);
    expect(after.slice(0, goods.length)).toEqual(goods.map((_, i) => `${late.number}#${i + 1}`));
    await pager.getByRole('button', { name: '前へ' }).click();
    await expect.poll(() => page.getByTestId('ledger-pager-page').textContent()).toBe('1 ページ目');
    await expect.poll(shownLines).toEqual(after.slice(0, PAGE));
    await pager.getByRole('button', { name: '次へ' }).click();
    await expect.poll(shownLines).toEqual(after.slice(PAGE));

    // The print holds the whole period, not the page on screen.
    await page.getByRole('button', { name: '印刷' }).click();
    await expect.poll(linesOf('ledger-print-table')).toEqual(after);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('ledger-print-table').isVisible()).toBe(true);
    expect(await page.getByTestId('ledger-table').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '次へ' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByTestId('ledger-print-table').isVisible()).toBe(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSVダウンロード' }).click()]);
    const rows = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => `${r.受付番号}#${r.行}`)).toEqual(after);
    expect(rows.find((r) => `${r.受付番号}#${r.行}` === target)!.訂正).toContain('職業: 会社員 → 自営業（古着店）');
  });
});
