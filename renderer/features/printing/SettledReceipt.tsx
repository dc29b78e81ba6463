import { Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KioskErrorInfo, PrintJob, Reception } from '../../../preload/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useReprintReceiptMutation } from '../../kiosk-api.ts';
import { PrintJobResult } from './PrintJobResult.tsx';

/**
 * The receipt of a settled reception (S-16, S-18, Q-03). Right after execute: the receipt printing in the background —
 * printing, retrying by itself, printed, or failed with Retry — the settlement standing regardless. Later, from the
 * reception list: a reprint, marked 再発行 on the paper.
 */
export function SettledReceipt({
  reception,
  receiptJob,
  printError,
}: {
  reception: Reception;
  /** The job execute queued; given only on the screen that just settled. */
  receiptJob?: PrintJob | null;
  /** The receipt could not even be queued (e.g. the printer was switched off meanwhile). */
  printError?: KioskErrorInfo | null;
}) {
  const { t } = useTranslation();
  const [reprint, reprinted] = useReprintReceiptMutation();
  const job = reprinted.data ?? receiptJob ?? null;
  const busy = job !== null && (job.status === 'queued' || job.status === 'printing' || job.status === 'retrying');
  return (
    <Stack data-testid="settled-receipt">
      <ErrorAlert error={printError} />
      <PrintJobResult job={job} error={reprinted.error} testId="receipt-print-result" />
      {!busy && job?.status !== 'failed' && (
        <Group>
          <Button variant="light" loading={reprinted.isLoading} onClick={() => void reprint({ receptionId: reception.id })}>
            {t('printing.reprintReceipt')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
