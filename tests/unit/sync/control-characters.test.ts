/**
 * Issue 13 §2 (D-06, B-09): an item name holding a NUL once passed the contract, was stored by HQ on SQLite and made
 * HQ on PostgreSQL answer 500 to every push. Free text now refuses control characters at the contract, with a
 * translated error, and nothing is written.
 */
import i18next from 'i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import en from '../../../renderer/i18n/en.json' with { type: 'json' };
import ja from '../../../renderer/i18n/ja.json' with { type: 'json' };
import { startTestCore, type TestCore } from '../../support/core.ts';

const walkIn = {
  name: '山田 太郎',
  nameKana: 'ヤマダ タロウ',
  postalCode: '',
  address: '東京都千代田区千代田1-1',
  phone: '090-1234-5678',
  birthDate: '1980-01-01',
  occupation: '会社員',
};
const item = { categoryId: 'brand-wallet', grade: 'B' as const, quantity: 1, unitPrice: 4_000 };

let t: TestCore;
beforeEach(async () => {
  t = await startTestCore();
});
afterEach(() => t.close());

const itemCount = (receptionId: string) =>
  (t.core.db.prepare('SELECT COUNT(*) AS n FROM reception_items WHERE reception_id = ?').get(receptionId) as { n: number }).n;

describe('free text refuses control characters at the contract (issue 13 §2)', () => {
  it.each([
    ['NUL', 'ヴィトン 長財布\u0000'],
    ['NUL inside', '𠮷野家\u0000コラボ 財布'],
    ['escape', 'ｼｬﾈﾙ\u001b[31m 財布'],
    ['a line break', 'がま口\n財布'],
    ['C1 control', 'ポーチ\u0085'],
  ])('D-06 %s in an item name is refused as validation.controlCharacters and nothing is stored', async (_, name) => {
    const reception = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const result = await t.call('appraisal:addItem', { receptionId: reception.id, item: { ...item, name } });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'errors.INVALID_INPUT', fields: { 'item.name': 'validation.controlCharacters' } },
    });
    expect(itemCount(reception.id)).toBe(0);
  });

  it('D-06 a multi-line note keeps its line breaks and tabs but not a NUL', async () => {
    const note = '付属品: 箱\n保証書: なし\t(確認済み) 😀';
    const ok = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note });
    expect(ok.note).toBe(note);
    const refused = await t.call('reception:create', { kind: 'walkIn', seller: walkIn, note: `${note}\u0000` });
    expect(refused).toMatchObject({ ok: false, error: { fields: { note: 'validation.controlCharacters' } } });
  });

  it('D-06 hiragana, katakana, 𠮷 and emoji (outside CP932) still pass', async () => {
    const reception = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    const name = `ぬいぐるみ ヌイグルミ 𠮷 🧸 ${'あ'.repeat(150)}`;
    const updated = await t.ok('appraisal:addItem', { receptionId: reception.id, item: { ...item, name } });
    expect(updated.items.at(-1)?.name).toBe(name);
  });

  it('D-06 the error is translated in Japanese and English', async () => {
    for (const [lng, resources, expected] of [
      ['ja', ja, '制御文字（NUL など）は入力できません'],
      ['en', en, 'Control characters (such as NUL) are not allowed'],
    ] as const) {
      const i18n = i18next.createInstance();
      await i18n.init({ lng, resources: { [lng]: { translation: resources } } });
      expect(i18n.t('validation.controlCharacters')).toBe(expected);
    }
  });
});
