/**
 * what the shop's own settled prices say about an item being priced — the rule, apart from where the prices
 * come from. The clerk decides the price; this only summarises.
 */

/** Fewer settled prices than this say nothing worth showing. */
export const MIN_HINT_PRICES = 3;
/** Prices older than this are a different market (a console at launch, a watch before a price rise). */
export const HINT_WINDOW_DAYS = 365;
/** At most this many of the newest prices are summarised: the median of the recent market, read in < 1 ms. */
export const MAX_HINT_PRICES = 500;
/** How many of the newest prices are listed one by one. */
export const RECENT_HINT_PRICES = 5;

export interface PaidPrice {
  unitPrice: number;
  /** UTC ISO-8601. */
  settledAt: string;
}

export interface PriceSummary {
  count: number;
  median: number;
  min: number;
  max: number;
  /** The newest prices, newest first. */
  recent: PaidPrice[];
}

/**
 * Median (the mean of the two middle prices for an even count, rounded down to whole yen), range and the newest
 * prices of `prices` (newest first); null below MIN_HINT_PRICES.
 */
export function summarisePrices(prices: readonly PaidPrice[]): PriceSummary | null {
  if (prices.length < MIN_HINT_PRICES) return null;
  const sorted = prices.map((p) => p.unitPrice).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : Math.floor((sorted[middle - 1]! + sorted[middle]!) / 2);
  return { count: sorted.length, median, min: sorted[0]!, max: sorted.at(-1)!, recent: prices.slice(0, RECENT_HINT_PRICES) };
}

/** The oldest settlement instant a hint at `now` still reads. */
export function hintWindowStart(now: Date): string {
  return new Date(now.getTime() - HINT_WINDOW_DAYS * 86_400_000).toISOString();
}
