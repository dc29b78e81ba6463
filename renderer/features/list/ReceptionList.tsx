import { ActionIcon, Alert, Badge, Button, Drawer, Group, Image, MultiSelect, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOf } from '../../../preload/contract.ts';
import { RECEPTION_STATUSES, type ReceptionListRow, type ReceptionStatus } from '../../../preload/types.ts';
import { navigate } from '../../app/ui-slice.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DateField } from '../../components/DateField.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ErrorAlert, toErrorInfo } from '../../components/ErrorAlert.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { CountText, KeysetPager, useKeysetPages } from '../../components/KeysetPager.tsx';
import { useDeleteReceptionMutation, useListReceptionsQuery, useReceptionQuery, useSettledImageQuery } from '../../kiosk-api.ts';
import { useScanner } from '../../scanner/use-scanner.ts';
import { useAppDispatch } from '../../store.ts';
import { PrintSlipButton } from '../printing/PrintSlipButton.tsx';
import { ReprintLabelsButton } from '../printing/ReprintLabelsButton.tsx';
import { SettledReceipt } from '../printing/SettledReceipt.tsx';
import { StatementButtons } from '../documents/DocumentButtons.tsx';
import { SuspectedStolenFlag } from './SuspectedStolenFlag.tsx';

type Query = Required<Pick<RequestOf<'reception:list'>, 'number' | 'keyword' | 'status' | 'dateFrom' | 'dateTo' | 'sort' | 'direction'>>;

const EMPTY_QUERY: Query = { number: '', keyword: '', status: [], dateFrom: '', dateTo: '', sort: 'createdAt', direction: 'desc' };

/** P-03: the reception list — search, filter, sort, page; open, settle (S-03) or delete (not settled/cancelled). */
export function ReceptionList() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [query, setQuery] = useState<Query>(EMPTY_QUERY);
  const [draft, setDraft] = useState(query);
  const pages = useKeysetPages();
  // A scanned reception slip finds its transaction whatever the filters were.
  useScanner((number) => {
    const scanned = { ...EMPTY_QUERY, number };
    setDraft(scanned);
    setQuery(scanned);
    pages.reset();
  });
  const list = useListReceptionsQuery({ ...query, cursor: pages.cursor, pageSize: 50 });
  const [remove, removed] = useDeleteReceptionMutation();
  const [toDelete, setToDelete] = useState<ReceptionListRow | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);

  return (
    <Stack>
      <Title order={2}>{t('list.title')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(draft);
          pages.reset();
        }}
      >
        <Group align="end">
          <TextInput label={t('list.number')} value={draft.number} onChange={(e) => setDraft({ ...draft, number: e.currentTarget.value })} />
          <TextInput label={t('list.keyword')} value={draft.keyword} onChange={(e) => setDraft({ ...draft, keyword: e.currentTarget.value })} w={420} />
          <MultiSelect
            size="lg"
            label={t('list.status')}
            data={RECEPTION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={draft.status}
            onChange={(value) => setDraft({ ...draft, status: value as ReceptionStatus[] })}
            w={260}
          />
          <DateField label={t('list.dateFrom')} value={draft.dateFrom} onValueChange={(dateFrom) => setDraft({ ...draft, dateFrom })} w={190} />
          <DateField label={t('list.dateTo')} value={draft.dateTo} onValueChange={(dateTo) => setDraft({ ...draft, dateTo })} w={190} />
          <Select
            label={t('list.sort')}
            value={`${draft.sort}:${draft.direction}`}
            onChange={(value) => {
              const [sort, direction] = (value ?? 'createdAt:desc').split(':') as [Query['sort'], Query['direction']];
              setDraft({ ...draft, sort, direction });
            }}
            data={['createdAt:desc', 'createdAt:asc', 'number:asc', 'total:desc', 'total:asc', 'status:asc'].map((v) => ({ value: v, label: t(`list.sortBy.${v}`, { nsSeparator: false }) }))}
            allowDeselect={false}
          />
          <Button type="submit">{t('common.search')}</Button>
        </Group>
      </form>
      <ErrorAlert error={list.error ?? removed.error} />
      <CountText total={list.data?.total ?? 0} capped={list.data?.totalCapped ?? false} />
      {list.data?.sortedWithinCap && <Alert color="yellow">{t('paging.sortedWithinCap')}</Alert>}
      <Table striped highlightOnHover verticalSpacing="sm" data-testid="reception-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('list.number')}</Table.Th>
            <Table.Th>{t('list.date')}</Table.Th>
            <Table.Th>{t('list.customer')}</Table.Th>
            <Table.Th>{t('list.staff')}</Table.Th>
            <Table.Th>{t('storeFeed.changedBy')}</Table.Th>
            <Table.Th ta="right">{t('list.items')}</Table.Th>
            <Table.Th ta="right">{t('totals.total')}</Table.Th>
            <Table.Th>{t('list.status')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.rows.map((row) => (
            <Table.Tr key={row.id} data-number={row.number}>
              <Table.Td>
                {row.suspectedStolen && (
                  <Badge color="red" mr="xs">
                    {t('list.stolenFlag')}
                  </Badge>
                )}
                {row.number}
              </Table.Td>
              <Table.Td>{formatTokyo(row.createdAt)}</Table.Td>
              <Table.Td>{row.sellerName}</Table.Td>
              <Table.Td>{row.staffName}</Table.Td>
              <Table.Td data-testid="row-changed-by">{row.changedBy}</Table.Td>
              <Table.Td ta="right">{row.itemCount}</Table.Td>
              <Table.Td ta="right" td={row.status === 'cancelled' ? 'line-through' : undefined} data-testid="row-total">
                {formatYen(row.total)}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={row.status} />
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button size="md" variant="light" onClick={() => setOpenId(row.id)}>
                    {t('list.open')}
                  </Button>
                  {row.settleable && (
                    <ActionIcon size="xl" variant="filled" aria-label={t('list.settle', { number: row.number })} onClick={() => dispatch(navigate({ name: 'settlement', number: row.number }))}>
                      ¥
                    </ActionIcon>
                  )}
                  {row.status !== 'settled' && row.status !== 'cancelled' && (
                    <Button size="md" variant="light" color="red" onClick={() => setToDelete(row)} aria-label={t('list.deleteOne', { number: row.number })}>
                      {t('common.delete')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <KeysetPager pages={pages} next={list.data?.next} testId="reception-pager" />
      <ConfirmDialog
        opened={toDelete !== null}
        title={t('list.deleteTitle')}
        message={t('list.deleteConfirm', { number: toDelete?.number ?? '' })}
        confirmLabel={t('common.delete')}
        onClose={() => setToDelete(null)}
        onConfirm={async () => {
          if (toDelete) await remove({ id: toDelete.id, version: toDelete.version });
          setToDelete(null);
        }}
      />
      <Drawer opened={openId !== null} onClose={() => setOpenId(null)} position="right" size="xl" title={t('list.detail')}>
        {openId && <ReceptionDetail id={openId} />}
      </Drawer>
    </Stack>
  );
}

function ReceptionDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const reception = useReceptionQuery({ id });
  const data = reception.data;
  if (!data) return <ErrorAlert error={reception.error} />;
  return (
    <Stack>
      <Text fw={700} size="lg">
        {data.number} <StatusBadge status={data.status} />
      </Text>
      <Text>
        {t('common.nameWithKana', { name: data.seller.name, kana: data.seller.nameKana })}
      </Text>
      <Table>
        <Table.Tbody>
          {data.items.map((item) => (
            <Table.Tr key={item.id} style={{ textDecoration: item.cancelled ? 'line-through' : undefined }}>
              <Table.Td>{item.name}</Table.Td>
              <Table.Td>{item.stockCode}</Table.Td>
              <Table.Td ta="right">{formatYen(item.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={700}>
        {t('totals.total')}: <Text span td={data.status === 'cancelled' ? 'line-through' : undefined} inherit>{formatYen(data.settlement?.totalAmount ?? data.totals.total)}</Text>
      </Text>
      {data.settlement && (
        <Stack>
          <Text>{t('list.settledAt', { at: formatTokyo(data.settlement.settledAt), staff: data.settlement.staffName })}</Text>
          {data.settlement.images.map((image) => (
            <SettledImage key={image.id} id={image.id} kind={image.kind} />
          ))}
        </Stack>
      )}
      {data.status !== 'settled' && data.status !== 'cancelled' && (
        <Button onClick={() => dispatch(navigate({ name: 'appraisal', receptionId: data.id }))}>{t('list.toAppraisal')}</Button>
      )}
      {data.status !== 'settled' && data.status !== 'cancelled' && <SuspectedStolenFlag reception={data} />}
      {data.status !== 'cancelled' && <PrintSlipButton receptionId={data.id} />}
      {/* N-03: settled at another counter PC: its settlement, receipt and statement live there (and at HQ). */}
      {data.status === 'settled' && !data.settlement && (
        <Alert color="blue" data-testid="settled-elsewhere">
          {t('storeFeed.settledElsewhere')}
        </Alert>
      )}
      {data.status === 'settled' && data.settlement && (
        <>
          <SettledReceipt reception={data} />
          <StatementButtons receptionId={data.id} />
          <ReprintLabelsButton reception={data} />
        </>
      )}
    </Stack>
  );
}

/** S-11, B-04: after settlement the ID photo and signature are shown to signed-in staff, decrypted on demand. */
function SettledImage({ id, kind }: { id: string; kind: 'id_photo' | 'signature' }) {
  const { t } = useTranslation();
  const image = useSettledImageQuery({ imageId: id });
  return (
    <Stack gap={4}>
      <Text fw={600}>{t(kind === 'id_photo' ? 'wizard.idPhoto' : 'wizard.signature')}</Text>
      {image.data && <Image src={image.data.dataUrl} alt={t(kind === 'id_photo' ? 'wizard.idPhoto' : 'wizard.signature')} maw={480} data-testid={`settled-${kind}`} />}
      {/* Issue 13 §5: a database restored onto a PC without the old PC's key says so here, not an empty heading. */}
      {toErrorInfo(image.error)?.code === 'VAULT_KEY_MISSING' ? (
        <Alert color="orange" data-testid={`settled-${kind}-key-missing`}>
          {t('vaultKeys.imageKeyMissing')}
        </Alert>
      ) : (
        <ErrorAlert error={image.error} />
      )}
    </Stack>
  );
}
