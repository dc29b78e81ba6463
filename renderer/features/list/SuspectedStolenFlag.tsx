import { Alert, Button, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reception } from '../../../preload/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useFlagSuspectedStolenMutation, useSessionQuery } from '../../kiosk-api.ts';

/**
 * kobutsu.md §8: any member of staff flags a transaction as suspected stolen goods (it can then not be settled and
 * shows red in the list); only a manager lifts the flag. The note is kept with the flag, never in the audit log.
 */
export function SuspectedStolenFlag({ reception }: { reception: Reception }) {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const [note, setNote] = useState('');
  const [flag, flagged] = useFlagSuspectedStolenMutation();
  const isManager = session.data?.staff?.role === 'manager';
  const change = async (value: boolean) => {
    const response = await flag({ receptionId: reception.id, flagged: value, note });
    if ('data' in response) setNote('');
  };
  return (
    <Stack gap="xs">
      {reception.suspectedStolen && (
        <Alert color="red" title={t('compliance.flag')} data-testid="stolen-flag">
          {t('settlement.reason.SUSPECTED_STOLEN')}
        </Alert>
      )}
      {(!reception.suspectedStolen || isManager) && (
        <Textarea label={t('compliance.flagNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
      )}
      {!reception.suspectedStolen && (
        <Button color="red" variant="light" onClick={() => void change(true)} loading={flagged.isLoading}>
          {t('compliance.flagAction')}
        </Button>
      )}
      {reception.suspectedStolen && isManager && (
        <Button variant="default" onClick={() => void change(false)} loading={flagged.isLoading}>
          {t('compliance.unflagAction')}
        </Button>
      )}
      <ErrorAlert error={flagged.error} />
    </Stack>
  );
}
