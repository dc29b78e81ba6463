import { Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, CategoryRemoval } from '../../../preload/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { useAddCategoryMutation, useCategoriesQuery, useRemoveCategoryMutation, useSessionQuery, useUpdateCategoryMutation } from '../../kiosk-api.ts';

interface Draft {
  nameJa: string;
  nameEn: string;
  parentId: string | null;
  alwaysVerify: boolean;
  sortOrder: number | string;
  active: boolean;
}

const EMPTY: Draft = { nameJa: '', nameEn: '', parentId: null, alwaysVerify: false, sortOrder: 1000, active: true };

/**
 * A-04 (P-02) 分類: the store adds and edits its own categories; those HQ publishes are shown with 本部 and no
 * controls. Deleting a category items name deactivates it instead, and the screen says so.
 */
export function CategorySettings() {
  const { t, i18n } = useTranslation();
  const categories = useCategoriesQuery({}, { refetchOnMountOrArgChange: true });
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  const [editing, setEditing] = useState<Category | null>(null);
  const [removing, setRemoving] = useState<Category | null>(null);
  const [removal, setRemoval] = useState<{ name: string; result: CategoryRemoval } | null>(null);
  const [remove, removed] = useRemoveCategoryMutation();
  const list = categories.data ?? [];
  const nameOf = (c: Category) => (i18n.language === 'en' ? c.nameEn : c.nameJa);
  const byId = new Map(list.map((c) => [c.id, c]));
  return (
    <Stack maw={1100}>
      {!isManager && <Alert color="orange">{t('settings.managerOnly')}</Alert>}
      <Text size="sm">{t('masterDataHq.categoriesHelp')}</Text>
      {isManager && <CategoryForm key="add" categories={list} />}
      {removal && (
        <Alert color={removal.result.outcome === 'deleted' ? 'green' : 'orange'} data-testid="category-removal" withCloseButton onClose={() => setRemoval(null)}>
          {removal.result.outcome === 'deleted'
            ? t('masterDataHq.categoryDeleted', { name: removal.name })
            : t('masterDataHq.categoryDeactivated', { name: removal.name, items: removal.result.items })}
        </Alert>
      )}
      <ErrorAlert error={categories.error ?? removed.error} />
      <Table aria-label={t('masterDataHq.categoriesTitle')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('masterDataHq.categoryNameJa')}</Table.Th>
            <Table.Th>{t('masterDataHq.categoryParent')}</Table.Th>
            <Table.Th>{t('masterDataHq.categoryAlwaysVerify')}</Table.Th>
            <Table.Th>{t('masterDataHq.categorySortOrder')}</Table.Th>
            <Table.Th>{t('masterDataHq.categoryActive')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((category) => (
            <Table.Tr key={category.id} data-testid={`category-${category.id}`}>
              <Table.Td>
                <Group gap="xs">
                  <Text>{nameOf(category)}</Text>
                  {category.metal && <Badge variant="light">{category.metal}</Badge>}
                  {category.owner === 'hq' && (
                    <Badge color="grape" variant="light">
                      {t('masterDataHq.categoryOwnerHq')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{category.parentId ? nameOf(byId.get(category.parentId) ?? category) : ''}</Table.Td>
              <Table.Td>{category.alwaysVerify ? '✓' : ''}</Table.Td>
              <Table.Td>{category.sortOrder}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={category.active !== false ? 400 : 700}>
                  {category.active !== false ? t('masterDataHq.categoryActive') : t('masterDataHq.categoryInactive')}
                </Text>
              </Table.Td>
              <Table.Td>
                {category.owner === 'hq' ? (
                  <Text size="sm" c="dimmed">
                    {t('masterDataHq.categoryHqReadOnly')}
                  </Text>
                ) : (
                  isManager && (
                    <Group gap="xs">
                      <Button size="md" variant="default" onClick={() => setEditing(category)} aria-label={`${t('masterDataHq.categoryEdit')} ${nameOf(category)}`}>
                        {t('masterDataHq.categoryEdit')}
                      </Button>
                      <Button size="md" variant="default" color="red" onClick={() => setRemoving(category)} aria-label={`${t('masterDataHq.categoryDelete')} ${nameOf(category)}`}>
                        {t('masterDataHq.categoryDelete')}
                      </Button>
                    </Group>
                  )
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('masterDataHq.categoryEditTitle', { name: editing ? nameOf(editing) : '' })} size="lg">
        {editing && <CategoryForm key={editing.id} categories={list} editing={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <ConfirmDialog
        opened={removing !== null}
        title={t('masterDataHq.categoryDelete')}
        message={t('masterDataHq.categoryDeleteConfirm', { name: removing ? nameOf(removing) : '' })}
        confirmLabel={t('masterDataHq.categoryDelete')}
        loading={removed.isLoading}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          const response = await remove({ id: removing.id });
          if ('data' in response && response.data) setRemoval({ name: nameOf(removing), result: response.data });
          setRemoving(null);
        }}
      />
    </Stack>
  );
}

function CategoryForm({ categories, editing, onDone }: { categories: Category[]; editing?: Category; onDone?: () => void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>(
    editing
      ? { nameJa: editing.nameJa, nameEn: editing.nameEn, parentId: editing.parentId, alwaysVerify: editing.alwaysVerify, sortOrder: editing.sortOrder ?? 0, active: editing.active !== false }
      : EMPTY,
  );
  const [add, added] = useAddCategoryMutation();
  const [update, updated] = useUpdateCategoryMutation();
  const result = editing ? updated : added;
  const fieldError = useFieldError(result.error);
  const parents = categories.filter((c) => c.parentId === null && c.id !== editing?.id);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields = {
      nameJa: draft.nameJa,
      nameEn: draft.nameEn,
      parentId: draft.parentId,
      alwaysVerify: draft.alwaysVerify,
      sortOrder: typeof draft.sortOrder === 'number' ? draft.sortOrder : Number.NaN,
    };
    const response = editing ? await update({ ...fields, id: editing.id, active: draft.active }) : await add(fields);
    if ('data' in response) {
      if (editing) onDone?.();
      else setDraft(EMPTY);
    }
  };
  const form = (
    <form onSubmit={submit} aria-label={editing ? t('masterDataHq.categoryEdit') : t('masterDataHq.categoryAdd')}>
      <Stack>
        <Group align="start" grow>
          <TextInput label={t('masterDataHq.categoryNameJa')} value={draft.nameJa} onChange={(e) => setDraft({ ...draft, nameJa: e.currentTarget.value })} error={fieldError('nameJa')} />
          <TextInput label={t('masterDataHq.categoryNameEn')} value={draft.nameEn} onChange={(e) => setDraft({ ...draft, nameEn: e.currentTarget.value })} error={fieldError('nameEn')} />
        </Group>
        <Group align="end">
          <Select
            label={t('masterDataHq.categoryParent')}
            data={[{ value: '', label: t('masterDataHq.categoryNoParent') }, ...parents.map((c) => ({ value: c.id, label: i18n.language === 'en' ? c.nameEn : c.nameJa }))]}
            value={draft.parentId ?? ''}
            onChange={(value) => setDraft({ ...draft, parentId: value ? value : null })}
            error={fieldError('parentId')}
            allowDeselect={false}
            w={260}
          />
          <NumberInput
            label={t('masterDataHq.categorySortOrder')}
            value={draft.sortOrder}
            onChange={(value) => setDraft({ ...draft, sortOrder: value })}
            error={fieldError('sortOrder')}
            allowDecimal={false}
            min={0}
            w={160}
          />
          <Checkbox size="lg" label={t('masterDataHq.categoryAlwaysVerify')} checked={draft.alwaysVerify} onChange={(e) => setDraft({ ...draft, alwaysVerify: e.currentTarget.checked })} />
          {editing && <Checkbox size="lg" label={t('masterDataHq.categoryActive')} checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })} />}
        </Group>
        <ErrorAlert error={result.error} />
        {result.isSuccess && !editing && (
          <Text fw={700} role="status">
            {t('masterDataHq.categoryAdded')}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={result.isLoading}>
            {editing ? t('common.save') : t('masterDataHq.categoryAdd')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
  if (editing) return form;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('masterDataHq.categoryAdd')}
      </Title>
      {form}
    </Paper>
  );
}
