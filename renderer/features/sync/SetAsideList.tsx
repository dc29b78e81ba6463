import { Alert, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncChainDivergence, SyncSetAsideRow } from '../../../preload/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatTokyo } from '../../components/format.ts';
import { useSyncRetryDeadMutation, useSyncSetAsideQuery } from '../../kiosk-api.ts';

/** Reasons the manager gets a sentence for; any other code is shown as it is. */
const KNOWN_REASONS = new Set([
  'RECEPTION_NUMBER_TAKEN',
  'IDEMPOTENCY_CONFLICT',
  'INVALID_PAYLOAD',
  'UNKNOWN_KIND',
  'WRONG_STORE',
  'ID_MISMATCH',
  'STORE_FAILED',
  'PAYLOAD_TOO_LARGE',
  'CORRUPT_PAYLOAD',
]);

function Reason({ row }: { row: SyncSetAsideRow }) {
  const { t } = useTranslation();
  const known = KNOWN_REASONS.has(row.code);
  return (
    <Stack gap={2}>
      <Text size="sm">{known ? t(`sync.reason.${row.code}`) : t('sync.reason.other', { code: row.code })}</Text>
      <Text size="xs" c="dimmed" data-testid="set-aside-code">
        {row.code}
        {row.detail ? `: ${row.detail}` : ''}
      </Text>
    </Stack>
  );
}

/**
 * Issue 13 §2, §5: the rows set aside so the rest could flow — HQ refused them (a reception number HQ already holds
 * for another transaction, a body it cannot accept) or they kept failing while others went through. The manager sees
 * why, and sends them again once the cause is fixed (one row, or all).
 */
export function SetAsideList({ dead }: { dead: number }) {
  const { t } = useTranslation();
  const rows = useSyncSetAside(dead);
  const [retry, retried] = useSyncRetryDeadMutation();
  return (
    <Stack gap="xs" data-testid="set-aside">
      <Title order={4}>{t('sync.setAsideTitle')}</Title>
      {rows.length === 0 ? (
        <Text c="dimmed">{t('sync.setAsideNone')}</Text>
      ) : (
        <>
          <Text size="sm">{t('sync.setAsideHelp')}</Text>
          <Table withTableBorder striped aria-label={t('sync.setAsideTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sync.column.kind')}</Table.Th>
                <Table.Th>{t('sync.column.receptionNumber')}</Table.Th>
                <Table.Th>{t('sync.column.reason')}</Table.Th>
                <Table.Th>{t('sync.column.createdAt')}</Table.Th>
                <Table.Th>{t('sync.column.attempts')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('sync.retryRow')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.seq} data-testid="set-aside-row" data-code={row.code}>
                  <Table.Td>{t(`sync.kind.${row.kind}`)}</Table.Td>
                  <Table.Td>{row.receptionNumber ?? '—'}</Table.Td>
                  <Table.Td>
                    <Reason row={row} />
                  </Table.Td>
                  <Table.Td>{formatTokyo(row.createdAt)}</Table.Td>
                  <Table.Td>{row.attempts}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      aria-label={t('sync.retryRowLabel', { number: row.receptionNumber ?? row.aggregateId })}
                      onClick={() => void retry({ seq: row.seq })}
                    >
                      {t('sync.retryRow')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button variant="default" loading={retried.isLoading} onClick={() => void retry({})}>
              {t('sync.retryDead')}
            </Button>
          </Group>
        </>
      )}
      {retried.data && <Text size="sm" role="status">{t('sync.requeued', { count: retried.data.requeued })}</Text>}
      <ErrorAlert error={retried.error} />
    </Stack>
  );
}

/** The set-aside rows, fetched again whenever the badge's count of them changes. */
function useSyncSetAside(dead: number): SyncSetAsideRow[] {
  const query = useSyncSetAsideQuery({});
  const { refetch } = query;
  useEffect(() => {
    void dead;
    void refetch();
  }, [dead, refetch]);
  return query.data ?? [];
}

/** B-05: HQ compared this kiosk's audit chain with its own anchor and found it rewritten or rolled back. */
export function ChainDivergenceAlert({ divergence }: { divergence: SyncChainDivergence }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" role="alert" title={t('sync.chainDivergence.title')} data-testid="chain-divergence">
      {t(`sync.chainDivergence.${divergence.kind}`, { seq: divergence.seq, reportedSeq: divergence.reportedSeq })}
      <Text size="sm" mt="xs">
        {t('sync.chainDivergence.detectedAt', { at: formatTokyo(divergence.detectedAt) })}
      </Text>
    </Alert>
  );
}
