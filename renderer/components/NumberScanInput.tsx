import { Button, Group, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScanner } from '../scanner/use-scanner.ts';

/**
 * S-04: a reception number is read by a barcode scanner that types like a keyboard (fast keys ending in Enter) or
 * typed by hand. The input takes the focus first; a scan made while the focus is elsewhere on the screen lands here
 * too (useScanner).
 */
export function NumberScanInput({ onSubmit, loading, initial = '' }: { onSubmit: (number: string) => void; loading?: boolean; initial?: string }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, []);
  useScanner((code) => {
    setValue(code);
    onSubmit(code);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onSubmit(value.trim());
    input.current?.select();
  };
  return (
    <form onSubmit={submit}>
      <Group align="end">
        <TextInput
          ref={input}
          style={{ flex: 1, maxWidth: 520 }}
          label={t('scan.label')}
          description={t('scan.help')}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          autoComplete="off"
          data-testid="reception-number-input"
        />
        <Button type="submit" loading={loading}>
          {t('scan.open')}
        </Button>
      </Group>
    </form>
  );
}
