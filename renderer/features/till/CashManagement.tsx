import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DENOMINATIONS, type TillSessionDetail, type TillSessionSummary, type TillTally } from '../../../common/till.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { useReprintTillReportMutation, useSessionQuery, useTillHistoryQuery, useTillSessionQuery } from '../../kiosk-api.ts';
import { PrintJobResult } from '../printing/PrintJobResult.tsx';

/**
 * M-07 [その他] > [現金管理]: this counter's till sessions — the one in hand for every clerk, the past ones for a
 * manager — with float, expected, counted, difference and approver; a session's movements and checks; and the close
 * report printed again (再発行).
 */
export function CashManagement() {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  const history = useTillHistoryQuery({});
  const [selected, setSelected] = useState<string | null>(null);
  const sessions = history.data ?? [];
  return (
    <Stack>
      <Title order={2}>{t('cash.title')}</Title>
      <Text c="dimmed">{isManager ? t('cash.managerHelp') : t('cash.clerkHelp')}</Text>
      <ErrorAlert error={history.error} />
      {history.data && sessions.length === 0 ? (
        <Alert color="gray">{isManager ? t('cash.none') : t('cash.noneOpen')}</Alert>
      ) : (
        <Table striped verticalSpacing="sm" data-testid="till-sessions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cash.openedAt')}</Table.Th>
              <Table.Th>{t('cash.closedAt')}</Table.Th>
              <Table.Th ta="right">{t('till.openingFloat')}</Table.Th>
              <Table.Th ta="right">{t('cash.expected')}</Table.Th>
              <Table.Th ta="right">{t('till.counted')}</Table.Th>
              <Table.Th ta="right">{t('cash.difference')}</Table.Th>
              <Table.Th>{t('cash.approver')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('cash.details')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.map((s) => (
              <SessionRow key={s.id} session={s} selected={s.id === selected} onSelect={() => setSelected(s.id)} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {selected && <SessionDetail sessionId={selected} />}
    </Stack>
  );
}

function SessionRow({ session: s, selected, onSelect }: { session: TillSessionSummary; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-testid="till-session-row" data-session-id={s.id} aria-selected={selected}>
      <Table.Td>
        {formatTokyo(s.openedAt)}
        <Text size="sm" c="dimmed">
          {s.openedByName}
        </Text>
      </Table.Td>
      <Table.Td>
        {s.closedAt ? formatTokyo(s.closedAt) : <Text fw={700}>{t('cash.stillOpen')}</Text>}
        {s.closedByName && (
          <Text size="sm" c="dimmed">
            {s.closedByName}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right">{formatYen(s.openingFloat)}</Table.Td>
      <Table.Td ta="right">{formatYen(s.expected)}</Table.Td>
      <Table.Td ta="right">{s.counted === null ? '—' : formatYen(s.counted)}</Table.Td>
      <Table.Td ta="right" fw={s.difference ? 700 : undefined} data-testid="till-session-difference">
        {s.difference === null ? '—' : formatYen(s.difference)}
      </Table.Td>
      <Table.Td>{s.approvedByName ?? ''}</Table.Td>
      <Table.Td>
        <Button size="lg" variant={selected ? 'filled' : 'light'} onClick={onSelect}>
          {t('cash.details')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function SessionDetail({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const detail = useTillSessionQuery({ sessionId });
  const [reprint, reprinted] = useReprintTillReportMutation();
  if (detail.error) return <ErrorAlert error={detail.error} />;
  const d = detail.data;
  if (!d) return null;
  return (
    <Paper withBorder p="md" data-testid="till-session-detail">
      <Stack>
        <Group justify="space-between">
          <Title order={3}>
            {t('cash.detailTitle', { opened: formatTokyo(d.openedAt), terminal: d.terminalName })}
          </Title>
          {d.closedAt && (
            <Button size="lg" variant="light" loading={reprinted.isLoading} onClick={() => void reprint({ sessionId: d.id })}>
              {t('cash.reprint')}
            </Button>
          )}
        </Group>
        <PrintJobResult job={reprinted.data} error={reprinted.error} testId="till-report-reprint" />
        <Totals detail={d} />
        <Title order={4}>{t('cash.movements')}</Title>
        {d.movements.length === 0 ? (
          <Text c="dimmed">{t('till.noMovements')}</Text>
        ) : (
          <Table verticalSpacing="xs" data-testid="till-session-movements">
            <Table.Tbody>
              {d.movements.map((m) => (
                <Table.Tr key={`${m.at}-${m.kind}-${m.amount}-${m.reason}`}>
                  <Table.Td>{formatTokyo(m.at)}</Table.Td>
                  <Table.Td>{t(`till.kind.${m.kind}`)}</Table.Td>
                  <Table.Td ta="right">{formatYen(m.amount)}</Table.Td>
                  <Table.Td>{m.reason}</Table.Td>
                  <Table.Td>{m.staffName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Title order={4}>{t('cash.checks')}</Title>
        {d.checks.length === 0 ? (
          <Text c="dimmed">{t('cash.noChecks')}</Text>
        ) : (
          <Table verticalSpacing="xs" data-testid="till-session-checks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('cash.checkedAt')}</Table.Th>
                <Table.Th ta="right">{t('cash.expected')}</Table.Th>
                <Table.Th ta="right">{t('till.counted')}</Table.Th>
                <Table.Th ta="right">{t('cash.difference')}</Table.Th>
                <Table.Th>{t('cash.staff')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.checks.map((c) => (
                <Table.Tr key={c.at}>
                  <Table.Td>{formatTokyo(c.at)}</Table.Td>
                  <Table.Td ta="right">{formatYen(c.expected)}</Table.Td>
                  <Table.Td ta="right">{formatYen(c.counted)}</Table.Td>
                  <Table.Td ta="right">{formatYen(c.difference)}</Table.Td>
                  <Table.Td>{c.staffName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {d.closingCounts && (
          <>
            <Title order={4}>{t('cash.closingCounts')}</Title>
            <Table verticalSpacing="xs" data-testid="till-session-counts">
              <Table.Tbody>
                {DENOMINATIONS.filter((denomination) => d.closingCounts?.[`${denomination}`]).map((denomination) => {
                  const pieces = d.closingCounts?.[`${denomination}`] ?? 0;
                  return (
                    <Table.Tr key={denomination}>
                      <Table.Td>{formatYen(denomination)}</Table.Td>
                      <Table.Td ta="right">{t('cash.pieces', { count: pieces })}</Table.Td>
                      <Table.Td ta="right">{formatYen(denomination * pieces)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function Totals({ detail: d }: { detail: TillSessionDetail }) {
  const { t, i18n } = useTranslation();
  const tally = (x: TillTally) => t('till.payoutsValue', { count: x.count, total: formatYen(x.amount) });
  const figures: [string, string][] = [
    [t('till.openingFloat'), formatYen(d.openingFloat)],
    [t('cash.cashPayouts'), tally(d.payouts)],
    ...d.otherMethods.map((m): [string, string] => [i18n.language === 'en' ? m.labelEn : m.label, tally(m)]),
    [t('till.kind.pay_in'), tally(d.payIns)],
    [t('till.kind.pay_out'), tally(d.payOuts)],
    [t('till.kind.exchange'), tally(d.exchanges)],
    [t('cash.expected'), formatYen(d.expected)],
    [t('till.counted'), d.counted === null ? '—' : formatYen(d.counted)],
    [t('cash.difference'), d.difference === null ? '—' : formatYen(d.difference)],
    [t('cash.approver'), d.approvedByName ?? (d.closedAt ? t('cash.noApprovalNeeded') : '—')],
  ];
  return (
    <SimpleGrid cols={{ base: 2, lg: 4 }} data-testid="till-session-totals">
      {figures.map(([label, value]) => (
        <div key={label}>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          <Text fw={700} size="lg">
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
