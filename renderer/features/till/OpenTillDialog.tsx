import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, toErrorInfo, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatYen } from '../../components/format.ts';
import { useOpenTillMutation } from '../../kiosk-api.ts';
import { countedTotal, DenominationCountFields, type TypedCounts, typedCounts } from './DenominationCountFields.tsx';

/**
 * M-02: the clerk counts the float into the till, piece by piece per denomination, and opens it. The total follows
 * the counts as they are typed; the main process checks them again, and a bad count opens nothing.
 */
export function OpenTillDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<TypedCounts>({});
  const [openTill, result] = useOpenTillMutation();
  const fieldError = useFieldError(result.error);
  const total = countedTotal(counts);
  const close = () => {
    setCounts({});
    result.reset();
    onClose();
  };
  const hasFieldErrors = Object.keys(toErrorInfo(result.error)?.fields ?? {}).length > 0;
  return (
    <Modal opened={opened} onClose={close} title={t('till.openTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text>{t('till.openHelp')}</Text>
        <DenominationCountFields counts={counts} onChange={setCounts} fieldError={fieldError} />
        <Text fw={700} size="xl" data-testid="till-float-total">
          {t('till.floatTotal', { total: formatYen(total) })}
        </Text>
        {hasFieldErrors ? <Alert color="red">{t('errors.TILL_COUNT_INVALID')}</Alert> : <ErrorAlert error={result.error} />}
        <Group>
          <Button
            size="lg"
            loading={result.isLoading}
            onClick={async () => {
              const response = await openTill({ counts: typedCounts(counts) });
              if ('data' in response && response.data) close();
            }}
          >
            {t('till.open')}
          </Button>
          <Button size="lg" variant="default" onClick={close}>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
