/** `2025/04/01 09:05` in Japan time, whatever the machine's zone: data is UTC, paper is read in the shop. */
export { formatTokyoDateTime } from '../../common/tokyo-time.ts';

const grouping = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 });

/** Integer yen as printed: `¥12,800`, `-¥500`. The ¥ becomes CP932 0x5C, which the Japan set prints as ¥. */
export function formatYen(amount: number): string {
  if (!Number.isInteger(amount)) throw new RangeError(`Yen amounts are integers, got ${amount}`);
  const sign = amount < 0 ? '-' : '';
  return `${sign}¥${grouping.format(Math.abs(amount))}`;
}

export function formatCount(value: number): string {
  return grouping.format(value);
}
