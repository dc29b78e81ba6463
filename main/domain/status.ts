import type { ReceptionStatus } from '../../preload/types.ts';

/**
 * P-02: the status after the appraisal changed. Adding or editing items moves a received or appraised transaction
 * to `appraising`; a transaction with no items left goes back to `received`.
 */
export function statusAfterAppraisalEdit(current: ReceptionStatus, itemCountAfter: number): ReceptionStatus {
  if (current === 'settled' || current === 'cancelled') return current;
  return itemCountAfter === 0 ? 'received' : 'appraising';
}

/** P-02: staff mark the appraisal complete; it needs at least one item. */
export function canCompleteAppraisal(current: ReceptionStatus, itemCount: number): boolean {
  return (current === 'appraising' || current === 'received') && itemCount > 0;
}
