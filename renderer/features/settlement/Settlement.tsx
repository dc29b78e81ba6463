import { Alert, Badge, Button, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Eligibility, KioskErrorInfo, Reception } from '../../../preload/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSaveFile } from '../../components/save-file.ts';
import { SavedFileNotice } from '../../components/SavedFileNotice.tsx';
import { formatYen } from '../../components/format.ts';
import { NumberScanInput } from '../../components/NumberScanInput.tsx';
import {
  useCancelSettlementMutation,
  useDraftQuery,
  useOpenSettlementMutation,
  usePrintLabelsMutation,
  useSessionQuery,
} from '../../kiosk-api.ts';
import { Totals } from '../appraisal/Appraisal.tsx';
import { PrintJobResult, READABLE_TITLE } from '../printing/PrintJobResult.tsx';
import { SettledReceipt } from '../printing/SettledReceipt.tsx';
import { Wizard } from './Wizard.tsx';
import { useShowOnCustomerDisplay } from '../customer-display/use-customer-display.ts';

/** The settlement screen (S-01 … S-08, S-19, S-20): open by reception number, then confirm into the wizard. */
export function Settlement({ initialNumber }: { initialNumber?: string | undefined }) {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const [open, opened] = useOpenSettlementMutation();
  const [current, setCurrent] = useState<{ reception: Reception | null; eligibility: Eligibility } | null>(null);

  const load = useCallback(
    async (number: string) => {
      const response = await open({ number });
      if ('data' in response && response.data) setCurrent(response.data);
    },
    [open],
  );
  // V-01: the customer's screen shows the transaction being settled (by id: a new version is the same transaction).
  useShowOnCustomerDisplay(current?.reception?.id ?? null, 'settlement');
  // Opened for a given number from the settle icon or the settle button (S-03).
  useEffect(() => {
    if (initialNumber) void load(initialNumber);
  }, [initialNumber, load]);

  // S-01: the screen refuses without a terminal-account session.
  if (!session.data?.terminal) return <Alert color="red">{t('errors.TERMINAL_REQUIRED')}</Alert>;

  return (
    <Stack>
      <Title order={2}>{t('settlement.title')}</Title>
      <NumberScanInput onSubmit={(number) => void load(number)} loading={opened.isLoading} initial={initialNumber} />
      <ErrorAlert error={opened.error} />
      {current && !current.eligibility.settleable && (
        <Alert color="orange" title={t('settlement.refused')} data-testid="refused">
          {t(`settlement.reason.${current.eligibility.reason}`)}
        </Alert>
      )}
      {current?.reception && current.eligibility.settleable && (
        <SettlementOf key={`${current.reception.id}-${current.reception.version}`} reception={current.reception} onClosed={(r) => setCurrent({ reception: r, eligibility: { settleable: false, reason: 'WRONG_STATUS' } })} />
      )}
    </Stack>
  );
}

function SettlementOf({ reception, onClosed }: { reception: Reception; onClosed: (reception: Reception) => void }) {
  const { t } = useTranslation();
  const [ecPublish, setEcPublish] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [wizard, setWizard] = useState(false);
  // B-06: a wizard interrupted by an auto-lock, a reload or a crash is offered back where it stopped.
  const saved = useDraftQuery({ receptionId: reception.id });
  const resume = saved.data?.draft ? { draft: saved.data.draft, stagedImages: saved.data.stagedImages } : null;
  const draftPublish = saved.data?.draft?.ecPublishItemIds;
  useEffect(() => {
    if (draftPublish) setEcPublish(new Set(draftPublish));
  }, [draftPublish]);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [done, setDone] = useState<{ reception: Reception; printError: KioskErrorInfo | null } | null>(null);
  const [printLabels, labels] = usePrintLabelsMutation();
  const [saveCsv, csvResult] = useSaveFile();
  const [cancel, cancelled] = useCancelSettlementMutation();
  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };

  if (done) {
    const settled = done.reception;
    return (
      <Stack>
        <Alert color="green" title={t('settlement.doneTitle')} data-testid="settled" styles={READABLE_TITLE}>
          {t('settlement.done', { number: settled.number, total: formatYen(settled.settlement?.totalAmount ?? settled.totals.total) })}
        </Alert>
        <SettledReceipt reception={settled} printError={done.printError} />
      </Stack>
    );
  }

  const download = () => saveCsv({ kind: 'settlementCsv', receptionId: reception.id });

  return (
    <Stack>
      <Group>
        <Text fw={700} size="xl" data-testid="settlement-number">
          {reception.number}
        </Text>
        <Badge size="xl">{t(`status.${reception.status}`)}</Badge>
        <Text>
          {t('appraisal.seller')}: {reception.seller.name}
        </Text>
      </Group>
      <Table verticalSpacing="sm" data-testid="settlement-items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              <Checkbox
                aria-label={t('settlement.selectAll')}
                checked={selected.size === reception.items.length}
                indeterminate={selected.size > 0 && selected.size < reception.items.length}
                onChange={() => setSelected(selected.size === reception.items.length ? new Set() : new Set(reception.items.map((i) => i.id)))}
              />
            </Table.Th>
            <Table.Th>{t('item.name')}</Table.Th>
            <Table.Th>{t('item.grade')}</Table.Th>
            <Table.Th ta="right">{t('item.quantity')}</Table.Th>
            <Table.Th ta="right">{t('item.amount')}</Table.Th>
            <Table.Th>{t('settlement.ecPublish')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reception.items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>
                <Checkbox aria-label={t('settlement.selectItem', { name: item.name })} checked={selected.has(item.id)} onChange={() => setSelected(toggle(selected, item.id))} />
              </Table.Td>
              <Table.Td>{item.name}</Table.Td>
              <Table.Td>{item.grade}</Table.Td>
              <Table.Td ta="right">{item.quantity}</Table.Td>
              <Table.Td ta="right">{formatYen(item.amount)}</Table.Td>
              <Table.Td>
                <Checkbox
                  aria-label={t('settlement.ecPublishItem', { name: item.name })}
                  checked={ecPublish.has(item.id)}
                  onChange={() => setEcPublish(toggle(ecPublish, item.id))}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Totals reception={reception} />
      {resume && (
        <Alert color="indigo" data-testid="draft-notice">
          {t('settlement.draftFound')}
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {t('settlement.adjustHint')}
      </Text>
      <PrintJobResult
        job={labels.data?.job}
        error={labels.error}
        testId="label-print-result"
        doneTitle={t('settlement.labelsPrinted', { count: labels.originalArgs?.itemIds.length ?? 0 })}
      />
      <ErrorAlert error={csvResult.error} />
      <SavedFileNotice result={csvResult.data} />
      <ErrorAlert error={cancelled.error} />
      <Group>
        <Button variant="light" disabled={selected.size === 0} loading={labels.isLoading} onClick={() => void printLabels({ receptionId: reception.id, itemIds: [...selected] })}>
          {t('settlement.printLabels')}
        </Button>
        <Button variant="light" onClick={() => void download()} loading={csvResult.isLoading}>
          {t('settlement.downloadCsv')}
        </Button>
        <Button variant="light" color="red" onClick={() => setConfirmCancel(true)}>
          {t('settlement.cancelBuyback')}
        </Button>
        <Button onClick={() => setWizard(true)}>{t('settlement.confirm')}</Button>
      </Group>
      <ConfirmDialog
        opened={confirmCancel}
        title={t('settlement.cancelBuyback')}
        message={t('settlement.cancelConfirm')}
        loading={cancelled.isLoading}
        onClose={() => setConfirmCancel(false)}
        onConfirm={async () => {
          const response = await cancel({ receptionId: reception.id, version: reception.version });
          setConfirmCancel(false);
          if ('data' in response && response.data) onClosed(response.data);
        }}
      />
      {wizard && <Wizard reception={reception} ecPublish={ecPublish} resume={resume} onClose={() => {
        setWizard(false);
        void saved.refetch();
      }} onDone={(r, printError) => (r.status === 'settled' ? setDone({ reception: r, printError: printError ?? null }) : onClosed(r))} />}
    </Stack>
  );
}
