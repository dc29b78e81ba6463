import { Alert, NumberInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { gramsToCentigrams, metalUnitPrice } from '../../../common/metal-price.ts';
import type { MetalPrices } from '../../../preload/types.ts';
import { formatYen } from '../../components/format.ts';
import { useMetalPricesQuery } from '../../kiosk-api.ts';

export interface MetalPricing {
  /** Today's buy price per gram of the metal; null when none was set today. */
  pricePerGram: number | null;
  rounding: MetalPrices['rounding'];
  /** The weight typed, in centigrams; null while empty or not in 0.01 g steps. */
  weightCg: number | null;
  /** weight × rate by the shop's rounding rule; null until both are known. */
  unitPrice: number | null;
  refetch: () => void;
}

/** today's rate of a metal category's metal and what the typed weight comes to at it. */
export function useMetalPricing(metal: string | null, weight: number | string): MetalPricing | null {
  const prices = useMetalPricesQuery({}, { skip: metal === null, refetchOnMountOrArgChange: true });
  if (metal === null) return null;
  const today = prices.data?.prices.find((p) => p.metal === metal);
  const pricePerGram = today?.pricePerGram ?? null;
  const rounding = prices.data?.rounding ?? 'floor';
  const weightCg = weight === '' ? null : gramsToCentigrams(String(weight));
  const unitPrice = pricePerGram !== null && weightCg !== null ? metalUnitPrice(weightCg, pricePerGram, rounding) : null;
  return { pricePerGram, rounding, weightCg, unitPrice, refetch: () => void prices.refetch() };
}

/** the weight field of a metal item and the sum it makes at today's rate — or why it cannot be priced today. */
export function MetalWeightField({
  metal,
  pricing,
  weight,
  onWeight,
  error,
}: {
  metal: string;
  pricing: MetalPricing;
  weight: number | string;
  onWeight: (weight: number | string) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <NumberInput
        label={t('metal.weight')}
        description={t('metal.weightHelp')}
        value={weight}
        onChange={onWeight}
        error={error}
        decimalScale={2}
        min={0}
        suffix=" g"
        withAsterisk
      />
      {pricing.pricePerGram === null ? (
        <Alert color="red" role="alert" mt="xs" data-testid="metal-price-missing">
          {t('metal.noPriceToday', { metal })}
        </Alert>
      ) : (
        <Text size="sm" mt="xs" data-testid="metal-price-line">
          {pricing.unitPrice === null
            ? t('metal.rateOnly', { metal, rate: formatYen(pricing.pricePerGram) })
            : t('metal.priced', {
                metal,
                rate: formatYen(pricing.pricePerGram),
                weight: String(weight),
                price: formatYen(pricing.unitPrice),
                rounding: t(`metal.rounding.${pricing.rounding}`),
              })}
        </Text>
      )}
    </>
  );
}
