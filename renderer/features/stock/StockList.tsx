import { Button, Group, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { CountText, KeysetPager, useKeysetPages } from '../../components/KeysetPager.tsx';
import { useListStockQuery, usePrintStockLabelsMutation, useSetStockEcPublishedMutation } from '../../kiosk-api.ts';
import { useScanner } from '../../scanner/use-scanner.ts';
import { PrintJobResult } from '../printing/PrintJobResult.tsx';

/** P-07: the stock items that settlement registered, searchable by (scanned) stock code, name or reception number. */
export function StockList() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const pages = useKeysetPages();
  const stock = useListStockQuery({ query, cursor: pages.cursor });
  const [printLabel, printed] = usePrintStockLabelsMutation();
  const [setPublished, publishing] = useSetStockEcPublishedMutation();
  // P-07: a scanned label (stock code or its in-store JAN) finds the item wherever the focus is.
  useScanner((code) => {
    setQuery(code);
    pages.reset();
  });
  return (
    <Stack>
      <Title order={2}>{t('stock.title')}</Title>
      <Group>
        <TextInput label={t('stock.search')} value={query} onChange={(e) => {
          setQuery(e.currentTarget.value);
          pages.reset();
        }} w={420} />
      </Group>
      <ErrorAlert error={stock.error ?? publishing.error} />
      <PrintJobResult job={printed.data?.job} error={printed.error} testId="stock-label-result" />
      <CountText total={stock.data?.total ?? 0} capped={stock.data?.totalCapped ?? false} />
      <Table striped verticalSpacing="sm" data-testid="stock-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('stock.code')}</Table.Th>
            <Table.Th>{t('item.name')}</Table.Th>
            <Table.Th>{t('item.grade')}</Table.Th>
            <Table.Th ta="right">{t('stock.price')}</Table.Th>
            <Table.Th>{t('stock.ec')}</Table.Th>
            <Table.Th>{t('stock.reception')}</Table.Th>
            <Table.Th>{t('list.date')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stock.data?.rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>
                {row.code}
                {row.janCode && (
                  <Text size="sm" c="dimmed" data-testid="stock-jan">
                    {t('stock.jan', { jan: row.janCode })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{row.name}</Table.Td>
              <Table.Td>{row.grade}</Table.Td>
              <Table.Td ta="right">{formatYen(row.price)}</Table.Td>
              <Table.Td>
                <Switch
                  size="lg"
                  checked={row.ecPublished}
                  onChange={(e) => void setPublished({ stockItemId: row.id, published: e.currentTarget.checked })}
                  label={row.ecPublished ? t('stock.published') : t('stock.unpublished')}
                  aria-label={t('stock.ecToggle', { code: row.code })}
                />
              </Table.Td>
              <Table.Td>{row.receptionNumber}</Table.Td>
              <Table.Td>{formatTokyo(row.createdAt)}</Table.Td>
              <Table.Td>
                <Button
                  size="md"
                  variant="light"
                  loading={printed.isLoading && printed.originalArgs?.stockItemIds[0] === row.id}
                  aria-label={t('printing.printStockLabel', { code: row.code })}
                  onClick={() => void printLabel({ stockItemIds: [row.id] })}
                >
                  {t('printing.label')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <KeysetPager pages={pages} next={stock.data?.next} testId="stock-pager" />
    </Stack>
  );
}
