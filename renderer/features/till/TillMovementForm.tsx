import { Button, Group, NumberInput, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TillMovement, TillMovementKind } from '../../../common/till.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { useMoveTillCashMutation } from '../../kiosk-api.ts';

const KINDS: TillMovementKind[] = ['pay_in', 'pay_out', 'exchange'];

/** M-04: 入金 / 出金 / 両替 with an amount and a reason, and the ones recorded so far in this till. */
export function TillMovementForm({ movements }: { movements: TillMovement[] }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<TillMovementKind>('pay_in');
  const [amount, setAmount] = useState<number | ''>('');
  const [reason, setReason] = useState('');
  const [move, moved] = useMoveTillCashMutation();
  const fieldError = useFieldError(moved.error);
  return (
    <Stack component="section" aria-labelledby="till-move-title" data-testid="till-move">
      <Title order={3} size="h4" id="till-move-title">
        {t('till.moveTitle')}
      </Title>
      {movements.length === 0 ? (
        <Text c="dimmed">{t('till.noMovements')}</Text>
      ) : (
        <Table verticalSpacing="xs" data-testid="till-movements">
          <Table.Tbody>
            {movements.map((m) => (
              <Table.Tr key={`${m.at}-${m.kind}-${m.reason}`}>
                <Table.Td>{formatTokyo(m.at)}</Table.Td>
                <Table.Td>{t(`till.kind.${m.kind}`)}</Table.Td>
                <Table.Td>{formatYen(m.amount)}</Table.Td>
                <Table.Td>{m.reason}</Table.Td>
                <Table.Td>{m.staffName}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <SegmentedControl
        size="md"
        aria-label={t('till.moveTitle')}
        value={kind}
        onChange={(value) => setKind(KINDS.find((k) => k === value) ?? 'pay_in')}
        data={KINDS.map((k) => ({ value: k, label: t(`till.kind.${k}`) }))}
      />
      <Group align="start" grow>
        <NumberInput
          size="lg"
          label={t('till.amount')}
          value={amount}
          onChange={(value) => setAmount(typeof value === 'number' ? value : '')}
          allowDecimal={false}
          thousandSeparator=","
          error={fieldError('amount')}
        />
        <TextInput
          size="lg"
          label={t('till.reason')}
          placeholder={t('till.reasonPlaceholder')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError('reason')}
        />
      </Group>
      <ErrorAlert error={moved.error} />
      <Group>
        <Button
          size="lg"
          loading={moved.isLoading}
          onClick={async () => {
            const response = await move({ kind, amount: amount === '' ? Number.NaN : amount, reason });
            if ('data' in response && response.data) {
              setAmount('');
              setReason('');
            }
          }}
        >
          {t('till.record')}
        </Button>
      </Group>
    </Stack>
  );
}
