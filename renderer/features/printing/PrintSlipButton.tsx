import { Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePrintSlipMutation } from '../../kiosk-api.ts';
import { PrintJobResult } from './PrintJobResult.tsx';

/** P-01: the reception slip (受付票) with the reception number as a barcode, printed on the receipt printer. */
export function PrintSlipButton({ receptionId }: { receptionId: string }) {
  const { t } = useTranslation();
  const [printSlip, printed] = usePrintSlipMutation();
  return (
    <Stack align="flex-start">
      <Button variant="light" loading={printed.isLoading} onClick={() => void printSlip({ receptionId })}>
        {t('printing.printSlip')}
      </Button>
      <PrintJobResult job={printed.data} error={printed.error} testId="slip-print-result" />
    </Stack>
  );
}
