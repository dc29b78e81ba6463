import type { Eligibility, ReceptionStatus } from '../../preload/types.ts';

const SETTLEABLE: readonly ReceptionStatus[] = ['received', 'appraising', 'appraised'];

export interface EligibilityInput {
  status: ReceptionStatus;
  itemCount: number;
  suspectedStolen: boolean;
}

/**
 * S-05: only a transaction that is received, being appraised or appraised, and that has at least one appraised
 * item, can be settled. A transaction flagged as suspected stolen goods never can (kobutsu.md §8).
 */
export function settlementEligibility(reception: EligibilityInput | null): Eligibility {
  if (!reception) return { settleable: false, reason: 'NOT_FOUND' };
  if (reception.status === 'settled') return { settleable: false, reason: 'SETTLED' };
  if (reception.status === 'cancelled') return { settleable: false, reason: 'CANCELLED' };
  if (!SETTLEABLE.includes(reception.status)) return { settleable: false, reason: 'NOT_FOUND' };
  if (reception.itemCount < 1) return { settleable: false, reason: 'NO_ITEMS' };
  if (reception.suspectedStolen) return { settleable: false, reason: 'SUSPECTED_STOLEN' };
  return { settleable: true };
}

/** S-13, S-19, P-03: settled and cancelled transactions are closed: no edit, no delete. */
export function isClosed(status: ReceptionStatus): boolean {
  return status === 'settled' || status === 'cancelled';
}
