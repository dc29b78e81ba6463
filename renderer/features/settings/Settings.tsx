import { Button, Group, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CustomerDisplaySettings } from '../customer-display/CustomerDisplaySettings.tsx';
import { DataProtection } from '../integrity/DataProtection.tsx';
import { OpenDrawerButton } from '../printing/OpenDrawerButton.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useSessionQuery, useTerminalSignOutMutation } from '../../kiosk-api.ts';
import { BuybackSettings } from './BuybackSettings.tsx';
import { CategorySettings } from './CategorySettings.tsx';
import { MetalPriceSettings } from './MetalPriceSettings.tsx';
import { PeripheralSettings } from './PeripheralSettings.tsx';
import { ShopSettings } from './ShopSettings.tsx';
import { StaffSettings } from './StaffSettings.tsx';
import { SyncSettings } from './SyncSettings.tsx';
import { UpdateNotice } from './UpdateNotice.tsx';

/** P-04 [設定]: buyback settings (terms, payment methods, points), peripheral settings, headquarters sync. */
export function Settings() {
  const { t } = useTranslation();
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={2}>{t('settings.title')}</Title>
        <Group>
          <OpenDrawerButton />
          <TerminalSignOutButton />
        </Group>
      </Group>
      <UpdateNotice />
      <Tabs defaultValue="buyback" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="buyback">{t('settings.buyback')}</Tabs.Tab>
          <Tabs.Tab value="peripherals">{t('settings.peripherals')}</Tabs.Tab>
          <Tabs.Tab value="sync">{t('settings.sync')}</Tabs.Tab>
          <Tabs.Tab value="staff">{t('settings.staff')}</Tabs.Tab>
          <Tabs.Tab value="dataProtection">{t('settings.dataProtection')}</Tabs.Tab>
          <Tabs.Tab value="customerDisplay">{t('customerDisplay.title')}</Tabs.Tab>
          <Tabs.Tab value="shop">{t('documents.shopSettings.title')}</Tabs.Tab>
          <Tabs.Tab value="metalPrices">{t('metal.title')}</Tabs.Tab>
          <Tabs.Tab value="categories">{t('masterDataHq.categoriesTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="buyback" pt="md">
          <BuybackSettings />
        </Tabs.Panel>
        <Tabs.Panel value="peripherals" pt="md">
          <PeripheralSettings />
        </Tabs.Panel>
        <Tabs.Panel value="sync" pt="md">
          <SyncSettings />
        </Tabs.Panel>
        <Tabs.Panel value="staff" pt="md">
          <StaffSettings />
        </Tabs.Panel>
        <Tabs.Panel value="dataProtection" pt="md">
          <DataProtection />
        </Tabs.Panel>
        <Tabs.Panel value="customerDisplay" pt="md">
          <CustomerDisplaySettings />
        </Tabs.Panel>
        <Tabs.Panel value="shop" pt="md">
          <ShopSettings />
        </Tabs.Panel>
        <Tabs.Panel value="metalPrices" pt="md">
          <MetalPriceSettings />
        </Tabs.Panel>
        <Tabs.Panel value="categories" pt="md">
          <CategorySettings />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/**
 * S-02: a manager signs this PC's terminal account out (after a confirmation), giving its HQ lease back at once so
 * the account can be signed in on another PC without waiting for the lease to run out.
 */
function TerminalSignOutButton() {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const [confirming, setConfirming] = useState(false);
  const [signOut, result] = useTerminalSignOutMutation();
  if (session.data?.staff?.role !== 'manager') return null;
  return (
    <>
      <Button variant="default" size="md" onClick={() => setConfirming(true)}>
        {t('session.terminalSignOut')}
      </Button>
      <ConfirmDialog
        opened={confirming}
        title={t('session.terminalSignOut')}
        message={t('session.terminalSignOutConfirm')}
        confirmLabel={t('session.terminalSignOut')}
        loading={result.isLoading}
        onClose={() => setConfirming(false)}
        onConfirm={() => void signOut({}).then(() => setConfirming(false))}
      />
    </>
  );
}

