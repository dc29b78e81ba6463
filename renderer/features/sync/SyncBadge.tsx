import { Button, ColorSwatch, Group, Popover, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../preload/types.ts';
import { formatTokyo } from '../../components/format.ts';
import { useSyncWakeMutation } from '../../kiosk-api.ts';
import { useSyncStatus } from './use-sync-status.ts';

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

function swatch(status: SyncStatus): string {
  if (!status.configured) return 'var(--mantine-color-gray-6)';
  if (status.warning || !status.online) return 'var(--mantine-color-red-8)';
  return status.backlog > 0 ? 'var(--mantine-color-yellow-6)' : 'var(--mantine-color-green-7)';
}

/**
 * D-06 D-08: the header's HQ sync badge. Online/offline, how many settlements wait, how old the oldest is (red past
 * 24 hours or when HQ refused a row for good); the last error shows on hover and in the popover a click opens.
 */
export function SyncBadge() {
  const { t } = useTranslation();
  const status = useSyncStatus();
  const [wake, waking] = useSyncWakeMutation();
  if (!status) return null;
  const alarm = status.warning || (status.configured && !status.online);
  return (
    <Popover position="bottom-end" withArrow shadow="md" transitionProps={{ duration: 0 }}>
      <Popover.Target>
        <Button
          variant="default"
          size="md"
          data-testid="sync-badge"
          data-online={String(status.online)}
          data-backlog={status.backlog}
          data-warning={String(status.warning)}
          title={status.lastError ?? undefined}
          leftSection={<ColorSwatch color={swatch(status)} size={14} aria-hidden="true" />}
        >
          <Group gap={8} wrap="nowrap">
            <Text span fw={700} c={alarm ? 'red.9' : undefined} data-testid="sync-state">
              {t(stateKey(status))}
            </Text>
            <Text span data-testid="sync-backlog">
              {t('sync.backlog', { count: status.backlog })}
            </Text>
            {status.oldestAgeMinutes !== null && (
              <Text span c={status.warning ? 'red.9' : undefined} fw={status.warning ? 700 : undefined} data-testid="sync-oldest">
                {t('sync.oldest', { age: formatAge(t, status.oldestAgeMinutes) })}
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
            <Text size="sm" c="red.9">
              {t('sync.dead', { count: status.dead })}
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
