import { Button, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useLazySearchCustomersQuery } from '../../kiosk-api.ts';
import { RegisterMember } from '../reception/NewReception.tsx';

/** P-06: members with their point balance; register a new one. */
export function Customers() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [search, found] = useLazySearchCustomersQuery();
  const [registering, setRegistering] = useState(false);
  return (
    <Stack>
      <Title order={2}>{t('customers.title')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) void search({ query });
        }}
      >
        <Group align="end">
          <TextInput label={t('reception.memberSearch')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={420} />
          <Button type="submit">{t('common.search')}</Button>
          <Button variant="default" onClick={() => setRegistering(true)}>
            {t('customers.register')}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={found.error} />
      {found.data && (
        <Table striped verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customers.memberNumber')}</Table.Th>
              <Table.Th>{t('seller.name')}</Table.Th>
              <Table.Th>{t('seller.phone')}</Table.Th>
              <Table.Th ta="right">{t('customers.points')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {found.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.memberNumber}</Table.Td>
                <Table.Td>
                  {t('common.nameWithKana', { name: c.name, kana: c.nameKana })}
                </Table.Td>
                <Table.Td>{c.phone}</Table.Td>
                <Table.Td ta="right">{c.pointBalance.toLocaleString('ja-JP')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {found.data?.length === 0 && <Text c="dimmed">{t('reception.noMember')}</Text>}
      <Modal opened={registering} onClose={() => setRegistering(false)} title={t('customers.register')} size="xl">
        <RegisterMember onCreated={() => setRegistering(false)} />
      </Modal>
    </Stack>
  );
}
