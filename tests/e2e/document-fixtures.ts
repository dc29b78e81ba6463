// Fixtures for the documents' tests (issue 16): receptions with the product's real shapes — kiosk-issued numbers and
// stock codes, MAX_YEN amounts, 𠮷 and emoji outside CP932, hiragana and katakana, long names — settled through the
// services as the counter would settle them, so each test drives only the part of the UI it is about.
import { PNG } from 'pngjs';
import { signedDeclaration } from '../../main/services/demo.ts';
import { BuybackSettingsService } from '../../main/services/buyback-settings.ts';
import type { Actor } from '../../main/services/accounts.ts';
import { type BANK_TRANSFER, CASH } from '../../common/till.ts';
import { MAX_YEN } from '../../preload/contract.ts';
import type { ItemFields, Seller } from '../../preload/types.ts';
import { cashFromSafe } from './counter-fixtures.ts';
import type { Kiosk } from './harness.ts';

export const SELLER: Seller & { birthDate: string } = {
  name: '𠮷野 はるか',
  nameKana: 'ヨシノ ハルカ',
  postalCode: '155-0033',
  address: '東京都世田谷区代田1-2-3 コーポ𠮷田 201号室',
  phone: '090-1234-5678',
  birthDate: '1988-02-29',
  occupation: 'デザイナー',
};

/** A watch at the contract's maximum unit price, with an emoji and a name long enough to wrap several times. */
export const LONG_NAME =
  'ロレックス コスモグラフ デイトナ 116500LN ホワイト文字盤 😀 ギャランティカード・箱・余りコマ・冊子一式 付属品完備 2019年購入 国内正規店 オーバーホール済み 新品仕上げなし 目立つ傷なし';

export const ITEMS: ItemFields[] = [
  {
    categoryId: 'watch-wrist',
    name: LONG_NAME,
    maker: 'ロレックス',
    model: '116500LN',
    serial: 'ABC123456',
    colour: 'ホワイト',
    features: '箱・保証書付き',
    grade: 'A',
    quantity: 1,
    unitPrice: MAX_YEN,
  },
  { categoryId: 'brand-bag', name: 'ショルダーバッグ🎒', maker: 'コーチ', model: '', serial: '', colour: 'ブラウン', features: '', grade: 'B', quantity: 2, unitPrice: 42_000 },
];

export function staffActor(kiosk: Kiosk, code: '1001' | '9001' = '1001'): Actor {
  const staff = kiosk.core.db.prepare('SELECT id, code, name, role FROM staff WHERE code = ?').get(code) as Actor['staff'];
  return { terminal: kiosk.core.services.accounts.requireTerminal(), staff };
}

/** A signature as the pad makes it: a dark stroke on white, as PNG. */
export function signaturePng(): string {
  const png = new PNG({ width: 480, height: 160 });
  png.data.fill(255);
  for (let x = 20; x < 460; x++) {
    const y = Math.round(80 + Math.sin(x / 25) * 45);
    for (let dy = -3; dy <= 3; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const i = ((y + dy) * png.width + (x + dx)) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 20;
      }
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/** A walk-in reception with these items, appraised (and adjusted), ready to settle. */
export function appraised(kiosk: Kiosk, items: ItemFields[] = ITEMS, adjustment?: { amount: number; reason: string }, seller = SELLER) {
  const { receptions } = kiosk.core.services;
  const actor = staffActor(kiosk);
  const reception = receptions.create(actor, { kind: 'walkIn', seller, note: '' });
  for (const item of items) receptions.addItem(actor, reception.id, item);
  if (adjustment) receptions.setAdjustment(staffActor(kiosk, '9001'), reception.id, adjustment.amount, adjustment.reason);
  return receptions.complete(actor, reception.id);
}

/**
 * Settles it as the wizard would: a signed declaration with the signature from the pad, the active terms agreed.
 * Cash by default, with any shortfall brought from the safe first as a shop would (M-06); a sum no safe holds (the
 * 60-item statement's ¥999 billion) is paid by bank transfer.
 */
export async function settle(
  kiosk: Kiosk,
  reception: { id: string; version: number },
  options: { tNumber?: string; paymentMethod?: typeof CASH | typeof BANK_TRANSFER } = {},
) {
  const { settlement } = kiosk.core.services;
  const current = kiosk.core.services.receptions.get(reception.id);
  const paymentMethod = options.paymentMethod ?? CASH;
  if (paymentMethod === CASH) cashFromSafe(kiosk, staffActor(kiosk), current.totals.total);
  settlement.stageImage(reception.id, 'signature', signaturePng());
  const terms = settlement.options().terms;
  const verification = signedDeclaration({ ...current.seller, birthDate: current.seller.birthDate });
  if (options.tNumber) verification.invoice = { registered: true, tNumber: options.tNumber };
  return settlement.execute(staffActor(kiosk), {
    receptionId: reception.id,
    version: current.version,
    settlementId: crypto.randomUUID(),
    cancelledItemIds: [],
    ecPublishItemIds: [],
    agreedTermsVersion: terms?.version ?? null,
    paymentMethod,
    printMethod: 'none',
    points: null,
    verification,
  });
}

/** A manager saves new agreement terms (a new version). */
export function saveTerms(kiosk: Kiosk, title: string, body: string) {
  const { db, events } = kiosk.core;
  const service = new BuybackSettingsService({ db, events, clock: () => new Date(), newId: () => crypto.randomUUID() });
  return service.saveTerms(staffActor(kiosk, '9001'), { title, body });
}

export function numberOf(kiosk: Kiosk, receptionId: string): string {
  return (kiosk.core.db.prepare('SELECT number FROM receptions WHERE id = ?').get(receptionId) as { number: string }).number;
}
