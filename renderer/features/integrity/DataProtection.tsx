import { Alert, Button, FileInput, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatTokyo } from '../../components/format.ts';
import { saveTextFile } from '../../components/save-file.ts';
import {
  useAuditStatusQuery,
  useAuditVerifyMutation,
  useExportVaultKeysMutation,
  useImportVaultKeysMutation,
  useSessionQuery,
  useVaultKeysQuery,
} from '../../kiosk-api.ts';

/** [設定] > [データ保護] (manager): the full audit-log check (B-05) and the vault keys for a PC move (B-04). */
export function DataProtection() {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  if (session.data?.staff?.role !== 'manager') return <Alert color="orange">{t('settings.managerOnly')}</Alert>;
  return (
    <Stack maw={760}>
      <AuditCheck />
      <VaultKeys />
    </Stack>
  );
}

function AuditCheck() {
  const { t } = useTranslation();
  const status = useAuditStatusQuery({});
  const [verify, verified] = useAuditVerifyMutation();
  const check = verified.data ?? status.data?.lastCheck ?? null;
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3}>{t('integrity.title')}</Title>
        <Text c="dimmed">{t('integrity.help')}</Text>
        <Group>
          <Button onClick={() => void verify({})} loading={verified.isLoading}>
            {t('integrity.verify')}
          </Button>
        </Group>
        {check && (
          <Stack gap={4} data-testid="audit-check">
            <Text size="sm">
              {t('integrity.lastCheck', {
                at: formatTokyo(check.at),
                kind: t(check.kind === 'full' ? 'integrity.kindFull' : 'integrity.kindStart'),
                rows: check.checkedRows.toLocaleString(),
                ms: check.durationMs,
              })}
            </Text>
            <Text fw={700} c={check.ok ? undefined : 'red.9'}>
              {t(check.ok ? 'integrity.ok' : 'integrity.broken')}
            </Text>
            {check.unverifiableRows > 0 && <Text size="sm">{t('integrity.unverifiable', { count: check.unverifiableRows })}</Text>}
            {check.acknowledged.length > 0 && (
              <Text size="sm">{t('integrity.acknowledgedBreaks', { list: check.acknowledged.map((b) => `#${b.seq}`).join(', ') })}</Text>
            )}
          </Stack>
        )}
        <ErrorAlert error={verified.error} />
      </Stack>
    </Paper>
  );
}

function VaultKeys() {
  const { t } = useTranslation();
  const keys = useVaultKeysQuery({});
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={3}>{t('vaultKeys.title')}</Title>
        <Text c="dimmed">{t('vaultKeys.help')}</Text>
        {keys.data && (
          <Stack gap={4} data-testid="vault-keys">
            <Text size="sm">{t('vaultKeys.current', { keyId: keys.data.currentKeyId })}</Text>
            {keys.data.importedKeyIds.length > 0 && <Text size="sm">{t('vaultKeys.imported', { list: keys.data.importedKeyIds.join(', ') })}</Text>}
            {keys.data.imagesWithoutKey > 0 ? (
              <Text size="sm" c="red.9" fw={700}>
                {t('vaultKeys.missing', { count: keys.data.imagesWithoutKey, list: keys.data.missingKeyIds.join(', ') })}
              </Text>
            ) : (
              <Text size="sm">{t('vaultKeys.allPresent')}</Text>
            )}
          </Stack>
        )}
        <ErrorAlert error={keys.error} />
        <ExportKeys />
        <ImportKeys />
      </Stack>
    </Paper>
  );
}

function ExportKeys() {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [exportKeys, result] = useExportVaultKeysMutation();
  const fieldError = useFieldError(result.error);
  const differ = repeat !== '' && repeat !== password;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (differ) return;
    const file = await exportKeys({ itPassword: password });
    if ('data' in file && file.data) {
      saveTextFile(file.data, 'application/json;charset=utf-8');
      setPassword('');
      setRepeat('');
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack gap="xs">
        <PasswordInput
          label={t('vaultKeys.itPassword')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError('itPassword')}
          required
          autoComplete="new-password"
        />
        <PasswordInput
          label={t('vaultKeys.itPasswordRepeat')}
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          error={differ ? t('vaultKeys.passwordsDiffer') : undefined}
          required
          autoComplete="new-password"
        />
        <Group>
          <Button type="submit" variant="default" loading={result.isLoading} disabled={differ}>
            {t('vaultKeys.export')}
          </Button>
        </Group>
        {result.isSuccess && <Text size="sm">{t('vaultKeys.exported')}</Text>}
        {!fieldError('itPassword') && <ErrorAlert error={result.error} />}
      </Stack>
    </form>
  );
}

function ImportKeys() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [importKeys, result] = useImportVaultKeysMutation();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    await importKeys({ content: await file.text(), itPassword: password });
  };
  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack gap="xs">
        <FileInput label={t('vaultKeys.importFile')} value={file} onChange={setFile} accept="application/json,.json" required clearable />
        <PasswordInput label={t('vaultKeys.itPassword')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required autoComplete="off" />
        <Group>
          <Button type="submit" loading={result.isLoading}>
            {t('vaultKeys.import')}
          </Button>
        </Group>
        {result.data && <Text size="sm">{t('vaultKeys.importedCount', { count: result.data.imported })}</Text>}
        <ErrorAlert error={result.error} />
      </Stack>
    </form>
  );
}
