import { Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** B-02 [買取] > [古物台帳]. */
export function Ledger() {
  const { t } = useTranslation();
  return (
    <>
      <Title order={2}>{t('nav.ledger')}</Title>
      <Text c="dimmed">{t('settings.comingSoon')}</Text>
    </>
  );
}
