import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../../preload/types.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { useAppInfoQuery, useStaffSignInMutation, useTerminalSignInMutation } from '../../kiosk-api.ts';
import { useScanner } from '../../scanner/use-scanner.ts';

/** S-01, P-05: the device signs in with its terminal account once; staff sign in on top of it. */
export function SignIn({ state }: { state: SessionState }) {
  const { t } = useTranslation();
  const info = useAppInfoQuery({});
  return (
    <Center mih="100vh" p="md">
      <main>
        <Paper withBorder shadow="md" p="xl" w={480}>
          <Stack>
            <Title order={1} size="h2">
              {t('app.title')}
            </Title>
            {state.notice && (
              <Alert color="orange" title={t(`session.notice.${state.notice.reason}.title`)} data-testid="session-notice" data-reason={state.notice.reason}>
                {t(`session.notice.${state.notice.reason}.body`)}
                {state.notice.code && <Text mt="xs">{t(`errors.${state.notice.code}`)}</Text>}
              </Alert>
            )}
            {info.data && !info.data.provisioned ? (
              <Alert color="orange" title={t('session.notProvisionedTitle')} data-testid="not-provisioned">
                {t('session.notProvisioned')}
              </Alert>
            ) : state.terminal ? (
              <StaffSignIn storeName={state.terminal.storeName} terminalName={state.terminal.name} />
            ) : (
              <TerminalSignIn />
            )}
            {info.data?.demo && (
              <Paper withBorder p="sm" bg="gray.0">
                <Text fw={700}>{t('session.demoTitle')}</Text>
                <Text size="sm">{t('session.demoHint')}</Text>
              </Paper>
            )}
          </Stack>
        </Paper>
      </main>
    </Center>
  );
}

function TerminalSignIn() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [signIn, result] = useTerminalSignInMutation();
  const fieldError = useFieldError(result.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn({ code, password });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2} size="h4">
          {t('session.terminalTitle')}
        </Title>
        <Text c="dimmed">{t('session.terminalHelp')}</Text>
        <TextInput
          label={t('session.terminalCode')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          error={fieldError('code')}
          autoFocus
          withAsterisk
          autoComplete="off"
        />
        <PasswordInput
          label={t('session.terminalPassword')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError('password')}
          withAsterisk
        />
        <ErrorAlert error={result.error} />
        <Button type="submit" loading={result.isLoading}>
          {t('session.terminalSignIn')}
        </Button>
      </Stack>
    </form>
  );
}

function StaffSignIn({ storeName, terminalName }: { storeName: string; terminalName: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const pinInput = useRef<HTMLInputElement>(null);
  const [signIn, result] = useStaffSignInMutation();
  const fieldError = useFieldError(result.error);
  // P-05: the staff card's barcode, scanned wherever the focus is, fills the code; the PIN is typed next.
  useScanner((scanned) => {
    setCode(scanned);
    pinInput.current?.focus();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn({ code, pin }).then(() => setPin(''));
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2} size="h4">
          {t('session.staffTitle')}
        </Title>
        <Text c="dimmed">
          {storeName} / {terminalName}
        </Text>
        <TextInput
          label={t('session.staffCode')}
          description={t('session.staffCodeHelp')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          onKeyDown={(e) => {
            // A scan into the code field ends with Enter: go on to the PIN rather than submit without one.
            if (e.key === 'Enter' && pin === '') {
              e.preventDefault();
              pinInput.current?.focus();
            }
          }}
          error={fieldError('code')}
          autoFocus
          withAsterisk
          autoComplete="off"
        />
        <PasswordInput
          ref={pinInput}
          label={t('session.pin')}
          value={pin}
          onChange={(e) => setPin(e.currentTarget.value)}
          error={fieldError('pin')}
          inputMode="numeric"
          withAsterisk
        />
        <ErrorAlert error={result.error} />
        <Button type="submit" loading={result.isLoading}>
          {t('session.staffSignIn')}
        </Button>
      </Stack>
    </form>
  );
}
