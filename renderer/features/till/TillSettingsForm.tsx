import { Button, Group, NumberInput, Paper, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { useSaveTillSettingsMutation, useTillSettingsQuery } from '../../kiosk-api.ts';
import { HqOwnedNote } from '../settings/HqOwnedNote.tsx';

/**
 * M-05: the difference (either way, in whole yen) a till may close with before a manager must approve. Managers
 * change it; a bad value is refused on the field and nothing is saved.
 */
export function TillSettingsForm({ disabled: notManager, hqOwned = false }: { disabled: boolean; hqOwned?: boolean }) {
  const { t } = useTranslation();
  const disabled = notManager || hqOwned;
  const settings = useTillSettingsQuery({}, { refetchOnMountOrArgChange: true });
  const [limit, setLimit] = useState<number | string>('');
  const [save, saved] = useSaveTillSettingsMutation();
  const fieldError = useFieldError(saved.error);
  const stored = settings.data?.closeApprovalYen;
  useEffect(() => {
    if (stored !== undefined) setLimit(stored);
  }, [stored]);
  return (
    <Paper withBorder p="md" data-testid="till-settings">
      <Title order={3} size="h4" mb="sm">
        {t('cash.settingsTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('cash.settingsHelp')}
      </Text>
      {hqOwned && <HqOwnedNote what="setting" />}
      <Group align="end">
        <NumberInput
          size="lg"
          label={t('cash.closeApprovalYen')}
          value={limit}
          onChange={setLimit}
          error={fieldError('closeApprovalYen')}
          allowDecimal={false}
          thousandSeparator=","
          disabled={disabled}
          w={260}
        />
        {!hqOwned && (
          <Button
            size="lg"
            disabled={disabled}
            loading={saved.isLoading}
            onClick={() => void save({ closeApprovalYen: typeof limit === 'number' ? limit : Number.NaN })}
          >
            {t('common.save')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={settings.error ?? saved.error} />
      {saved.isSuccess && <Text c="green.9">{t('settings.saved')}</Text>}
    </Paper>
  );
}
