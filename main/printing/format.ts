const tokyo = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2025/04/01 09:05` in Japan time, whatever the machine's zone: data is UTC, paper is read in the shop. */
export function formatTokyoDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an ISO date: ${iso}`);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    tokyo.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}/${part('month')}/${part('day')} ${part('hour')}:${part('minute')}`;
}

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
