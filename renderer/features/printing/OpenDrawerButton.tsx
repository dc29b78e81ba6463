import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { useOpenDrawerMutation, useSessionQuery } from '../../kiosk-api.ts';
import { PrintJobResult } from './PrintJobResult.tsx';

/**
 * M-01: a manager opens the cash drawer without a sale, saying why (the reason is audited). Clerks do not see the
 * button, and the main process refuses them the channel anyway.
 */
export function OpenDrawerButton() {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [openDrawer, result] = useOpenDrawerMutation();
  const fieldError = useFieldError(result.error);
  if (session.data?.staff?.role !== 'manager') return null;
  const close = () => {
    setOpened(false);
    setReason('');
    result.reset();
  };
  const refused = result.error && !fieldError('reason');
  return (
    <>
      <Button variant="default" size="md" onClick={() => setOpened(true)}>
        {t('drawer.open')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('drawer.openTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack>
          <Text>{t('drawer.openHelp')}</Text>
          <TextInput
            size="lg"
            label={t('drawer.reason')}
            placeholder={t('drawer.reasonPlaceholder')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError('reason')}
            required
            data-autofocus
          />
          {refused && <ErrorAlert error={result.error} />}
          <PrintJobResult job={result.data} testId="drawer-open-result" />
          <Group>
            <Button size="lg" loading={result.isLoading} onClick={() => void openDrawer({ reason })}>
              {t('drawer.open')}
            </Button>
            <Button size="lg" variant="default" onClick={close}>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
