/** The payment method that hands out money from the till: it needs an open till (M-02) and opens the drawer (M-01). */
export const CASH = 'cash';
/** M-06, M-08: the way out when the till cannot pay: the seller is paid into their bank account. */
export const BANK_TRANSFER = 'bank_transfer';

/** M-02: the notes and coins a Japanese till holds, largest first (¥2,000 notes included, rare as they are). */
export const DENOMINATIONS = [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10, 5, 1] as const;
export type Denomination = (typeof DENOMINATIONS)[number];

/** How many of each denomination were counted, keyed by the denomination in yen ("10000": 3). */
export type DenominationCounts = Partial<Record<`${Denomination}`, number>>;

/** The most pieces of one denomination a count accepts: more than any drawer holds, less than nonsense. */
export const MAX_PIECES = 100_000;

export type TillMovementKind = 'pay_in' | 'pay_out' | 'exchange';

export interface TillMovement {
  kind: TillMovementKind;
  /** Yen put in (pay_in) or taken out (pay_out), always positive here; for an exchange, the sum changed. */
  amount: number;
  reason: string;
  /** UTC ISO-8601. */
  at: string;
  staffName: string;
}

/** M-05: what a check (点検) found; the till stays open. */
export interface TillCheck {
  /** UTC ISO-8601. */
  at: string;
  expected: number;
  counted: number;
  difference: number;
}

/** M-05: what a close recorded. Amounts in yen; difference = counted − expected (negative: cash is missing). */
export interface TillClose {
  id: string;
  openedAt: string;
  closedAt: string;
  openingFloat: number;
  payoutCount: number;
  paidOut: number;
  expected: number;
  counted: number;
  difference: number;
  /** The manager who approved a difference above the shop's limit; null when none was needed. */
  approvedByName: string | null;
}

/** What the till of this counter is doing now. */
export type TillState =
  | { open: false }
  | {
      open: true;
      id: string;
      /** UTC ISO-8601. */
      openedAt: string;
      openedByName: string;
      openingFloat: number;
      openingCounts: DenominationCounts;
      /** Cash settlements paid out of this till so far, and their yen. */
      payoutCount: number;
      paidOut: number;
      /** M-04: cash moved without a sale (入金, 出金, 両替), oldest first. */
      movements: TillMovement[];
      /** What should be in the drawer now: the float less what was paid out. */
      expectedCash: number;
    };
