import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShopDetails } from '../../../preload/types.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { useSaveShopDetailsMutation, useSessionQuery, useShopDetailsQuery } from '../../kiosk-api.ts';

const TEXT_FIELDS = ['name', 'postalCode', 'address', 'phone', 'licenceNumber', 'publicSafetyCommission', 'invoiceNumber'] as const;

/**
 * 店舗情報 (manager): the shop as every document names it — name, address, 古物商許可番号 and the
 * 公安委員会 that issued it — and how long a quote is valid. Settled statements keep the details of their day.
 */
export function ShopSettings() {
  const { t } = useTranslation();
  const shop = useShopDetailsQuery({});
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  const [form, setForm] = useState<ShopDetails | null>(null);
  const [save, saved] = useSaveShopDetailsMutation();
  const fieldError = useFieldError(saved.error);
  useEffect(() => {
    if (shop.data) setForm(shop.data);
  }, [shop.data]);
  if (!form) return <ErrorAlert error={shop.error} />;
  return (
    <Paper withBorder p="md" maw={960}>
      <Title order={3} size="h4">
        {t('documents.shopSettings.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('documents.shopSettings.description')}
      </Text>
      {!isManager && (
        <Alert color="orange" mb="sm">
          {t('settings.managerOnly')}
        </Alert>
      )}
      <Stack>
        <SimpleGrid cols={2}>
          {TEXT_FIELDS.map((field) => (
            <TextInput
              key={field}
              label={t(`documents.shopSettings.${field}`)}
              value={form[field]}
              onChange={(e) => setForm({ ...form, [field]: e.currentTarget.value })}
              error={fieldError(field)}
              disabled={!isManager}
            />
          ))}
          <NumberInput
            label={t('documents.shopSettings.quoteValidDays')}
            value={form.quoteValidDays}
            min={0}
            max={90}
            allowDecimal={false}
            onChange={(value) => setForm({ ...form, quoteValidDays: typeof value === 'number' ? value : Number.NaN })}
            error={fieldError('quoteValidDays')}
            disabled={!isManager}
          />
        </SimpleGrid>
        <ErrorAlert error={saved.error} />
        {saved.isSuccess && <Text c="green.9">{t('documents.shopSettings.saved')}</Text>}
        <Group>
          <Button disabled={!isManager} loading={saved.isLoading} onClick={() => void save(form)}>
            {t('documents.shopSettings.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
