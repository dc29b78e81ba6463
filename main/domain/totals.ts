import type { Totals } from '../../preload/types.ts';

export interface PricedItem {
  quantity: number;
  unitPrice: number;
  cancelled: boolean;
}

/** P-02, S-12: what the shop pays — the items that are not cancelled, plus the adjustment amount. */
export function computeTotals(items: readonly PricedItem[], adjustmentAmount: number): Totals {
  const live = items.filter((item) => !item.cancelled);
  const itemsTotal = live.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
  return {
    itemsTotal,
    adjustmentAmount,
    total: itemsTotal + adjustmentAmount,
    itemCount: live.length,
  };
}

/** P-02: the adjustment may be negative, but never so much that the shop would be paid by the customer. */
export function isTotalAcceptable(totals: Totals): boolean {
  return totals.total >= 0;
}
