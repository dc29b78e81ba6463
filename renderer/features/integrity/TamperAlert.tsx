import { Alert, Button, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditChainAlert } from '../../../preload/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatTokyo } from '../../components/format.ts';
import { useAuditAcknowledgeMutation, useAuditStatusQuery } from '../../kiosk-api.ts';

/**
 * B-05, issue 13 §4: when the audit chain does not hold, every screen (sign-in included) is covered by this alert until
 * a manager acknowledges it with their code and PIN. It names the first record that does not hold and why.
 */
export function TamperAlert() {
  const status = useAuditStatusQuery({});
  const alert = status.data?.alert ?? null;
  if (!alert) return null;
  return <BlockingAlert alert={alert} />;
}

function BlockingAlert({ alert }: { alert: AuditChainAlert }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [acknowledge, result] = useAuditAcknowledgeMutation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void acknowledge({ code, pin });
  };
  return (
    <Modal
      opened
      onClose={() => {}}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      size="lg"
      title={t('integrity.alertTitle')}
      data-testid="tamper-alert"
    >
      <Stack>
        <Alert color="red" role="alert">
          <Stack gap={4}>
            {alert.reason !== 'guard_removed' && (
              <Text fw={700} data-testid="tamper-first-broken">
                {t('integrity.firstBroken', { seq: alert.seq })}
              </Text>
            )}
            {alert.reason !== 'guard_removed' &&
              (alert.rowAt ? (
                <Text size="sm">{t('integrity.rowDetail', { at: formatTokyo(alert.rowAt), action: alert.rowAction ?? '' })}</Text>
              ) : (
                <Text size="sm">{t('integrity.rowGone')}</Text>
              ))}
            <Text>{t(`integrity.reason.${alert.reason}`)}</Text>
            {alert.guards.length > 0 && <Text size="sm">{t('integrity.guards', { names: alert.guards.join(', ') })}</Text>}
          </Stack>
        </Alert>
        <Text>{t('integrity.blocked')}</Text>
        <form onSubmit={submit}>
          <Stack>
            <TextInput label={t('integrity.managerCode')} value={code} onChange={(e) => setCode(e.currentTarget.value)} required />
            <PasswordInput label={t('integrity.managerPin')} value={pin} onChange={(e) => setPin(e.currentTarget.value)} required inputMode="numeric" />
            <ErrorAlert error={result.error} />
            <Button type="submit" color="red" loading={result.isLoading}>
              {t('integrity.acknowledge')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
