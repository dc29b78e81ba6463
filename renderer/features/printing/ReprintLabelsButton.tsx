import { Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Reception } from '../../../preload/types.ts';
import { usePrintLabelsMutation } from '../../kiosk-api.ts';
import { PrintJobResult } from './PrintJobResult.tsx';

/** P-07: price labels again for every item a settled reception bought (cancelled items have no stock). */
export function ReprintLabelsButton({ reception }: { reception: Reception }) {
  const { t } = useTranslation();
  const [printLabels, printed] = usePrintLabelsMutation();
  const itemIds = reception.items.filter((item) => !item.cancelled).map((item) => item.id);
  return (
    <Stack align="flex-start">
      <Button variant="light" disabled={itemIds.length === 0} loading={printed.isLoading} onClick={() => void printLabels({ receptionId: reception.id, itemIds })}>
        {t('printing.reprintLabels', { count: itemIds.length })}
      </Button>
      <PrintJobResult job={printed.data?.job} error={printed.error} testId="labels-reprint-result" />
    </Stack>
  );
}
