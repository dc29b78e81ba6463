import { describe, expect, it } from 'vitest';
import { settlementEligibility } from '../../main/domain/eligibility.ts';
import { formatReceptionNumber, normaliseReceptionNumber, tokyoDay } from '../../main/domain/reception-number.ts';
import { canCompleteAppraisal, statusAfterAppraisalEdit } from '../../main/domain/status.ts';
import { computeTotals, isTotalAcceptable } from '../../main/domain/totals.ts';
import type { ReceptionStatus } from '../../preload/types.ts';

describe('S-05 settlement eligibility', () => {
  const cases: [ReceptionStatus | null, number, boolean, ReturnType<typeof settlementEligibility>][] = [
    ['received', 1, false, { settleable: true }],
    ['appraising', 3, false, { settleable: true }],
    ['appraised', 1, false, { settleable: true }],
    ['received', 0, false, { settleable: false, reason: 'NO_ITEMS' }],
    ['appraised', 0, false, { settleable: false, reason: 'NO_ITEMS' }],
    ['settled', 2, false, { settleable: false, reason: 'SETTLED' }],
    ['cancelled', 2, false, { settleable: false, reason: 'CANCELLED' }],
    ['appraised', 2, true, { settleable: false, reason: 'SUSPECTED_STOLEN' }],
    [null, 0, false, { settleable: false, reason: 'NOT_FOUND' }],
  ];
  it.each(cases)('status %s with %i item(s), stolen flag %s', (status, itemCount, suspectedStolen, expected) => {
    expect(settlementEligibility(status ? { status, itemCount, suspectedStolen } : null)).toEqual(expected);
  });
});

describe('P-02 totals', () => {
  it('sums quantity × unit price of the items not cancelled, plus the adjustment', () => {
    const items = [
      { quantity: 2, unitPrice: 1500, cancelled: false },
      { quantity: 1, unitPrice: 9000, cancelled: true },
      { quantity: 1, unitPrice: 500, cancelled: false },
    ];
    expect(computeTotals(items, -300)).toEqual({ itemsTotal: 3500, adjustmentAmount: -300, total: 3200, itemCount: 2 });
  });
  it('never lets the total go below zero', () => {
    expect(isTotalAcceptable(computeTotals([{ quantity: 1, unitPrice: 1000, cancelled: false }], -1000))).toBe(true);
    expect(isTotalAcceptable(computeTotals([{ quantity: 1, unitPrice: 1000, cancelled: false }], -1001))).toBe(false);
  });
});

describe('P-01 reception numbers', () => {
  it('are store + terminal + Tokyo day + sequence, scannable ASCII', () => {
    expect(formatReceptionNumber('S001', 2, '20261127', 7)).toBe('S001-02-20261127-0007');
  });
  it('use the Tokyo calendar day (UTC 15:00 is already tomorrow in Tokyo)', () => {
    expect(tokyoDay(new Date('2026-11-27T14:59:59Z'))).toBe('20261127');
    expect(tokyoDay(new Date('2026-11-27T15:00:00Z'))).toBe('20261128');
  });
  it('refuse a sequence past the daily limit rather than wrapping to a used number', () => {
    expect(() => formatReceptionNumber('S001', 1, '20261127', 10_000)).toThrow();
  });
  it('compare scanned input trimmed and upper-cased', () => {
    expect(normaliseReceptionNumber(' s001-01-20261127-0001\n')).toBe('S001-01-20261127-0001');
  });
});

describe('P-02 status moves', () => {
  it.each([
    ['received', 1, 'appraising'],
    ['appraising', 2, 'appraising'],
    ['appraised', 2, 'appraising'],
    ['appraising', 0, 'received'],
    ['settled', 1, 'settled'],
    ['cancelled', 1, 'cancelled'],
  ] as const)('an appraisal edit on %s with %i item(s) after it gives %s', (from, count, to) => {
    expect(statusAfterAppraisalEdit(from, count)).toBe(to);
  });
  it('completing needs an open transaction with items', () => {
    expect(canCompleteAppraisal('appraising', 1)).toBe(true);
    expect(canCompleteAppraisal('appraising', 0)).toBe(false);
    expect(canCompleteAppraisal('settled', 3)).toBe(false);
  });
});
