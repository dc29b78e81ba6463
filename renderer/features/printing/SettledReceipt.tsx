import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskErrorInfo, Reception } from '../../../preload/types.ts';
import { useReprintReceiptMutation, useRetryPrintJobMutation } from '../../kiosk-api.ts';
import { PrintJobResult } from './PrintJobResult.tsx';

/**
 * The receipt of a settled reception (S-16, S-18): the outcome of the print at execute — a failure is shown with its
 * reason and a retry, the settlement standing regardless — and a reprint at any time.
 */
/** printError: the outcome of the print at execute, given only on the screen that just settled. */
export function SettledReceipt({ reception, printError }: { reception: Reception; printError?: KioskErrorInfo | null }) {
  const { t } = useTranslation();
  const [reprint, reprinted] = useReprintReceiptMutation();
  const [retry, retried] = useRetryPrintJobMutation();
  const [executeError, setExecuteError] = useState(printError ?? null);
  const failedJobId = typeof executeError?.params?.jobId === 'string' ? executeError.params.jobId : null;
  const latest = retried.data ?? reprinted.data;
  const printedAtExecute = printError === null && reception.settlement?.printMethod === 'receipt';

  return (
    <Stack data-testid="settled-receipt">
      {executeError && !latest && (
        <Alert color="red" role="alert" title={t('printing.receiptFailedTitle')} data-testid="receipt-print-error" data-error-code={executeError.code}>
          <Stack gap="xs">
            <Text>{t(executeError.message, { ...executeError.params, defaultValue: t('errors.PRINTER_ERROR') })}</Text>
            <Text size="sm">{t('printing.settledAnyway')}</Text>
          </Stack>
        </Alert>
      )}
      {printedAtExecute && !latest && <Text>{t('printing.receiptPrinted')}</Text>}
      <PrintJobResult job={latest} error={reprinted.error ?? retried.error} testId="receipt-print-result" />
      <Group>
        {failedJobId && !latest ? (
          <Button
            color="red.8"
            loading={retried.isLoading}
            onClick={async () => {
              const response = await retry({ jobId: failedJobId });
              if ('data' in response && response.data?.status === 'done') setExecuteError(null);
            }}
          >
            {t('printing.retry')}
          </Button>
        ) : (
          <Button variant="light" loading={reprinted.isLoading} onClick={() => void reprint({ receptionId: reception.id })}>
            {t('printing.reprintReceipt')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
