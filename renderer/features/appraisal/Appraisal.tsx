import { ActionIcon, Alert, Button, Fieldset, Group, NumberInput, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reception } from '../../../preload/types.ts';
import { navigate } from '../../app/ui-slice.ts';
import { useShowOnCustomerDisplay } from '../customer-display/use-customer-display.ts';
import { useReportScreen } from '../../app/use-report-screen.ts';
import { QuoteButtons } from '../documents/DocumentButtons.tsx';
import { ErrorAlert, toErrorInfo, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatYen } from '../../components/format.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { NumberScanInput } from '../../components/NumberScanInput.tsx';
import {
  useAddItemMutation,
  useCategoriesQuery,
  useCompleteAppraisalMutation,
  useFindReceptionMutation,
  useMoveItemMutation,
  useReceptionQuery,
  useRemoveItemMutation,
  useSetAdjustmentMutation,
  useUpdateItemMutation,
} from '../../kiosk-api.ts';
import { useScanner } from '../../scanner/use-scanner.ts';
import { useAppDispatch } from '../../store.ts';
import { ClaimBanner } from '../claims/ClaimBanner.tsx';
import { claimAllowsEditing, useReceptionClaim } from '../claims/use-reception-claim.ts';
import { CatalogNotice, type CatalogPrefill, CatalogSearchButton, draftFromCatalog, noPrefill, useCatalogScan } from './CatalogScan.tsx';
import { draftToFields, ItemForm, itemToDraft } from './ItemForm.tsx';

/** P-02: appraise the items of a reception, set the adjustment, mark it complete, go on to settlement (S-03). */
export function Appraisal({ receptionId }: { receptionId?: string | undefined }) {
  const { t } = useTranslation();
  useReportScreen(receptionId ? 'appraisal' : 'other');
  const dispatch = useAppDispatch();
  const [find, found] = useFindReceptionMutation();
  if (!receptionId) {
    return (
      <Stack>
        <Title order={2}>{t('appraisal.title')}</Title>
        <NumberScanInput
          loading={found.isLoading}
          onSubmit={async (number) => {
            const response = await find({ number });
            if ('data' in response && response.data) dispatch(navigate({ name: 'appraisal', receptionId: response.data.id }));
          }}
        />
        <ErrorAlert error={found.error} />
      </Stack>
    );
  }
  return <AppraisalOf receptionId={receptionId} />;
}

function AppraisalOf({ receptionId }: { receptionId: string }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  // V-01: the customer watches the items and amounts appear as they are appraised.
  useShowOnCustomerDisplay(receptionId, 'appraisal');
  const reception = useReceptionQuery({ id: receptionId });
  const categories = useCategoriesQuery({});
  const [addItem, added] = useAddItemMutation();
  const [complete, completed] = useCompleteAppraisalMutation();
  const [editing, setEditing] = useState<string | null>(null);
  const addError = useFieldError(added.error);
  const [prefill, setPrefill] = useState<CatalogPrefill>(noPrefill);
  const closed = reception.data?.status === 'settled' || reception.data?.status === 'cancelled';
  // N-02: one editor at a time. While another PC holds the reception (or it cannot be claimed offline) it is shown
  // read-only: every editing control disabled, not hidden, so the clerk sees what is there.
  const { view: claim, retry } = useReceptionClaim(closed ? null : receptionId);
  const editable = claimAllowsEditing(claim);
  // a product scanned while an item is being edited stays out of that item (the edit form is not the add form).
  const lookupError = useCatalogScan(Boolean(reception.data) && !closed && editing === null && editable, setPrefill);
  // A scan while read-only adds nothing (S-04's one-scanner rule: this screen still takes the scan, so it cannot fall
  // through to another screen); the clerk is told why.
  const [scanRefused, setScanRefused] = useState<string | null>(null);
  useScanner(setScanRefused, Boolean(reception.data) && !closed && !editable);
  useEffect(() => {
    if (editable) setScanRefused(null);
  }, [editable]);

  if (reception.error) return <ErrorAlert error={reception.error} />;
  const data = reception.data;
  if (!data || !categories.data) return null;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('appraisal.title')}</Title>
        <Group>
          <Text fw={700} size="lg" data-testid="appraisal-number">
            {data.number}
          </Text>
          <span data-testid="reception-status">
            <StatusBadge status={data.status} size="xl" />
          </span>
        </Group>
      </Group>
      <Text>
        {data.memberNumber
          ? t('appraisal.sellerMember', { name: data.seller.name, number: data.memberNumber })
          : t('appraisal.sellerLine', { name: data.seller.name })}
      </Text>
      <ClaimBanner view={claim} onRetry={retry} />
      {scanRefused && (
        <Alert color="red" role="alert" data-testid="claim-scan-refused">
          {t('claims.scanRefused', { code: scanRefused })}
        </Alert>
      )}
      <Fieldset variant="unstyled" p={0} disabled={!editable} data-testid="appraisal-editing">
        <Stack>
          {!closed && (
            <Paper withBorder p="md">
              <Group justify="space-between" mb="sm">
                <Title order={3} size="h4">
                  {t('appraisal.addItem')}
                </Title>
                <CatalogSearchButton
                  categories={categories.data}
                  onPick={(item) => setPrefill((previous) => ({ seq: previous.seq + 1, draft: draftFromCatalog(item), notice: { tone: 'found', text: t('catalog.found', { name: item.name, code: item.code }) } }))}
                />
              </Group>
              <Text size="sm" c="dimmed" mb="sm">
                {t('catalog.scanHelp')}
              </Text>
              <CatalogNotice prefill={prefill} />
              <ErrorAlert error={lookupError} />
              <ItemForm
                key={`add-${data.items.length}-${prefill.seq}`}
                categories={categories.data}
                initial={prefill.draft}
                submitLabel={t('appraisal.add')}
                loading={added.isLoading}
                fieldError={addError}
                onSubmit={async (draft) => {
                  const response = await addItem({ receptionId, item: draftToFields(draft) });
                  const ok = 'data' in response && Boolean(response.data);
                  if (ok) setPrefill((previous) => ({ ...noPrefill, seq: previous.seq + 1 }));
                  return ok;
                }}
              />
              <ErrorAlert error={added.error} />
            </Paper>
          )}
          <ItemsTable reception={data} editing={editing} setEditing={setEditing} closed={closed} />
          <Totals reception={data} />
          {!closed && <Adjustment reception={data} />}
          <ErrorAlert error={completed.error} />
          <Group>
            {!closed && (
              <Button
                variant="light"
                disabled={data.status === 'appraised' || data.items.length === 0}
                loading={completed.isLoading}
                onClick={() => void complete({ receptionId })}
              >
                {t('appraisal.complete')}
              </Button>
            )}
            {!closed && (
              <Button disabled={data.items.length === 0} onClick={() => dispatch(navigate({ name: 'settlement', number: data.number }))}>
                {t('appraisal.settle')}
              </Button>
            )}
          </Group>
        </Stack>
      </Fieldset>
      {!closed && data.items.length > 0 && <QuoteButtons receptionId={data.id} />}
    </Stack>
  );
}

function ItemsTable({
  reception,
  editing,
  setEditing,
  closed,
}: {
  reception: Reception;
  editing: string | null;
  setEditing: (id: string | null) => void;
  closed: boolean;
}) {
  const { t, i18n } = useTranslation();
  const categories = useCategoriesQuery({});
  const [remove, removed] = useRemoveItemMutation();
  const [move] = useMoveItemMutation();
  const [update, updated] = useUpdateItemMutation();
  const updateError = useFieldError(updated.error);
  const categoryName = (id: string) => {
    const category = categories.data?.find((c) => c.id === id);
    return category ? (i18n.language === 'en' ? category.nameEn : category.nameJa) : id;
  };
  if (reception.items.length === 0) return <Text c="dimmed">{t('appraisal.noItems')}</Text>;
  return (
    <>
      <ErrorAlert error={removed.error} />
      <Table striped verticalSpacing="sm" data-testid="items-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('item.category')}</Table.Th>
            <Table.Th>{t('item.name')}</Table.Th>
            <Table.Th>{t('item.grade')}</Table.Th>
            <Table.Th ta="right">{t('item.quantity')}</Table.Th>
            <Table.Th ta="right">{t('item.unitPrice')}</Table.Th>
            <Table.Th ta="right">{t('item.amount')}</Table.Th>
            {!closed && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reception.items.map((item, index) =>
            editing === item.id && categories.data ? (
              <Table.Tr key={item.id}>
                <Table.Td colSpan={8}>
                  <ItemForm
                    categories={categories.data}
                    initial={itemToDraft(item)}
                    submitLabel={t('common.save')}
                    loading={updated.isLoading}
                    fieldError={updateError}
                    onCancel={() => setEditing(null)}
                    onSubmit={async (draft) => {
                      const response = await update({ receptionId: reception.id, itemId: item.id, item: draftToFields(draft) });
                      const ok = 'data' in response && Boolean(response.data);
                      if (ok) setEditing(null);
                      return ok;
                    }}
                  />
                  <ErrorAlert error={updated.error} />
                </Table.Td>
              </Table.Tr>
            ) : (
              <Table.Tr key={item.id}>
                <Table.Td>{index + 1}</Table.Td>
                <Table.Td>{categoryName(item.categoryId)}</Table.Td>
                <Table.Td>
                  <Text fw={600}>{item.name}</Text>
                  <Text size="sm" c="dimmed">
                    {[item.maker, item.model, item.serial, item.colour, item.features, item.productCode].filter(Boolean).join(' / ')}
                  </Text>
                </Table.Td>
                <Table.Td>{item.grade}</Table.Td>
                <Table.Td ta="right">{item.quantity}</Table.Td>
                <Table.Td ta="right">{formatYen(item.unitPrice)}</Table.Td>
                <Table.Td ta="right">{formatYen(item.amount)}</Table.Td>
                {!closed && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <ActionIcon size="xl" variant="default" aria-label={t('appraisal.moveUp', { name: item.name })} disabled={index === 0} onClick={() => void move({ receptionId: reception.id, itemId: item.id, direction: 'up' })}>
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        size="xl"
                        variant="default"
                        aria-label={t('appraisal.moveDown', { name: item.name })}
                        disabled={index === reception.items.length - 1}
                        onClick={() => void move({ receptionId: reception.id, itemId: item.id, direction: 'down' })}
                      >
                        ↓
                      </ActionIcon>
                      <Button size="md" variant="light" onClick={() => setEditing(item.id)}>
                        {t('common.edit')}
                      </Button>
                      <Button size="md" variant="light" color="red" onClick={() => void remove({ receptionId: reception.id, itemId: item.id })}>
                        {t('common.remove')}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ),
          )}
        </Table.Tbody>
      </Table>
    </>
  );
}

export function Totals({ reception }: { reception: Reception }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" maw={480} ml="auto">
      <Group justify="space-between">
        <Text>{t('totals.items', { count: reception.totals.itemCount })}</Text>
        <Text>{formatYen(reception.totals.itemsTotal)}</Text>
      </Group>
      <Group justify="space-between">
        <Text>{t('totals.adjustment')}</Text>
        <Text>{formatYen(reception.totals.adjustmentAmount)}</Text>
      </Group>
      <Group justify="space-between">
        <Text fw={700} size="xl">
          {t('totals.total')}
        </Text>
        <Text fw={700} size="xl" data-testid="total" td={reception.status === 'cancelled' ? 'line-through' : undefined}>
          {formatYen(reception.totals.total)}
        </Text>
      </Group>
    </Paper>
  );
}

function Adjustment({ reception }: { reception: Reception }) {
  const { t } = useTranslation();
  const [amount, setAmount] = useState<number | string>(reception.adjustmentAmount);
  const [reason, setReason] = useState(reception.adjustmentReason);
  const [save, saved] = useSetAdjustmentMutation();
  const [managerCode, setManagerCode] = useState('');
  const [managerPin, setManagerPin] = useState('');
  const fieldError = useFieldError(saved.error);
  const needsManager = toErrorInfo(saved.error)?.code === 'MANAGER_REQUIRED_FOR_ADJUSTMENT';
  const submit = (approval: { code: string; pin: string } | null) =>
    void save({ receptionId: reception.id, amount: typeof amount === 'number' ? amount : Number.NaN, reason, approval }).then(() => setManagerPin(''));
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('appraisal.adjustment')}
      </Title>
      <Group align="end">
        <NumberInput
          label={t('appraisal.adjustmentAmount')}
          description={t('appraisal.adjustmentHelp')}
          value={amount}
          onChange={setAmount}
          allowDecimal={false}
          thousandSeparator=","
          prefix="¥"
          error={fieldError('amount')}
        />
        <TextInput label={t('appraisal.adjustmentReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError('reason')} style={{ flex: 1 }} />
        <Button variant="light" loading={saved.isLoading} onClick={() => submit(null)}>
          {t('appraisal.saveAdjustment')}
        </Button>
      </Group>
      <ErrorAlert error={saved.error} />
      {needsManager && (
        <Group align="end" mt="sm">
          <TextInput label={t('appraisal.managerCode')} value={managerCode} onChange={(e) => setManagerCode(e.currentTarget.value)} autoComplete="off" />
          <PasswordInput label={t('appraisal.managerPin')} value={managerPin} onChange={(e) => setManagerPin(e.currentTarget.value)} inputMode="numeric" />
          <Button loading={saved.isLoading} onClick={() => submit({ code: managerCode, pin: managerPin })}>
            {t('appraisal.approveAndSave')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}
