import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function PeripheralSettings() {
  const { t } = useTranslation();
  return <Text c="dimmed">{t('settings.comingSoon')}</Text>;
}
