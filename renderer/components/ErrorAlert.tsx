import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KioskErrorInfo } from '../../preload/types.ts';
import { formatTokyo, formatYen } from './format.ts';

/** Turns an API error (RTK Query error or KioskErrorInfo) into a translated alert. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const info = toErrorInfo(error);
  if (!info) return null;
  return (
    <Alert color="red" role="alert" title={t('common.error')} data-error-code={info.code}>
      {t(info.message, { ...readableParams(info.params), defaultValue: t('errors.INTERNAL') })}
    </Alert>
  );
}

const MONEY_PARAMS = new Set(['total', 'amount', 'expected', 'shortfall']);

/** Instants (`…At`) read in Tokyo time and money (`total`, `amount`, …) in yen, as everywhere else on screen. */
export function readableParams(params: KioskErrorInfo['params']): Record<string, string | number> {
  const readable: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (key.endsWith('At') && typeof value === 'string' && value !== '') readable[key] = formatTokyo(value);
    else if (MONEY_PARAMS.has(key) && typeof value === 'number') readable[key] = formatYen(value);
    else readable[key] = value;
  }
  return readable;
}

export function toErrorInfo(error: unknown): KioskErrorInfo | null {
  if (!error) return null;
  if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) return error as KioskErrorInfo;
  return { code: 'INTERNAL', message: 'errors.INTERNAL' };
}

/** The translated message of one field, for whole-form validation (KioskErrorInfo.fields). */
export function useFieldError(error: unknown) {
  const { t } = useTranslation();
  const info = toErrorInfo(error);
  return (path: string): string | undefined => {
    const key = info?.fields?.[path];
    return key ? t(key) : undefined;
  };
}
