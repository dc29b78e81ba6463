import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useInstallUpdateMutation, useUpdateStatusQuery } from '../../kiosk-api.ts';

/**
 * D-09 / issue 11 §4: a downloaded update. Where it needs administrator rights (a per-machine install on a standard
 * kiosk user) a manager installs it here at closing; elsewhere it installs by itself when the counter is free.
 */
export function UpdateNotice() {
  const { t } = useTranslation();
  const status = useUpdateStatusQuery({}, { pollingInterval: 60_000 });
  const [install, installing] = useInstallUpdateMutation();
  const update = status.data;
  if (!update) return null;
  return (
    <Alert color="blue" title={t('shell.update.title')} mb="md" data-testid="update-notice">
      <Stack gap="xs">
        <Text>{t(update.mode === 'manager' ? 'shell.update.readyManager' : 'shell.update.readyAuto', { version: update.version })}</Text>
        {update.waitingFor.length > 0 && (
          <>
            <Text size="sm">{t('shell.update.waiting')}</Text>
            <List size="sm">
              {update.waitingFor.map((blocker) => (
                <List.Item key={blocker}>{t(`shell.update.blocker.${blocker}`)}</List.Item>
              ))}
            </List>
          </>
        )}
        {update.mode === 'manager' && (
          <Button onClick={() => void install({})} loading={installing.isLoading}>
            {t('shell.update.install')}
          </Button>
        )}
        <ErrorAlert error={installing.error} />
      </Stack>
    </Alert>
  );
}
