import { Alert, Button, Group, Modal, PasswordInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TillClose } from '../../../common/till.ts';
import { ErrorAlert, toErrorInfo, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatYen } from '../../components/format.ts';
import { useCheckTillMutation, useCloseTillMutation } from '../../kiosk-api.ts';
import { PrintJobResult, READABLE_TITLE } from '../printing/PrintJobResult.tsx';
import { countedTotal, DenominationCountFields, type TypedCounts, typedCounts } from './DenominationCountFields.tsx';

/**
 * M-05: the close (精算・締め): the drawer counted per denomination against the cash expected, the difference shown
 * as it is typed; a difference above the shop's limit asks for a manager's code and PIN before anything is recorded.
 */
export function CloseTillDialog({ opened, expected, onClose }: { opened: boolean; expected: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<TypedCounts>({});
  const [managerCode, setManagerCode] = useState('');
  const [managerPin, setManagerPin] = useState('');
  const [closed, setClosed] = useState<TillClose | null>(null);
  const [closeTill, result] = useCloseTillMutation();
  const [checkTill, checkResult] = useCheckTillMutation();
  const fieldError = useFieldError(result.error ?? checkResult.error);
  const error = toErrorInfo(result.error ?? checkResult.error);
  const needsManager = error?.code === 'TILL_CLOSE_NEEDS_APPROVAL' || (error?.code === 'STAFF_SIGN_IN_FAILED' && managerCode !== '');
  const counted = countedTotal(counts);
  const dismiss = () => {
    setCounts({});
    setManagerCode('');
    setManagerPin('');
    setClosed(null);
    result.reset();
    checkResult.reset();
    onClose();
  };
  const submit = async (approval: { code: string; pin: string } | null) => {
    const response = await closeTill({ counts: typedCounts(counts), approval });
    setManagerPin('');
    if ('data' in response && response.data) setClosed(response.data);
  };
  const hasFieldErrors = Object.keys(error?.fields ?? {}).length > 0;
  return (
    <Modal opened={opened} onClose={dismiss} title={t('till.closeTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {closed ? (
        <Stack>
          <Alert color="green" title={t('till.closedTitle')} data-testid="till-closed-result" styles={READABLE_TITLE}>
            <Text>
              {t('till.closedSummary', { expected: formatYen(closed.expected), counted: formatYen(closed.counted), difference: formatYen(closed.difference) })}
            </Text>
            {closed.approvedByName && <Text>{t('till.approvedBy', { name: closed.approvedByName })}</Text>}
          </Alert>
          {closed.reportError ? (
            <Alert color="orange" data-testid="till-report-result" data-error-code={closed.reportError}>
              {closed.reportError === 'RECEIPT_PRINTER_OFF' ? t('till.reportPrintOff') : t(`errors.${closed.reportError}`)}
            </Alert>
          ) : (
            <PrintJobResult job={closed.reportJob} testId="till-report-result" />
          )}
          <Group>
            <Button size="lg" onClick={dismiss}>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text>{t('till.closeHelp')}</Text>
          <DenominationCountFields counts={counts} onChange={setCounts} fieldError={fieldError} />
          <Table verticalSpacing="xs" data-testid="till-close-figures">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{t('till.expectedCash')}</Table.Th>
                <Table.Td>{formatYen(expected)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('till.counted')}</Table.Th>
                <Table.Td>{formatYen(counted)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('till.difference')}</Table.Th>
                <Table.Td fw={700} data-testid="till-difference">
                  {formatYen(counted - expected)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {hasFieldErrors ? <Alert color="red">{t('errors.TILL_COUNT_INVALID')}</Alert> : <ErrorAlert error={result.error ?? checkResult.error} />}
          {checkResult.data && !checkResult.error && (
            <Alert color="blue" title={t('till.checkedTitle')} data-testid="till-check-result">
              {t('till.closedSummary', {
                expected: formatYen(checkResult.data.expected),
                counted: formatYen(checkResult.data.counted),
                difference: formatYen(checkResult.data.difference),
              })}
            </Alert>
          )}
          {needsManager && (
            <Group align="end">
              <TextInput size="lg" label={t('till.managerCode')} value={managerCode} onChange={(e) => setManagerCode(e.currentTarget.value)} autoComplete="off" />
              <PasswordInput size="lg" label={t('till.managerPin')} value={managerPin} onChange={(e) => setManagerPin(e.currentTarget.value)} inputMode="numeric" />
              <Button size="lg" loading={result.isLoading} onClick={() => void submit({ code: managerCode, pin: managerPin })}>
                {t('till.approveAndClose')}
              </Button>
            </Group>
          )}
          <Group>
            <Button
              size="lg"
              variant="light"
              loading={checkResult.isLoading}
              onClick={() => {
                result.reset();
                void checkTill({ counts: typedCounts(counts) });
              }}
            >
              {t('till.check')}
            </Button>
            {!needsManager && (
              <Button
                size="lg"
                color="red.9"
                loading={result.isLoading}
                onClick={() => {
                  checkResult.reset();
                  void submit(null);
                }}
              >
                {t('till.close')}
              </Button>
            )}
            <Button size="lg" variant="default" onClick={dismiss}>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
