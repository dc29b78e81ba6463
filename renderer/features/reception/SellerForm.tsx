import { Grid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField.tsx';
import type { Seller } from '../../../preload/types.ts';

export type SellerDraft = Omit<Seller, 'birthDate'> & { birthDate: string };

export const emptySeller: SellerDraft = {
  name: '',
  nameKana: '',
  postalCode: '',
  address: '',
  phone: '',
  birthDate: '',
  occupation: '',
};

/** The seller's details (P-01, kobutsu.md §2): name, kana, address, occupation, birth date and phone. */
export function SellerForm({
  value,
  onChange,
  fieldError,
}: {
  value: SellerDraft;
  onChange: (value: SellerDraft) => void;
  fieldError: (field: keyof SellerDraft) => string | undefined;
}) {
  const { t } = useTranslation();
  const field = (name: keyof SellerDraft) => ({
    label: t(`seller.${name}`),
    value: value[name],
    error: fieldError(name),
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => onChange({ ...value, [name]: event.currentTarget.value }),
  });
  return (
    <Grid>
      <Grid.Col span={6}>
        <TextInput {...field('name')} withAsterisk autoComplete="off" />
      </Grid.Col>
      <Grid.Col span={6}>
        <TextInput {...field('nameKana')} withAsterisk autoComplete="off" />
      </Grid.Col>
      <Grid.Col span={4}>
        <TextInput {...field('postalCode')} placeholder="150-0002" autoComplete="off" />
      </Grid.Col>
      <Grid.Col span={8}>
        <TextInput {...field('address')} withAsterisk autoComplete="off" />
      </Grid.Col>
      <Grid.Col span={4}>
        <TextInput {...field('phone')} placeholder="090-1234-5678" withAsterisk autoComplete="off" inputMode="tel" />
      </Grid.Col>
      <Grid.Col span={4}>
        <DateField
          label={t('seller.birthDate')}
          value={value.birthDate}
          error={fieldError('birthDate')}
          onValueChange={(birthDate) => onChange({ ...value, birthDate })}
          withAsterisk
        />
      </Grid.Col>
      <Grid.Col span={4}>
        <TextInput {...field('occupation')} withAsterisk autoComplete="off" />
      </Grid.Col>
    </Grid>
  );
}
