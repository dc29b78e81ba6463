import { Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CustomerDisplaySettings } from '../customer-display/CustomerDisplaySettings.tsx';
import { DataProtection } from '../integrity/DataProtection.tsx';
import { BuybackSettings } from './BuybackSettings.tsx';
import { PeripheralSettings } from './PeripheralSettings.tsx';
import { StaffSettings } from './StaffSettings.tsx';
import { SyncSettings } from './SyncSettings.tsx';
import { UpdateNotice } from './UpdateNotice.tsx';

/** P-04 [設定]: buyback settings (terms, payment methods, points), peripheral settings, headquarters sync. */
export function Settings() {
  const { t } = useTranslation();
  return (
    <>
      <Title order={2} mb="md">
        {t('settings.title')}
      </Title>
      <UpdateNotice />
      <Tabs defaultValue="buyback" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="buyback">{t('settings.buyback')}</Tabs.Tab>
          <Tabs.Tab value="peripherals">{t('settings.peripherals')}</Tabs.Tab>
          <Tabs.Tab value="sync">{t('settings.sync')}</Tabs.Tab>
          <Tabs.Tab value="staff">{t('settings.staff')}</Tabs.Tab>
          <Tabs.Tab value="dataProtection">{t('settings.dataProtection')}</Tabs.Tab>
          <Tabs.Tab value="customerDisplay">{t('customerDisplay.title')}</Tabs.Tab>
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
      </Tabs>
    </>
  );
}
