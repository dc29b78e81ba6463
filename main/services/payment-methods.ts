import { BANK_TRANSFER, CASH } from '../../common/till.ts';
import type { Db } from '../../db/open.ts';
import type { PaymentMethod } from '../../preload/types.ts';
import { readSetting } from './settings.ts';

/**
 * The payment methods every shop has; a shop adds its own in the settings. Kept apart from the settlement service so
 * the till's history (M-07) can name methods without depending on settlement, which depends on the till.
 */
export const BUILT_IN_PAYMENT_METHODS: readonly PaymentMethod[] = [
  { id: CASH, labelJa: '現金', labelEn: 'Cash' },
  { id: BANK_TRANSFER, labelJa: '銀行振込', labelEn: 'Bank transfer' },
];

/** A method's names (Japanese as printed, English for the screen); an unknown id (a method since removed) as it is. */
export function paymentMethodLabels(db: Db, id: string): { labelJa: string; labelEn: string } {
  const method = [...BUILT_IN_PAYMENT_METHODS, ...readSetting(db, 'paymentMethods')].find((m) => m.id === id);
  return { labelJa: method?.labelJa ?? id, labelEn: method?.labelEn ?? id };
}
