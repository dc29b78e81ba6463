import { Alert, Code, Container, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Issue 11 §1: shown instead of the app when the Electron kiosk has no window.kiosk (its preload failed to load).
 * Nothing can work then, so the screen says so and tells IT what to do, instead of every button failing silently.
 */
export function BridgeMissing() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>{t('shell.bridgeMissing.title')}</Title>
        <Alert color="red" role="alert">
          <Text>{t('shell.bridgeMissing.body')}</Text>
        </Alert>
        <Title order={2} size="h3">
          {t('shell.forIt')}
        </Title>
        <List>
          <List.Item>{t('shell.bridgeMissing.reinstall')}</List.Item>
          <List.Item>
            {t('shell.logAt')} <Code>logs/kiosk.log</Code>
          </List.Item>
        </List>
      </Stack>
    </Container>
  );
}
