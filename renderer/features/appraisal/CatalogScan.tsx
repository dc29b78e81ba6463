import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogItem, CatalogLookup, Category } from '../../../preload/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useLookupCatalogMutation, useSearchCatalogMutation } from '../../kiosk-api.ts';
import { useScanner } from '../../scanner/use-scanner.ts';
import { emptyItem, type ItemDraft } from './ItemForm.tsx';

/** What the add-item form starts from after a scan or a catalog pick, and what the clerk is told about it. */
export interface CatalogPrefill {
  /** Changes at every prefill, so the form starts again from `draft`. */
  seq: number;
  draft: ItemDraft;
  notice: { tone: 'found' | 'unknown' | 'refused'; text: string } | null;
}

export const noPrefill: CatalogPrefill = { seq: 0, draft: emptyItem, notice: null };

export function draftFromCatalog(item: CatalogItem): ItemDraft {
  return {
    ...emptyItem,
    categoryId: item.categoryId,
    name: item.name,
    maker: item.maker,
    model: item.model,
    colour: item.attributes.colour ?? '',
    productCode: item.code,
  };
}

/**
 * a product's barcode scanned on the appraisal screen — wherever the focus is, as every scan at this counter
 * (renderer/scanner) — fills the add-item form from the catalog, or with the code alone when the catalog does not
 * know it. Our own stock labels and misreads are refused with a message and leave the form as it was.
 */
export function useCatalogScan(enabled: boolean, setPrefill: (update: (previous: CatalogPrefill) => CatalogPrefill) => void) {
  const { t } = useTranslation();
  const [lookup, looked] = useLookupCatalogMutation();
  useScanner((code) => {
    void lookup({ code }).then((response) => {
      const found = 'data' in response ? response.data : undefined;
      if (found) setPrefill((previous) => prefillOf(found, previous, t));
    });
  }, enabled);
  return looked.error;
}

function prefillOf(found: CatalogLookup, current: CatalogPrefill, t: (key: string, params?: Record<string, unknown>) => string): CatalogPrefill {
  const seq = current.seq + 1;
  switch (found.kind) {
    case 'found':
      return { seq, draft: draftFromCatalog(found.item), notice: { tone: 'found', text: t('catalog.found', { name: found.item.name, code: found.code }) } };
    case 'unknown':
      return { seq, draft: { ...emptyItem, productCode: found.code }, notice: { tone: 'unknown', text: t('catalog.unknown', { code: found.code }) } };
    case 'stockLabel':
      return {
        ...current,
        notice: {
          tone: 'refused',
          text: found.stockCode ? t('catalog.stockLabelOf', { stockCode: found.stockCode, name: found.name }) : t('catalog.stockLabel', { code: found.code }),
        },
      };
    case 'badCheckDigit':
      return { ...current, notice: { tone: 'refused', text: t('catalog.badCheckDigit', { code: found.code }) } };
    case 'notProductCode':
      return { ...current, notice: { tone: 'refused', text: t('catalog.notProductCode', { code: found.code }) } };
  }
}

export function CatalogNotice({ prefill }: { prefill: CatalogPrefill }) {
  if (!prefill.notice) return null;
  const color = prefill.notice.tone === 'found' ? 'green' : prefill.notice.tone === 'unknown' ? 'blue' : 'red';
  return (
    <Alert color={color} role={prefill.notice.tone === 'refused' ? 'alert' : 'status'} data-testid="catalog-notice" mb="sm">
      {prefill.notice.text}
    </Alert>
  );
}

/** catalog search by name, maker or model (folded like the reception search); a pick fills the form. */
export function CatalogSearchButton({ categories, onPick }: { categories: Category[]; onPick: (item: CatalogItem) => void }) {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [query, setQuery] = useState('');
  const [search, searched] = useSearchCatalogMutation();
  const categoryName = (id: string) => {
    const category = categories.find((c) => c.id === id);
    return category ? (i18n.language === 'en' ? category.nameEn : category.nameJa) : id;
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() !== '') void search({ query: query.trim() });
  };
  const close = () => {
    setOpened(false);
    searched.reset();
  };
  return (
    <>
      <Button variant="light" onClick={() => setOpened(true)}>
        {t('catalog.search')}
      </Button>
      <Modal opened={opened} onClose={close} title={t('catalog.search')} size="xl">
        <Stack>
          <form onSubmit={submit} aria-label={t('catalog.search')}>
            <Group align="end">
              <TextInput label={t('catalog.query')} description={t('catalog.queryHelp')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} style={{ flex: 1 }} data-autofocus />
              <Button type="submit" loading={searched.isLoading}>
                {t('catalog.find')}
              </Button>
            </Group>
          </form>
          <ErrorAlert error={searched.error} />
          {searched.data && searched.data.length === 0 && <Text c="dimmed">{t('catalog.noneFound')}</Text>}
          {searched.data && searched.data.length > 0 && (
            <Table data-testid="catalog-results">
              <Table.Tbody>
                {searched.data.map((item) => (
                  <Table.Tr key={item.code}>
                    <Table.Td>
                      <Text fw={600}>{item.name}</Text>
                      <Text size="sm" c="dimmed">
                        {[item.maker, item.model, categoryName(item.categoryId), item.code].filter(Boolean).join(' / ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="md"
                        variant="light"
                        aria-label={t('catalog.useItem', { name: item.name })}
                        onClick={() => {
                          onPick(item);
                          close();
                        }}
                      >
                        {t('catalog.use')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Modal>
    </>
  );
}
