import { Button, Grid, Group, NumberInput, Select, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MetalWeightField, useMetalPricing } from './MetalWeight.tsx';
import { PriceHint } from './PriceHint.tsx';
import { type Category, GRADES, type Grade, type ItemFields, type ReceptionItem } from '../../../preload/types.ts';

/** The form's state: number inputs hold '' while empty. */
export type ItemDraft = Omit<ItemFields, 'quantity' | 'unitPrice'> & {
  quantity: number | string;
  unitPrice: number | string;
  /** grams as typed, for a metal category. */
  weight?: number | string;
};

export const emptyItem: ItemDraft = {
  categoryId: '',
  name: '',
  maker: '',
  model: '',
  serial: '',
  colour: '',
  features: '',
  grade: 'B',
  quantity: 1,
  unitPrice: '',
  productCode: '',
  weight: '',
};

export function itemToDraft(item: ReceptionItem): ItemDraft {
  const { categoryId, name, maker, model, serial, colour, features, grade, quantity, unitPrice, productCode, weightCg } = item;
  return { categoryId, name, maker, model, serial, colour, features, grade, quantity, unitPrice, productCode, weight: weightCg === null ? '' : weightCg / 100 };
}

/** P-02: category, name, features, condition grade, quantity and unit price of one appraised item. */
export function ItemForm({
  categories,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  fieldError,
  loading,
}: {
  categories: Category[];
  initial: ItemDraft;
  submitLabel: string;
  onSubmit: (draft: ItemDraft) => Promise<boolean>;
  onCancel?: () => void;
  fieldError: (field: string) => string | undefined;
  loading: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<ItemDraft>(initial);
  const parents = categories.filter((c) => c.parentId === null);
  const options = parents.map((parent) => ({
    group: i18n.language === 'en' ? parent.nameEn : parent.nameJa,
    items: categories
      // a category HQ retired is offered for no new item; an item already in it keeps showing it.
      .filter((c) => c.parentId === parent.id && (c.active !== false || c.id === draft.categoryId))
      .map((c) => ({ value: c.id, label: i18n.language === 'en' ? c.nameEn : c.nameJa })),
  }));
  const text = (name: 'name' | 'maker' | 'model' | 'serial' | 'colour' | 'features' | 'productCode') => ({
    label: t(`item.${name}`),
    value: draft[name] ?? '',
    error: fieldError(`item.${name}`),
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [name]: event.currentTarget.value }),
  });
  const metal = categories.find((c) => c.id === draft.categoryId)?.metal ?? null;
  const metalPricing = useMetalPricing(metal, draft.weight ?? '');
  // a metal item is sent with its weight and the rate the clerk sees; the main process prices it (and refuses
  // a rate that changed meanwhile, after which the form shows the new one).
  const submitted = (): ItemDraft =>
    metalPricing
      ? {
          ...draft,
          unitPrice: metalPricing.unitPrice ?? 0,
          weightCg: draft.weight === '' ? null : (metalPricing.weightCg ?? Number.NaN),
          metalPricePerGram: metalPricing.pricePerGram,
        }
      : { ...draft, weightCg: null, metalPricePerGram: null };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await onSubmit(submitted())) setDraft(initial === emptyItem ? { ...emptyItem, categoryId: draft.categoryId } : draft);
    else metalPricing?.refetch();
  };
  return (
    <form onSubmit={submit} aria-label={submitLabel} noValidate>
      <Grid>
        <Grid.Col span={12}>
          <TextInput {...text('productCode')} description={t('catalog.productCodeHelp')} maw={320} inputMode="numeric" autoComplete="off" />
        </Grid.Col>
        <Grid.Col span={4}>
          <Select
            label={t('item.category')}
            data={options}
            value={draft.categoryId || null}
            onChange={(value) => setDraft({ ...draft, categoryId: value ?? '' })}
            error={fieldError('item.categoryId')}
            searchable
            withAsterisk
          />
        </Grid.Col>
        <Grid.Col span={8}>
          <TextInput {...text('name')} withAsterisk />
        </Grid.Col>
        <Grid.Col span={3}>
          <TextInput {...text('maker')} />
        </Grid.Col>
        <Grid.Col span={3}>
          <TextInput {...text('model')} />
        </Grid.Col>
        <Grid.Col span={3}>
          <TextInput {...text('serial')} />
        </Grid.Col>
        <Grid.Col span={3}>
          <TextInput {...text('colour')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <TextInput {...text('features')} />
        </Grid.Col>
        <Grid.Col span={4}>
          <Select
            label={t('item.grade')}
            data={GRADES.map((g) => ({ value: g, label: t(`grade.${g}`) }))}
            value={draft.grade}
            onChange={(value) => setDraft({ ...draft, grade: (value ?? 'B') as Grade })}
            error={fieldError('item.grade')}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={4}>
          <NumberInput
            label={t('item.quantity')}
            value={draft.quantity}
            onChange={(value) => setDraft({ ...draft, quantity: value })}
            error={fieldError('item.quantity')}
            allowDecimal={false}
          />
        </Grid.Col>
        {metal !== null && metalPricing && (
          <Grid.Col span={4}>
            <MetalWeightField
              metal={metal}
              pricing={metalPricing}
              weight={draft.weight ?? ''}
              onWeight={(weight) => setDraft({ ...draft, weight })}
              error={fieldError('item.weightCg')}
            />
          </Grid.Col>
        )}
        <Grid.Col span={4}>
          <NumberInput
            label={t('item.unitPrice')}
            description={metal !== null ? t('metal.priceByWeight') : undefined}
            value={metalPricing ? (metalPricing.unitPrice ?? '') : draft.unitPrice}
            onChange={(value) => setDraft({ ...draft, unitPrice: value })}
            error={fieldError('item.unitPrice')}
            allowDecimal={false}
            thousandSeparator=","
            prefix="¥"
            readOnly={metal !== null}
          />
          {metal === null && <PriceHint categoryId={draft.categoryId} grade={draft.grade} productCode={draft.productCode ?? ''} />}
        </Grid.Col>
      </Grid>
      <Group mt="md">
        <Button type="submit" loading={loading} disabled={metalPricing !== null && metalPricing.pricePerGram === null}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
      </Group>
    </form>
  );
}

/** Number inputs hand back '' while empty; the main process then refuses the item with a clear message. */
export function draftToFields(draft: ItemDraft) {
  return {
    ...draft,
    quantity: typeof draft.quantity === 'number' ? draft.quantity : Number.NaN,
    unitPrice: typeof draft.unitPrice === 'number' ? draft.unitPrice : Number.NaN,
  };
}
