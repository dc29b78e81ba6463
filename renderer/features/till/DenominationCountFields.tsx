import { NumberInput, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DENOMINATIONS } from '../../../common/till.ts';
import { formatYen } from '../../components/format.ts';

export type TypedCounts = Record<string, number | ''>;

/** The pieces typed so far, blanks left out, as the till channels take them. */
export function typedCounts(counts: TypedCounts): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter((entry): entry is [string, number] => entry[1] !== ''));
}

export function countedTotal(counts: TypedCounts): number {
  return Object.entries(typedCounts(counts)).reduce((sum, [denomination, pieces]) => sum + Number(denomination) * pieces, 0);
}

/**
 * M-02 / M-05: one field per note and coin, ¥10,000 down to ¥1. Whatever is typed is kept as typed (a negative or a
 * fraction too): the main process says what is wrong with it, field by field, and changes nothing.
 */
export function DenominationCountFields({
  counts,
  onChange,
  fieldError,
}: {
  counts: TypedCounts;
  onChange: (counts: TypedCounts) => void;
  fieldError: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={2} data-testid="till-counts">
      {DENOMINATIONS.map((denomination) => (
        <NumberInput
          key={denomination}
          size="lg"
          label={t('till.piecesOf', { denomination: formatYen(denomination) })}
          value={counts[denomination] ?? ''}
          onChange={(value) => onChange({ ...counts, [denomination]: typeof value === 'number' ? value : '' })}
          allowNegative
          allowDecimal
          error={fieldError(`counts.${denomination}`)}
        />
      ))}
    </SimpleGrid>
  );
}
