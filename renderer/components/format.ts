const yen = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });
import { formatTokyoDateTime } from '../../common/tokyo-time.ts';

/** Money is integer yen, shown with the yen sign and thousands separators. */
export function formatYen(amount: number): string {
  return yen.format(amount);
}

/** Times are stored in UTC and shown in Asia/Tokyo. */
export function formatTokyo(iso: string): string {
  return formatTokyoDateTime(iso);
}
