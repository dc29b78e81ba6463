import { Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { tokyoDate } from '../../../common/tokyo-time.ts';
import type { Grade } from '../../../preload/types.ts';
import { formatYen } from '../../components/format.ts';
import { usePriceHintQuery } from '../../kiosk-api.ts';

/** Only a code of a barcode's length is worth asking about; anything else the form itself will refuse. */
const PRODUCT_CODE_SHAPE = /^\s*(\d{8}|\d{12}|\d{13})\s*$/;

/**
 * what the shop paid before for this product (or category) and grade, beside the unit price. Read only: the
 * clerk prices the item; nothing here is ever written into the price field.
 */
export function PriceHint({ categoryId, grade, productCode }: { categoryId: string; grade: Grade; productCode: string }) {
  const { t } = useTranslation();
  const code = PRODUCT_CODE_SHAPE.test(productCode) ? productCode.trim() : '';
  const hint = usePriceHintQuery({ categoryId, grade, productCode: code }, { skip: categoryId === '' && code === '', refetchOnMountOrArgChange: true });
  if (!hint.data) return null;
  const { basis, count, median, min, max, recent } = hint.data;
  return (
    <Paper withBorder p="xs" mt="xs" bg="gray.0" data-testid="price-hint" aria-label={t('priceHint.title')}>
      <Text size="sm" fw={600}>
        {t(basis === 'product' ? 'priceHint.byProduct' : 'priceHint.byCategory', { grade, count })}
      </Text>
      <Text size="sm" data-testid="price-hint-median">
        {t('priceHint.median', { median: formatYen(median) })}
      </Text>
      <Text size="sm">{t('priceHint.range', { min: formatYen(min), max: formatYen(max) })}</Text>
      <Text size="sm" c="dimmed" data-testid="price-hint-recent">
        {t('priceHint.recent', { prices: recent.map((p) => `${tokyoDate(p.settledAt).replaceAll('-', '/')} ${formatYen(p.unitPrice)}`).join('、') })}
      </Text>
    </Paper>
  );
}
