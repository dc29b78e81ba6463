import { Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatTokyo } from '../../components/format.ts';
import { useMasterDataStatusQuery, useStoreFeedStatusQuery } from '../../kiosk-api.ts';
import { useSyncStatus } from './use-sync-status.ts';

/** the version of HQ's master data this kiosk holds, when it last reached HQ, and why the last pull failed. */
export function MasterDataVersion() {
  const { t } = useTranslation();
  // Read again at each sync status the worker reports (a pull happens in the same cycle).
  const sync = useSyncStatus();
  const state = useMasterDataStatusQuery({}, { pollingInterval: 10_000, refetchOnMountOrArgChange: true, skip: !sync });
  if (!state.data) return null;
  return (
    <Paper withBorder p="sm" data-testid="master-data-version">
      <Text>
        {t('masterData.version', { version: state.data.version })}
        {state.data.pulledAt ? ` · ${t('masterData.pulledAt', { at: formatTokyo(state.data.pulledAt) })}` : ` · ${t('masterData.neverPulled')}`}
      </Text>
      {state.data.lastError && <PullFailure section="masterData" reason={state.data.lastError} />}
    </Paper>
  );
}

/**
 * N-03: when this PC last heard the store's reception changes (other counters' receptions), and why the last pull
 * failed — the list keeps showing what was pulled last, so the manager needs to know how fresh it is.
 */
export function StoreFeedState() {
  const { t } = useTranslation();
  const sync = useSyncStatus();
  const state = useStoreFeedStatusQuery({}, { pollingInterval: 10_000, refetchOnMountOrArgChange: true, skip: !sync });
  if (!state.data) return null;
  return (
    <Paper withBorder p="sm" data-testid="store-feed-state">
      <Text>{state.data.pulledAt ? t('storeFeed.status', { at: formatTokyo(state.data.pulledAt) }) : t('storeFeed.neverPulled')}</Text>
      {state.data.lastError && <PullFailure section="storeFeed" reason={state.data.lastError} />}
    </Paper>
  );
}

/** `CODE: detail` from the worker: the code as a sentence the manager can act on, the detail for IT. */
function PullFailure({ section, reason }: { section: 'masterData' | 'storeFeed'; reason: string }) {
  const { t } = useTranslation();
  const match = /^(UNREACHABLE|HQ_REFUSED|INVALID_DATA|APPLY_FAILED): ([\s\S]*)$/.exec(reason);
  return (
    <>
      <Text c="red.9" size="sm">
        {t(`${section}.lastError`, { reason: match ? t(`${section}.failure.${match[1]}`) : reason })}
      </Text>
      {match?.[2] && (
        <Text size="xs" c="dimmed" ff="monospace" data-testid={section === 'masterData' ? 'master-data-failure-detail' : 'store-feed-failure-detail'}>
          {match[2]}
        </Text>
      )}
    </>
  );
}
