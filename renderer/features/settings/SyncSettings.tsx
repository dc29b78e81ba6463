import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function SyncSettings() {
  const { t } = useTranslation();
  return <Text c="dimmed">{t('settings.comingSoon')}</Text>;
}
