import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatTokyo } from '../../components/format.ts';
import { readableParams } from '../../components/ErrorAlert.tsx';
import type { ClaimView } from './use-reception-claim.ts';

/**
 * N-02: why the reception is read-only on this PC (another terminal edits it until HH:MM, or it cannot be claimed
 * offline), with 再試行 to take it once it is free. Nothing is shown while the screen may edit.
 */
export function ClaimBanner({ view, onRetry }: { view: ClaimView; onRetry: () => void }) {
  // The translated part mounts only when there is something to say. An idle banner that took useTranslation inside
  // the wizard made the settlement screen behind it render again on its own (tests/e2e/screens.test.ts, render-error
  // case); why exactly is not known, so the wizard's tree stays as it was while the claim is fine.
  if (view.state === 'editable' || view.state === 'checking') return null;
  return <ReadOnlyBanner view={view} onRetry={onRetry} />;
}

function ReadOnlyBanner({ view, onRetry }: { view: Exclude<ClaimView, { state: 'editable' | 'checking' }>; onRetry: () => void }) {
  const { t } = useTranslation();
  const message =
    view.state === 'heldElsewhere'
      ? t('claims.heldElsewhere', { terminal: view.terminal, until: formatTokyo(view.expiresAt).slice(-5) })
      : view.state === 'offline'
        ? t('claims.offline')
        : t(view.error.message, { ...readableParams(view.error.params), defaultValue: t('errors.INTERNAL') });
  return (
    <Alert color="orange" role="status" title={t('claims.readOnly')} data-testid="claim-banner" data-claim-state={view.state}>
      <Group justify="space-between" wrap="nowrap">
        <Text>{message}</Text>
        <Button variant="white" color="orange" onClick={onRetry}>
          {t('claims.retry')}
        </Button>
      </Group>
    </Alert>
  );
}
