const yen = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });
const tokyo = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Money is integer yen, shown with the yen sign and thousands separators. */
export function formatYen(amount: number): string {
  return yen.format(amount);
}

/** Times are stored in UTC and shown in Asia/Tokyo. */
export function formatTokyo(iso: string): string {
  return tokyo.format(new Date(iso));
}
