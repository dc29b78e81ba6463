import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const SEPARATED = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/;
const COMPACT = /^\s*(\d{4})(\d{2})(\d{2})\s*$/;

/** `1990/5/20`, `1990年5月20日` and `19900520` all mean 1990-05-20; anything else is left as typed for the check. */
export function normaliseDate(text: string): string {
  const match = SEPARATED.exec(text) ?? COMPACT.exec(text);
  if (!match) return text.trim();
  return `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
}

/**
 * A calendar date typed year first, in either language: the browser's own date input shows mm/dd/yyyy wherever the
 * PC's locale is American, which no Japanese counter expects. The value is YYYY-MM-DD, as the contract wants.
 */
export function DateField({
  value,
  onValueChange,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange' | 'type'> & { value: string; onValueChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      {...props}
      value={value}
      placeholder={t('common.datePlaceholder')}
      inputMode="numeric"
      autoComplete="off"
      maxLength={12}
      onChange={(event) => onValueChange(event.currentTarget.value)}
      onBlur={(event) => onValueChange(normaliseDate(event.currentTarget.value))}
    />
  );
}
