import { Button, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer, Reception } from '../../../preload/types.ts';
import { navigate } from '../../app/ui-slice.ts';
import { Barcode } from '../../components/Barcode.tsx';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { useCreateCustomerMutation, useCreateReceptionMutation, useLazySearchCustomersQuery } from '../../kiosk-api.ts';
import { PrintSlipButton } from '../printing/PrintSlipButton.tsx';
import { useAppDispatch } from '../../store.ts';
import { emptySeller, type SellerDraft, SellerForm } from './SellerForm.tsx';

/** P-01: a new reception for a member (found by number, name, kana or phone) or a walk-in seller. */
export function NewReception() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'member' | 'walkIn'>('member');
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [seller, setSeller] = useState<SellerDraft>(emptySeller);
  const [note, setNote] = useState('');
  const [created, setCreated] = useState<Reception | null>(null);
  const [create, result] = useCreateReceptionMutation();
  const fieldError = useFieldError(result.error);

  if (created) return <Created reception={created} onNext={() => setCreated(null)} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response =
      kind === 'member'
        ? customer
          ? await create({ kind: 'member', customerId: customer.id, note })
          : null
        : await create({ kind: 'walkIn', seller, note });
    if (response && 'data' in response && response.data) {
      setCreated(response.data);
      setSeller(emptySeller);
      setCustomer(null);
      setNote('');
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={960}>
        <Title order={2}>{t('reception.title')}</Title>
        <SegmentedControl
          size="lg"
          value={kind}
          onChange={(value) => setKind(value as 'member' | 'walkIn')}
          data={[
            { value: 'member', label: t('reception.member') },
            { value: 'walkIn', label: t('reception.walkIn') },
          ]}
        />
        {kind === 'member' ? (
          <MemberPicker selected={customer} onSelect={setCustomer} />
        ) : (
          <Paper withBorder p="md">
            <SellerForm value={seller} onChange={setSeller} fieldError={(name) => fieldError(`seller.${name}`)} />
          </Paper>
        )}
        <Textarea label={t('reception.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldError('note')} />
        <ErrorAlert error={result.error} />
        <Group>
          <Button type="submit" loading={result.isLoading} disabled={kind === 'member' && !customer}>
            {t('reception.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Created({ reception, onNext }: { reception: Reception; onNext: () => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  return (
    <Stack maw={720}>
      <Title order={2}>{t('reception.created')}</Title>
      <Paper withBorder p="lg">
        <Stack align="center">
          <Text size="sm" c="dimmed">
            {t('reception.number')}
          </Text>
          <Text size="xl" fw={700} data-testid="reception-number">
            {reception.number}
          </Text>
          <Barcode value={reception.number} label={t('reception.barcodeLabel', { number: reception.number })} />
          <Text>{reception.seller.name}</Text>
        </Stack>
      </Paper>
      <Group>
        <Button onClick={() => dispatch(navigate({ name: 'appraisal', receptionId: reception.id }))}>{t('reception.toAppraisal')}</Button>
        <Button variant="default" onClick={onNext}>
          {t('reception.another')}
        </Button>
      </Group>
      <PrintSlipButton receptionId={reception.id} />
    </Stack>
  );
}

function MemberPicker({ selected, onSelect }: { selected: Customer | null; onSelect: (customer: Customer) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [search, found] = useLazySearchCustomersQuery();
  const [registering, setRegistering] = useState(false);
  const runSearch = () => {
    if (query.trim()) void search({ query });
  };
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group align="end">
          <TextInput
            style={{ flex: 1 }}
            label={t('reception.memberSearch')}
            description={t('reception.memberSearchHelp')}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                runSearch();
              }
            }}
          />
          <Button variant="light" onClick={runSearch}>
            {t('common.search')}
          </Button>
          <Button variant="default" onClick={() => setRegistering(true)}>
            {t('customers.register')}
          </Button>
        </Group>
        <ErrorAlert error={found.error} />
        {found.data && found.data.length === 0 && <Text c="dimmed">{t('reception.noMember')}</Text>}
        {found.data && found.data.length > 0 && (
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.memberNumber')}</Table.Th>
                <Table.Th>{t('seller.name')}</Table.Th>
                <Table.Th>{t('seller.phone')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {found.data.map((customer) => (
                <Table.Tr key={customer.id} bg={selected?.id === customer.id ? 'indigo.0' : undefined}>
                  <Table.Td>{customer.memberNumber}</Table.Td>
                  <Table.Td>
                    {t('common.nameWithKana', { name: customer.name, kana: customer.nameKana })}
                  </Table.Td>
                  <Table.Td>{customer.phone}</Table.Td>
                  <Table.Td>
                    <Button size="md" variant={selected?.id === customer.id ? 'filled' : 'light'} onClick={() => onSelect(customer)}>
                      {selected?.id === customer.id ? t('reception.selected') : t('reception.select')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {selected && (
          <Text fw={600} data-testid="selected-member">
            {t('reception.selectedMember', { name: selected.name, number: selected.memberNumber })}
          </Text>
        )}
      </Stack>
      <Modal opened={registering} onClose={() => setRegistering(false)} title={t('customers.register')} size="xl">
        <RegisterMember
          onCreated={(customer) => {
            onSelect(customer);
            setRegistering(false);
          }}
        />
      </Modal>
    </Paper>
  );
}

export function RegisterMember({ onCreated }: { onCreated: (customer: Customer) => void }) {
  const { t } = useTranslation();
  const [seller, setSeller] = useState<SellerDraft>(emptySeller);
  const [create, result] = useCreateCustomerMutation();
  const fieldError = useFieldError(result.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const response = await create({ ...seller });
    if ('data' in response && response.data) onCreated(response.data);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SellerForm value={seller} onChange={setSeller} fieldError={(name) => fieldError(name)} />
        <ErrorAlert error={result.error} />
        <Button type="submit" loading={result.isLoading}>
          {t('customers.registerSubmit')}
        </Button>
      </Stack>
    </form>
  );
}
