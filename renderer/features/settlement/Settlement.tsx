import { Alert, Button, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Eligibility, Reception } from '../../../preload/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useSaveFile } from '../../components/save-file.ts';
import { SavedFileNotice } from '../../components/SavedFileNotice.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { NumberScanInput } from '../../components/NumberScanInput.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import {
  useCancelSettlementMutation,
  useDraftQuery,
  useOpenSettlementMutation,
  usePrintLabelsMutation,
  useSessionQuery,
  useSettlementOptionsQuery,
} from '../../kiosk-api.ts';
import { useAppDispatch, useAppSelector } from '../../store.ts';
import { Totals } from '../appraisal/Appraisal.tsx';
import { PrintJobResult, READABLE_TITLE } from '../printing/PrintJobResult.tsx';
import { SettledReceipt } from '../printing/SettledReceipt.tsx';
import { StatementButtons } from '../documents/DocumentButtons.tsx';
import { type QueuedAfterExecute, Wizard } from './Wizard.tsx';
import { useShowOnCustomerDisplay } from '../customer-display/use-customer-display.ts';
import { ClaimBanner } from '../claims/ClaimBanner.tsx';
import { claimAllowsEditing, type ClaimView, useReceptionClaim } from '../claims/use-reception-claim.ts';
import { ecPublishToggled, receptionLoaded, settlementFinished, wizardResumed, wizardStarted } from './wizard-slice.ts';

type Outcome = ({ kind: 'settled'; reception: Reception } & QueuedAfterExecute) | { kind: 'cancelled'; reception: Reception };

/** The settlement screen (S-01 … S-08, S-19, S-20): open by reception number, then confirm into the wizard. */
export function Settlement({ initialNumber }: { initialNumber?: string | undefined }) {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const [open, opened] = useOpenSettlementMutation();
  const [current, setCurrent] = useState<{ reception: Reception | null; eligibility: Eligibility } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const load = useCallback(
    async (number: string) => {
      const response = await open({ number });
      if ('data' in response && response.data) {
        setOutcome(null);
        setCurrent(response.data);
      }
    },
    [open],
  );
  // V-01: the customer's screen shows the transaction being settled (by id: a new version is the same transaction).
  useShowOnCustomerDisplay(current?.reception?.id ?? null, 'settlement');
  // N-02: a reception open for settlement is claimed (by id: a new version is the same claim) until it is settled,
  // another one is opened, or the screen is left.
  const settling = current?.reception && current.eligibility.settleable && !outcome ? current.reception.id : null;
  const claim = useReceptionClaim(settling);
  // Opened for a given number from the settle icon or the settle button (S-03), or to resume a wizard (B-06).
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
      {outcome ? (
        <OutcomeView outcome={outcome} />
      ) : (
        <>
          {current && !current.eligibility.settleable && <Refusal eligibility={current.eligibility} />}
          {current?.reception && current.eligibility.settleable && (
            <SettlementOf key={`${current.reception.id}-${current.reception.version}`} reception={current.reception} onFinished={setOutcome} claim={claim} />
          )}
        </>
      )}
    </Stack>
  );
}

/** S-05: why this transaction cannot be settled, with the facts (when it was settled, for how much). */
function Refusal({ eligibility }: { eligibility: Extract<Eligibility, { settleable: false }> }) {
  const { t } = useTranslation();
  const message =
    eligibility.reason === 'SETTLED' && eligibility.settledAt
      ? t('settlement.reason.SETTLED', { at: formatTokyo(eligibility.settledAt), total: formatYen(eligibility.total ?? 0) })
      : eligibility.reason === 'CANCELLED' && eligibility.cancelledAt
        ? t('settlement.reason.CANCELLED', { at: formatTokyo(eligibility.cancelledAt) })
        : t(`settlement.reason.${eligibility.reason}`);
  return (
    <Alert color="orange" title={t('settlement.refused')} data-testid="refused" data-reason={eligibility.reason}>
      {message}
    </Alert>
  );
}

/** The end of a settlement: settled (with the receipt's progress), or cancelled as a whole (S-13, S-19). */
function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.kind === 'cancelled') {
    return (
      <Alert color="gray" title={t('settlement.cancelledTitle')} data-testid="cancelled" styles={READABLE_TITLE}>
        {t('settlement.cancelledDone', { number: outcome.reception.number })}
      </Alert>
    );
  }
  const settled = outcome.reception;
  return (
    <Stack>
      <Alert color="green" title={t('settlement.doneTitle')} data-testid="settled" styles={READABLE_TITLE}>
        {t('settlement.done', { number: settled.number, total: formatYen(settled.settlement?.totalAmount ?? settled.totals.total) })}
      </Alert>
      <ErrorAlert error={outcome.drawerError} />
      <PrintJobResult job={outcome.drawerJob} testId="drawer-kick-result" />
      <SettledReceipt reception={settled} receiptJob={outcome.receiptJob} printError={outcome.printError} />
      <StatementButtons receptionId={settled.id} />
    </Stack>
  );
}

function SettlementOf({
  reception,
  onFinished,
  claim,
}: {
  reception: Reception;
  onFinished: (outcome: Outcome) => void;
  claim: { view: ClaimView; retry: () => void };
}) {
  const editable = claimAllowsEditing(claim.view);
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const wizard = useAppSelector((s) => s.settlementWizard);
  const options = useSettlementOptionsQuery({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // B-06: a wizard interrupted by a reload, a crash or a restart opens again by itself, at its step.
  const saved = useDraftQuery({ receptionId: reception.id }, { refetchOnMountOrArgChange: true });
  const resumed = useRef(false);
  useEffect(() => {
    dispatch(receptionLoaded({ receptionId: reception.id }));
  }, [reception.id, dispatch]);
  useEffect(() => {
    if (resumed.current || !saved.data || !options.data) return;
    resumed.current = true;
    if (!saved.data.draft || wizard.open) return;
    dispatch(
      wizardResumed({
        draft: saved.data.draft,
        stagedImages: saved.data.stagedImages,
        identity: saved.data.identity,
        termsVersion: options.data.terms?.version ?? null,
        idPhotoMasks: saved.data.idPhotoMasks,
        bankAccount: saved.data.bankAccount,
      }),
    );
  }, [saved.data, options.data, wizard.open, dispatch]);
  const ecPublish = new Set(wizard.receptionId === reception.id ? wizard.ecPublishItemIds : []);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [printLabels, labels] = usePrintLabelsMutation();
  const [saveCsv, csvResult] = useSaveFile();
  const [cancel, cancelled] = useCancelSettlementMutation();
  const toggle = (set: Set<string>, id: string) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };

  const download = () => saveCsv({ kind: 'settlementCsv', receptionId: reception.id });
  const finish = (outcome: Outcome) => {
    dispatch(settlementFinished());
    onFinished(outcome);
  };

  return (
    <Stack>
      <ClaimBanner view={claim.view} onRetry={claim.retry} />
      <Group>
        <Text fw={700} size="xl" data-testid="settlement-number">
          {reception.number}
        </Text>
        <StatusBadge status={reception.status} size="xl" />
        <Text>{t('appraisal.sellerLine', { name: reception.seller.name })}</Text>
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
                  disabled={!editable}
                  checked={ecPublish.has(item.id)}
                  onChange={() => dispatch(ecPublishToggled(item.id))}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Totals reception={reception} />
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
        <Button variant="light" color="red" onClick={() => setConfirmCancel(true)} disabled={!editable}>
          {t('settlement.cancelBuyback')}
        </Button>
        <Button
          disabled={!options.data || !editable}
          onClick={() => dispatch(wizardStarted({ settlementId: crypto.randomUUID(), termsVersion: options.data?.terms?.version ?? null }))}
        >
          {t('settlement.confirm')}
        </Button>
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
          if ('data' in response && response.data) finish({ kind: 'cancelled', reception: response.data });
        }}
      />
      {wizard.open && wizard.receptionId === reception.id && (
        <Wizard
          reception={reception}
          claim={claim}
          onDone={(r, queued) =>
            finish(
              r.status === 'settled'
                ? {
                    kind: 'settled',
                    reception: r,
                    receiptJob: queued?.receiptJob ?? null,
                    printError: queued?.printError ?? null,
                    drawerJob: queued?.drawerJob ?? null,
                    drawerError: queued?.drawerError ?? null,
                  }
                : { kind: 'cancelled', reception: r },
            )
          }
        />
      )}
    </Stack>
  );
}
