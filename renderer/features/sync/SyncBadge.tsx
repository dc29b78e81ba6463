import { Button, ColorSwatch, Group, Popover, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isSyncWarning, unsentAgeMinutes } from '../../../common/sync-age.ts';
import type { SyncStatus } from '../../../preload/types.ts';
import { formatTokyo } from '../../components/format.ts';
import { useSyncWakeMutation } from '../../kiosk-api.ts';
import { useNow } from './use-now.ts';
import { useSyncStatus } from './use-sync-status.ts';

/** How often the badge's ages are recomputed: they tick while offline or unprovisioned, when no status arrives. */
export const AGE_TICK_MS = 15_000;

/** "3 h" rather than "180 min": the age of the oldest settlement HQ has not heard of yet. */
export function formatAge(t: TFunction, minutes: number): string {
  if (minutes < 60) return t('sync.ageMinutes', { count: Math.max(1, minutes) });
  if (minutes < 48 * 60) return t('sync.ageHours', { count: Math.floor(minutes / 60) });
  return t('sync.ageDays', { count: Math.floor(minutes / (24 * 60)) });
}

function stateKey(status: SyncStatus): 'sync.notConfigured' | 'sync.online' | 'sync.offline' {
  if (!status.configured) return 'sync.notConfigured';
  return status.online ? 'sync.online' : 'sync.offline';
}

function swatch(status: SyncStatus, warning: boolean): string {
  if (!status.configured) return 'var(--mantine-color-gray-6)';
  if (warning || !status.online) return 'var(--mantine-color-red-8)';
  return status.backlog > 0 ? 'var(--mantine-color-yellow-6)' : 'var(--mantine-color-green-7)';
}

/**
 * D-06 D-08: the header's HQ sync badge. Online/offline, how many settlements wait, how old the oldest is (red past
 * 24 hours, when a row was set aside, or when HQ found the audit chain diverged); the age ticks on its own. The last
 * error shows on hover and in the popover a click opens.
 */
export function SyncBadge() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const [wake, waking] = useSyncWakeMutation();
  const now = useNow(AGE_TICK_MS);
  if (!status) return null;
  const ageMinutes = unsentAgeMinutes(status.oldestUnsentAt, now);
  const warning = isSyncWarning(status, now);
  const alarm = warning || (status.configured && !status.online);
  return (
    <Popover position="bottom-end" withArrow shadow="md" transitionProps={{ duration: 0 }}>
      <Popover.Target>
        <Button
          variant="default"
          size="md"
          data-testid="sync-badge"
          data-online={String(status.online)}
          data-backlog={status.backlog}
          data-warning={String(warning)}
          title={status.lastError ?? undefined}
          leftSection={<ColorSwatch color={swatch(status, warning)} size={14} aria-hidden="true" />}
        >
          <Group gap={8} wrap="nowrap">
            <Text span fw={700} c={alarm ? 'red.9' : undefined} data-testid="sync-state">
              {t(stateKey(status))}
            </Text>
            <Text span data-testid="sync-backlog">
              {t('sync.backlog', { count: status.backlog })}
            </Text>
            {ageMinutes !== null && (
              <Text span c={warning ? 'red.9' : undefined} fw={warning ? 700 : undefined} data-testid="sync-oldest">
                {t('sync.oldest', { age: formatAge(t, ageMinutes) })}
              </Text>
            )}
          </Group>
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" maw={360} data-testid="sync-details">
          <Text fw={700}>{t('sync.title')}</Text>
          <Text size="sm">{t(stateKey(status))}</Text>
          <Text size="sm">{t('sync.backlog', { count: status.backlog })}</Text>
          {status.dead > 0 && (
            <Text size="sm" c="red.9" data-testid="sync-set-aside-count">
              {t('sync.dead', { count: status.dead })}
            </Text>
          )}
          {status.chainDivergence && (
            <Text size="sm" c="red.9" fw={700} data-testid="sync-chain-alert">
              {t('sync.chainDivergence.title')}
            </Text>
          )}
          {status.oldestUnsentAt && (
            <Text size="sm">{t('sync.oldestAt', { at: formatTokyo(status.oldestUnsentAt) })}</Text>
          )}
          <Text size="sm">
            {status.lastSyncAt ? t('sync.lastSyncAt', { at: formatTokyo(status.lastSyncAt) }) : t('sync.neverSynced')}
          </Text>
          {status.lastError && (
            <Text size="sm" c="red.9" data-testid="sync-last-error">
              {t('sync.lastError', { error: status.lastError })}
            </Text>
          )}
          {status.configured && (
            <Button size="sm" variant="default" loading={waking.isLoading} onClick={() => void wake({})}>
              {t('sync.sendNow')}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
