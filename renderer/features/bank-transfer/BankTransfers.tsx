import { Alert, Button, Checkbox, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCOUNT_TYPES, EMPTY_ACCOUNT_AT_BANK } from '../../../common/bank-account.ts';
import { tokyoDate } from '../../../common/tokyo-time.ts';
import type { RequestOf } from '../../../preload/contract.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DateField } from '../../components/DateField.tsx';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { useSaveFile } from '../../components/save-file.ts';
import { SavedFileNotice } from '../../components/SavedFileNotice.tsx';
import { useSessionQuery } from '../../kiosk-api.ts';
import { useMarkTransfersPaidMutation, usePendingTransfersQuery, useSaveZenginRemitterMutation, useZenginRemitterQuery } from './bank-transfer-api.ts';

/**
 * M-08 [振込管理] (managers): the bank transfers not yet paid. The manager picks some, exports them as a 全銀 総合振込
 * file for the bank's transfer service (as often as needed), and once the bank has paid them marks them paid; paid
 * ones leave the list. The 依頼人 (the shop's own account) is set here once.
 */
export function BankTransfers() {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  if (session.data?.staff?.role !== 'manager') {
    return (
      <Alert color="orange" data-testid="bank-transfers-manager-only">
        {t('bankTransfer.managerOnly')}
      </Alert>
    );
  }
  return (
    <Stack>
      <Title order={2}>{t('bankTransfer.title')}</Title>
      <Text>{t('bankTransfer.help')}</Text>
      <PendingTransfers />
      <RemitterSettings />
    </Stack>
  );
}

function PendingTransfers() {
  const { t } = useTranslation();
  const pending = usePendingTransfersQuery({}, { refetchOnMountOrArgChange: true });
  const remitter = useZenginRemitterQuery({});
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [transferDate, setTransferDate] = useState(() => tokyoDate(new Date()));
  const [saveFile, saved] = useSaveFile();
  const [markPaid, paid] = useMarkTransfersPaidMutation();
  const [confirming, setConfirming] = useState(false);
  const rows = pending.data ?? [];
  // What was chosen and has since left the list (paid) is no longer chosen.
  useEffect(() => {
    setSelected((s) => new Set([...s].filter((id) => rows.some((r) => r.id === id))));
  }, [rows]);
  const chosen = rows.filter((r) => selected.has(r.id));
  const total = chosen.reduce((sum, r) => sum + r.amount, 0);
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const request: RequestOf<'file:save'> = { kind: 'zenginTransfer', ids: chosen.map((r) => r.id), transferDate };

  return (
    <Stack component="section" aria-labelledby="pending-transfers-title">
      <Title order={3} size="h4" id="pending-transfers-title">
        {t('bankTransfer.pendingTitle')}
      </Title>
      {remitter.data === null && <Alert color="orange">{t('bankTransfer.remitterMissing')}</Alert>}
      <ErrorAlert error={pending.error} />
      {rows.length === 0 && pending.isSuccess ? (
        <Text c="dimmed" data-testid="no-pending-transfers">
          {t('bankTransfer.noPending')}
        </Text>
      ) : (
        <Table verticalSpacing="sm" data-testid="pending-transfers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <Checkbox
                  size="md"
                  aria-label={t('bankTransfer.selectAll')}
                  checked={rows.length > 0 && chosen.length === rows.length}
                  indeterminate={chosen.length > 0 && chosen.length < rows.length}
                  onChange={(e) => setSelected(new Set(e.currentTarget.checked ? rows.map((r) => r.id) : []))}
                />
              </Table.Th>
              <Table.Th>{t('bankTransfer.receptionNumber')}</Table.Th>
              <Table.Th>{t('bankTransfer.settledAt')}</Table.Th>
              <Table.Th>{t('bankTransfer.holder')}</Table.Th>
              <Table.Th>{t('bankTransfer.bank')}</Table.Th>
              <Table.Th ta="right">{t('bankTransfer.amount')}</Table.Th>
              <Table.Th>{t('bankTransfer.exported')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id} data-testid="pending-transfer">
                <Table.Td>
                  <Checkbox size="md" aria-label={t('bankTransfer.select', { number: r.receptionNumber })} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                </Table.Td>
                <Table.Td>{r.receptionNumber}</Table.Td>
                <Table.Td>{formatTokyo(r.settledAt)}</Table.Td>
                {r.readable ? (
                  <>
                    <Table.Td>{r.holderKana}</Table.Td>
                    <Table.Td>
                      {r.bankCode} {r.bankName} / {r.branchCode} {r.branchName}
                    </Table.Td>
                  </>
                ) : (
                  <Table.Td colSpan={2}>{t('bankTransfer.unreadable')}</Table.Td>
                )}
                <Table.Td ta="right">{formatYen(r.amount)}</Table.Td>
                <Table.Td>
                  {r.exportedAt ? t('bankTransfer.exportedTimes', { count: r.exportCount, at: formatTokyo(r.exportedAt) }) : t('bankTransfer.notExported')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end">
        <DateField label={t('bankTransfer.transferDate')} value={transferDate} onValueChange={setTransferDate} w={190} />
        {/* file:save is everyone's channel and knows no tags: the list is read again for its export count. */}
        <Button size="lg" disabled={chosen.length === 0 || !remitter.data} loading={saved.isLoading} onClick={() => void saveFile(request).then(() => pending.refetch())}>
          {t('bankTransfer.export')}
        </Button>
        <Button size="lg" color="green.8" variant="light" disabled={chosen.length === 0} onClick={() => setConfirming(true)}>
          {t('bankTransfer.markPaid')}
        </Button>
        <Text fw={700} data-testid="transfers-selected">
          {t('bankTransfer.selected', { count: chosen.length, total: formatYen(total) })}
        </Text>
      </Group>
      <ErrorAlert error={saved.error} />
      <SavedFileNotice result={saved.data} />
      {saved.data && saved.data.outcome !== 'cancelled' && <Alert color="green">{t('bankTransfer.exportedHelp')}</Alert>}
      <ErrorAlert error={paid.error} />
      {paid.data && (
        <Alert color="green" data-testid="transfers-paid">
          {t('bankTransfer.paidDone', { count: paid.data.paid })}
        </Alert>
      )}
      <ConfirmDialog
        opened={confirming}
        title={t('bankTransfer.markPaid')}
        message={t('bankTransfer.markPaidConfirm', { count: chosen.length, total: formatYen(total) })}
        confirmLabel={t('bankTransfer.markPaid')}
        loading={paid.isLoading}
        onClose={() => setConfirming(false)}
        onConfirm={() => void markPaid({ ids: chosen.map((r) => r.id) }).then(() => setConfirming(false))}
      />
    </Stack>
  );
}

type RemitterForm = RequestOf<'bankTransfer:saveRemitter'>;
const EMPTY_REMITTER: RemitterForm = { companyCode: '', companyName: '', ...EMPTY_ACCOUNT_AT_BANK };

/** The 依頼人 of the file: the company code the bank gave the shop, and the account the transfers are paid from. */
function RemitterSettings() {
  const { t } = useTranslation();
  const remitter = useZenginRemitterQuery({});
  const [form, setForm] = useState<RemitterForm | null>(null);
  const [save, saved] = useSaveZenginRemitterMutation();
  const fieldError = useFieldError(saved.error);
  const shown = form ?? remitter.data ?? EMPTY_REMITTER;
  const text = (name: Exclude<keyof RemitterForm, 'accountType'>, numeric = false) => (
    <TextInput
      size="lg"
      label={t(`bankTransfer.remitter.${name}`)}
      value={shown[name]}
      onChange={(e) => setForm({ ...shown, [name]: e.currentTarget.value })}
      error={fieldError(name)}
      inputMode={numeric ? 'numeric' : undefined}
      autoComplete="off"
    />
  );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="remitter-title">
      <Stack gap="sm">
        <Title order={3} size="h4" id="remitter-title">
          {t('bankTransfer.remitter.title')}
        </Title>
        <SimpleGrid cols={2} spacing="sm">
          {text('companyCode', true)}
          {text('companyName')}
          {text('bankCode', true)}
          {text('bankName')}
          {text('branchCode', true)}
          {text('branchName')}
          <NativeSelect
            size="lg"
            label={t('bankTransfer.account.accountType')}
            value={shown.accountType}
            onChange={(e) => setForm({ ...shown, accountType: ACCOUNT_TYPES.find((a) => a === e.currentTarget.value) ?? 'ordinary' })}
            data={ACCOUNT_TYPES.map((type) => ({ value: type, label: t(`bankTransfer.account.type.${type}`) }))}
          />
          {text('accountNumber', true)}
        </SimpleGrid>
        <Group>
          <Button size="lg" loading={saved.isLoading} onClick={() => void save(shown).then((r) => 'data' in r && setForm(null))}>
            {t('common.save')}
          </Button>
          {saved.isSuccess && <Text fw={600}>{t('bankTransfer.remitter.saved')}</Text>}
        </Group>
        <ErrorAlert error={saved.error} />
      </Stack>
    </Paper>
  );
}
