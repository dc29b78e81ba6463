import { Alert, Badge, Button, Code, Group, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDisplayStatus, CustomerPlacement } from '../../../preload/types.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { useSaveCustomerDisplaySettingsMutation, useSessionQuery } from '../../kiosk-api.ts';
import { useCustomerDisplay } from './use-customer-display.ts';

/**
 * V-01, V-02 [設定 > お客様画面]: how the customer's screen is opened on this counter (the browser host's address with
 * its own token, or the second display the app uses), whether one is connected now, and — for a manager — where the
 * terms and signature happen by default and the shop's welcome text.
 */
export function CustomerDisplaySettings() {
  const { t } = useTranslation();
  const status = useCustomerDisplay();
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  if (!status) return null;
  return (
    <Stack maw={960}>
      <Text>{t('customerDisplay.settingsHelp')}</Text>
      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm">
          <Title order={3} size="h4">
            {t('customerDisplay.title')}
          </Title>
          {/* Shade 9 teal and 7 gray keep the badge's white text above AA contrast (green-9 is 4.4:1). */}
          <Badge size="lg" color={status.connected ? 'teal.9' : 'gray.7'} data-testid="customer-display-connection">
            {status.connected ? t('customerDisplay.connected') : t('customerDisplay.notConnected')}
          </Badge>
        </Group>
        <HowToOpen opening={status.opening} />
      </Paper>
      {!isManager && <Alert color="orange">{t('settings.managerOnly')}</Alert>}
      <PlacementForm status={status} disabled={!isManager} />
    </Stack>
  );
}

function HowToOpen({ opening }: { opening: CustomerDisplayStatus['opening'] }) {
  const { t } = useTranslation();
  if (opening.kind === 'url') {
    return (
      <Stack gap="xs">
        <Text>{t('customerDisplay.openUrl')}</Text>
        <Code block data-testid="customer-display-url" style={{ userSelect: 'all', wordBreak: 'break-all' }}>
          {opening.url}
        </Code>
      </Stack>
    );
  }
  if (opening.kind === 'second-display') {
    return <Text>{opening.display ? t('customerDisplay.openSecondDisplay', { display: opening.display }) : t('customerDisplay.noSecondDisplay')}</Text>;
  }
  return null;
}

function PlacementForm({ status, disabled }: { status: CustomerDisplayStatus; disabled: boolean }) {
  const { t } = useTranslation();
  const [placement, setPlacement] = useState<CustomerPlacement>(status.settings.placement);
  const [welcomeJa, setWelcomeJa] = useState(status.settings.welcomeJa);
  const [welcomeEn, setWelcomeEn] = useState(status.settings.welcomeEn);
  const [save, saved] = useSaveCustomerDisplaySettingsMutation();
  const fieldError = useFieldError(saved.error);
  const { placement: savedPlacement, welcomeJa: savedJa, welcomeEn: savedEn } = status.settings;
  // Another manager's save (pushed) replaces what is shown, as long as nothing is being typed here.
  useEffect(() => {
    setPlacement(savedPlacement);
    setWelcomeJa(savedJa);
    setWelcomeEn(savedEn);
  }, [savedPlacement, savedJa, savedEn]);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Radio.Group
          label={t('customerDisplay.placementLabel')}
          value={placement}
          onChange={(value) => setPlacement(value === 'clerk' ? 'clerk' : 'customer')}
          size="lg"
        >
          <Group mt="xs">
            <Radio value="customer" label={t('customerDisplay.placementCustomer')} disabled={disabled} />
            <Radio value="clerk" label={t('customerDisplay.placementClerk')} disabled={disabled} />
          </Group>
        </Radio.Group>
        <TextInput
          label={t('customerDisplay.welcomeJa')}
          description={t('customerDisplay.welcomeHelp')}
          value={welcomeJa}
          onChange={(e) => setWelcomeJa(e.currentTarget.value)}
          error={fieldError('welcomeJa')}
          disabled={disabled}
        />
        <TextInput
          label={t('customerDisplay.welcomeEn')}
          value={welcomeEn}
          onChange={(e) => setWelcomeEn(e.currentTarget.value)}
          error={fieldError('welcomeEn')}
          disabled={disabled}
        />
        <ErrorAlert error={saved.error} />
        {saved.isSuccess && (
          <Alert color="green" data-testid="customer-display-saved">
            {t('settings.saved')}
          </Alert>
        )}
        <Group>
          <Button disabled={disabled} loading={saved.isLoading} onClick={() => void save({ placement, welcomeJa, welcomeEn })}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
