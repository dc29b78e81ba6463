import { Alert, Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DENOMINATIONS } from '../../../common/till.ts';
import { ErrorAlert, toErrorInfo, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatYen } from '../../components/format.ts';
import { useOpenTillMutation } from '../../kiosk-api.ts';

/**
 * M-02: the clerk counts the float into the till, piece by piece per denomination, and opens it. The total follows
 * the counts as they are typed; the main process checks them again, and a bad count opens nothing.
 */
export function OpenTillDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<Record<string, number | ''>>({});
  const [openTill, result] = useOpenTillMutation();
  const fieldError = useFieldError(result.error);
  const typed = Object.entries(counts).filter((entry): entry is [string, number] => entry[1] !== '');
  const total = typed.reduce((sum, [denomination, pieces]) => sum + Number(denomination) * pieces, 0);
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
        <SimpleGrid cols={2} data-testid="till-counts">
          {DENOMINATIONS.map((denomination) => (
            <NumberInput
              key={denomination}
              size="lg"
              label={t('till.piecesOf', { denomination: formatYen(denomination) })}
              value={counts[denomination] ?? ''}
              onChange={(value) => setCounts({ ...counts, [denomination]: typeof value === 'number' ? value : '' })}
              allowNegative
              allowDecimal
              error={fieldError(`counts.${denomination}`)}
            />
          ))}
        </SimpleGrid>
        <Text fw={700} size="xl" data-testid="till-float-total">
          {t('till.floatTotal', { total: formatYen(total) })}
        </Text>
        {hasFieldErrors ? <Alert color="red">{t('errors.TILL_COUNT_INVALID')}</Alert> : <ErrorAlert error={result.error} />}
        <Group>
          <Button
            size="lg"
            loading={result.isLoading}
            onClick={async () => {
              const response = await openTill({ counts: Object.fromEntries(typed) });
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
