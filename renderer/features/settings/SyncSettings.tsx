import { Alert, Button, Group, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncConnectionInfo } from '../../../preload/types.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatTokyo } from '../../components/format.ts';
import { unsentAgeMinutes } from '../../../common/sync-age.ts';
import { useSessionQuery, useSyncClearMutation, useSyncConnectionQuery, useSyncProvisionMutation } from '../../kiosk-api.ts';
import { ChainDivergenceAlert, SetAsideList } from '../sync/SetAsideList.tsx';
import { MasterDataVersion, StoreFeedState } from '../sync/MasterDataVersion.tsx';
import { AGE_TICK_MS, formatAge } from '../sync/SyncBadge.tsx';
import { useNow } from '../sync/use-now.ts';
import { useSyncStatus } from '../sync/use-sync-status.ts';

/** 本部連携 (D-06, D-08): IT provisions the HQ connection here once, as a manager. The token is never shown back. */
export function SyncSettings() {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  if (session.data?.staff?.role !== 'manager') return <Alert color="gray">{t('sync.managerOnly')}</Alert>;
  return <ManagerSyncSettings />;
}

function ManagerSyncSettings() {
  const { t } = useTranslation();
  const connection = useSyncConnectionQuery({});
  const status = useSyncStatus();
  const now = useNow(AGE_TICK_MS);
  const [clear, cleared] = useSyncClearMutation();
  const current = connection.data ?? null;
  const ageMinutes = status ? unsentAgeMinutes(status.oldestUnsentAt, now) : null;

  return (
    <Stack maw={720}>
      <Title order={3}>{t('sync.title')}</Title>
      <Text c="dimmed">{t('sync.help')}</Text>
      {current ? <CurrentConnection connection={current} /> : <Text>{t('sync.notConfiguredHelp')}</Text>}
      {status?.chainDivergence && <ChainDivergenceAlert divergence={status.chainDivergence} />}
      {status && (
        <Paper withBorder p="sm">
          <Text data-testid="sync-settings-status">
            {t(status.configured ? (status.online ? 'sync.online' : 'sync.offline') : 'sync.notConfigured')} ·{' '}
            {t('sync.backlog', { count: status.backlog })}
            {ageMinutes !== null && ` · ${t('sync.oldest', { age: formatAge(t, ageMinutes) })}`}
          </Text>
          {status.dead > 0 && (
            <Text mt="xs" c="red.9">
              {t('sync.dead', { count: status.dead })}
            </Text>
          )}
        </Paper>
      )}
      <MasterDataVersion />
      <StoreFeedState />
      <SetAsideList dead={status?.dead ?? 0} />
      <ProvisionForm current={current} onSaved={() => void connection.refetch()} />
      {current && (
        <Group>
          <Button
            color="red"
            variant="outline"
            loading={cleared.isLoading}
            onClick={() => void clear({}).then(() => connection.refetch())}
          >
            {t('sync.clear')}
          </Button>
          <ErrorAlert error={cleared.error} />
        </Group>
      )}
    </Stack>
  );
}

function CurrentConnection({ connection }: { connection: SyncConnectionInfo }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder variant="vertical" data-testid="sync-connection">
      <Table.Tbody>
        <Table.Tr>
          <Table.Th w={200}>{t('sync.hqUrl')}</Table.Th>
          <Table.Td>{connection.hqUrl}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('sync.storeCode')}</Table.Th>
          <Table.Td>{connection.storeCode}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('sync.terminalCode')}</Table.Th>
          <Table.Td>{connection.terminalCode}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('sync.token')}</Table.Th>
          <Table.Td>{t('sync.tokenStored')}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Th>{t('sync.updatedAt')}</Table.Th>
          <Table.Td>{formatTokyo(connection.updatedAt)}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

function ProvisionForm({ current, onSaved }: { current: SyncConnectionInfo | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const [hqUrl, setHqUrl] = useState('');
  const [storeCode, setStoreCode] = useState('');
  const [terminalCode, setTerminalCode] = useState('');
  // Write-only: the stored token never comes back to the screen, and the field empties after each save.
  const [token, setToken] = useState('');
  const [provision, result] = useSyncProvisionMutation();
  const fieldError = useFieldError(result.error);

  useEffect(() => {
    if (!current) return;
    setHqUrl(current.hqUrl);
    setStoreCode(current.storeCode);
    setTerminalCode(current.terminalCode);
  }, [current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void provision({ hqUrl, storeCode, terminalCode, token }).then((outcome) => {
      setToken('');
      if ('data' in outcome) onSaved();
    });
  };

  return (
    <form onSubmit={submit} aria-label={t('sync.formTitle')}>
      <Stack>
        <Title order={4}>{t('sync.formTitle')}</Title>
        <TextInput
          label={t('sync.hqUrl')}
          description={t('sync.hqUrlHelp')}
          value={hqUrl}
          onChange={(e) => setHqUrl(e.currentTarget.value)}
          error={fieldError('hqUrl')}
          required
        />
        <Group grow>
          <TextInput
            label={t('sync.storeCode')}
            value={storeCode}
            onChange={(e) => setStoreCode(e.currentTarget.value)}
            error={fieldError('storeCode')}
            required
          />
          <TextInput
            label={t('sync.terminalCode')}
            value={terminalCode}
            onChange={(e) => setTerminalCode(e.currentTarget.value)}
            error={fieldError('terminalCode')}
            required
          />
        </Group>
        <PasswordInput
          label={t('sync.token')}
          description={current ? t('sync.tokenReplaceHelp') : t('sync.tokenHelp')}
          value={token}
          onChange={(e) => setToken(e.currentTarget.value)}
          error={fieldError('token')}
          autoComplete="new-password"
          required
        />
        <ErrorAlert error={result.error} />
        {result.isSuccess && <Text role="status">{t('sync.saved')}</Text>}
        <Group>
          <Button type="submit" loading={result.isLoading}>
            {t('sync.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
