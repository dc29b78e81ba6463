import { Button, Group, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { METAL_ROUNDING } from '../../../common/metal-price.ts';
import type { MetalPrices } from '../../../preload/types.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { useMetalPricesQuery, useSetMetalPriceMutation, useSetMetalRoundingMutation } from '../../kiosk-api.ts';
import { HqOwnedNote, useHqOwned } from './HqOwnedNote.tsx';

/**
 * A-03 [設定 › 貴金属相場]: today's buy price per gram of each metal, set by a manager each business day (a day
 * without one cannot price metal by weight), and the rounding rule. Each change is audited with who and when.
 */
export function MetalPriceSettings() {
  const { t } = useTranslation();
  const prices = useMetalPricesQuery({}, { refetchOnMountOrArgChange: true });
  const [setRounding, rounded] = useSetMetalRoundingMutation();
  const hqOwned = useHqOwned();
  if (prices.error) return <ErrorAlert error={prices.error} />;
  if (!prices.data) return null;
  const data = prices.data;
  return (
    <Stack>
      <Title order={3}>{t('metal.title')}</Title>
      <Text>{t('metal.businessDate', { date: data.businessDate })}</Text>
      <Table verticalSpacing="sm" data-testid="metal-prices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('metal.metal')}</Table.Th>
            <Table.Th>{t('metal.todayPrice')}</Table.Th>
            <Table.Th>{t('metal.setBy')}</Table.Th>
            <Table.Th>{t('metal.newPrice')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.prices.map((price) => (
            <MetalPriceRow key={price.metal} price={price} onSaved={() => void prices.refetch()} />
          ))}
        </Table.Tbody>
      </Table>
      <Group align="end">
        {hqOwned.setting('metalRounding') && <HqOwnedNote what="setting" />}
        <Select
          disabled={hqOwned.setting('metalRounding')}
          label={t('metal.roundingLabel')}
          data={METAL_ROUNDING.map((r) => ({ value: r, label: t(`metal.rounding.${r}`) }))}
          value={data.rounding}
          onChange={(value) => {
            if (value) void setRounding({ rounding: value as MetalPrices['rounding'] }).then(() => prices.refetch());
          }}
          allowDeselect={false}
          w={240}
        />
      </Group>
      <ErrorAlert error={rounded.error} />
    </Stack>
  );
}

function MetalPriceRow({ price, onSaved }: { price: MetalPrices['prices'][number]; onSaved: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<number | string>('');
  const [save, saved] = useSetMetalPriceMutation();
  const fieldError = useFieldError(saved.error);
  return (
    <Table.Tr>
      <Table.Td fw={700}>{price.metal}</Table.Td>
      <Table.Td data-testid={`metal-today-${price.metal}`}>
        {price.pricePerGram === null ? <Text c="red.8">{t('metal.notSet')}</Text> : t('metal.perGram', { price: formatYen(price.pricePerGram) })}
      </Table.Td>
      <Table.Td>{price.setAt ? `${price.owner === 'hq' ? t('metal.hq') : (price.setBy ?? '')} ${formatTokyo(price.setAt)}` : ''}</Table.Td>
      <Table.Td>
        {price.owner === 'hq' ? (
          // today's price came from headquarters and is theirs to change.
          <Text c="dimmed" data-testid={`metal-hq-owned-${price.metal}`}>
            {t('metal.hqOwned')}
          </Text>
        ) : (
        <Group align="start" wrap="nowrap">
          <NumberInput
            aria-label={t('metal.newPriceOf', { metal: price.metal })}
            value={value}
            onChange={setValue}
            allowDecimal={false}
            thousandSeparator=","
            prefix="¥"
            suffix=" /g"
            error={fieldError('pricePerGram')}
            w={200}
          />
          <Button
            variant="light"
            loading={saved.isLoading}
            aria-label={t('metal.setPriceOf', { metal: price.metal })}
            onClick={() =>
              void save({ metal: price.metal, pricePerGram: typeof value === 'number' ? value : Number.NaN }).then((response) => {
                if ('data' in response && response.data) {
                  setValue('');
                  onSaved();
                }
              })
            }
          >
            {t('metal.set')}
          </Button>
        </Group>
        )}
        <ErrorAlert error={saved.error} />
      </Table.Td>
    </Table.Tr>
  );
}
