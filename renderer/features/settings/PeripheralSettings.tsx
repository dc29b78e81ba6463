import { Alert, Button, Group, NumberInput, Paper, Radio, Select, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterRole, PrinterSettings, TransportSettings, UsbPrinterInfo } from '../../../preload/types.ts';
import { IN_STORE_JAN_PREFIXES } from '../../../common/in-store-jan.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { usePrinterSettingsQuery, useSessionQuery, useTestPrintMutation, useUpdatePrinterSettingsMutation, useUsbPrintersQuery } from '../../kiosk-api.ts';
import { PrintJobResult } from '../printing/PrintJobResult.tsx';
import { PrintJobsPanel } from '../printing/PrintJobAlerts.tsx';
import { DrawerSettingsFields } from './DrawerSettings.tsx';

/** 周辺機器設定 (S-07, S-18, B-07): receipt and label printers — ON/OFF, connection, paper, test print — and the queue. */
export function PeripheralSettings() {
  const { t } = useTranslation();
  const settings = usePrinterSettingsQuery({});
  return (
    <Stack>
      <ErrorAlert error={settings.error} />
      {settings.data && <PrinterSettingsForm initial={settings.data} />}
      <PrintJobsPanel />
      {!settings.data && !settings.error && <Text c="dimmed">{t('common.loading')}</Text>}
    </Stack>
  );
}

function PrinterSettingsForm({ initial }: { initial: PrinterSettings }) {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  const [draft, setDraft] = useState<PrinterSettings>(initial);
  const [save, saved] = useUpdatePrinterSettingsMutation();
  const [savedOnce, setSavedOnce] = useState(false);
  const usb = useUsbPrintersQuery({});
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const fieldError = useFieldError(saved.error);

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <PrinterCard
          printer="receipt"
          enabled={draft.receipt.enabled}
          transport={draft.receipt.transport}
          paperWidth={draft.receipt.paperWidth}
          usbDevices={usb.data ?? []}
          onChange={(change) => setDraft({ ...draft, receipt: { ...draft.receipt, ...change } })}
          dirty={dirty}
        >
          <Switch
            size="lg"
            label={t('printing.shopCopy')}
            checked={draft.receipt.shopCopy}
            onChange={(e) => setDraft({ ...draft, receipt: { ...draft.receipt, shopCopy: e.currentTarget.checked } })}
          />
          <DrawerSettingsFields
            drawer={draft.receipt.drawer}
            receiptEnabled={draft.receipt.enabled}
            onChange={(drawer) => setDraft({ ...draft, receipt: { ...draft.receipt, drawer } })}
            fieldError={fieldError}
          />
        </PrinterCard>
        <PrinterCard
          printer="label"
          enabled={draft.label.enabled}
          transport={draft.label.transport}
          paperWidth={draft.label.paperWidth}
          usbDevices={usb.data ?? []}
          onChange={(change) => setDraft({ ...draft, label: { ...draft.label, ...change } })}
          dirty={dirty}
        >
          <Radio.Group
            size="lg"
            label={t('printing.symbology')}
            value={draft.label.symbology}
            onChange={(value) => setDraft({ ...draft, label: { ...draft.label, symbology: value === 'jan13' ? 'jan13' : 'code128' } })}
          >
            <Group mt="xs">
              <Radio value="code128" label="CODE128" />
              <Radio value="jan13" label={t('printing.jan13')} />
            </Group>
          </Radio.Group>
          {draft.label.symbology === 'jan13' && (
            <Select
              label={t('printing.janPrefix')}
              description={t('printing.janPrefixHelp')}
              value={draft.label.janPrefix}
              allowDeselect={false}
              data={[...IN_STORE_JAN_PREFIXES]}
              onChange={(value) => {
                const prefix = IN_STORE_JAN_PREFIXES.find((p) => p === value);
                if (prefix) setDraft({ ...draft, label: { ...draft.label, janPrefix: prefix } });
              }}
              w={260}
            />
          )}
        </PrinterCard>
      </SimpleGrid>
      <ErrorAlert error={saved.error} />
      {savedOnce && !dirty && !saved.error && (
        <Alert color="green" data-testid="printer-settings-saved">
          {t('printing.saved')}
        </Alert>
      )}
      <Group>
        <Button
          disabled={!isManager || !dirty}
          loading={saved.isLoading}
          onClick={async () => {
            const response = await save({ settings: draft });
            if ('data' in response && response.data) {
              setDraft(response.data);
              setSavedOnce(true);
            }
          }}
        >
          {t('printing.save')}
        </Button>
        {!isManager && <Text c="dimmed">{t('printing.managerOnly')}</Text>}
      </Group>
    </Stack>
  );
}

type CardChange = { enabled?: boolean; transport?: TransportSettings; paperWidth?: 80 | 58 };

function PrinterCard({
  printer,
  enabled,
  transport,
  paperWidth,
  usbDevices,
  onChange,
  dirty,
  children,
}: {
  printer: PrinterRole;
  enabled: boolean;
  transport: TransportSettings;
  paperWidth: 80 | 58;
  usbDevices: UsbPrinterInfo[];
  onChange: (change: CardChange) => void;
  dirty: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [testPrint, tested] = useTestPrintMutation();
  const name = t(`printing.printer.${printer}`);
  const titleId = `printer-${printer}-title`;
  const usbKey = (d: { vendorId: number; productId: number }) => `${d.vendorId}:${d.productId}`;
  const hex = (n: number) => n.toString(16).padStart(4, '0');

  const setKind = (kind: string) => {
    if (kind === 'tcp') onChange({ transport: { kind: 'tcp', host: transport.kind === 'tcp' ? transport.host : '', port: 9100 } });
    else if (kind === 'usb') {
      const first = usbDevices[0];
      onChange({ transport: { kind: 'usb', vendorId: first?.vendorId ?? 0, productId: first?.productId ?? 0 } });
    } else onChange({ transport: { kind: 'virtual' } });
  };

  return (
    <Paper component="section" withBorder p="lg" aria-labelledby={titleId} data-testid={`printer-card-${printer}`}>
      <Stack>
        <Group justify="space-between">
          <Title order={3} id={titleId}>
            {name}
          </Title>
          <Switch
            size="xl"
            onLabel="ON"
            offLabel="OFF"
            label={t('printing.enabled', { name })}
            checked={enabled}
            onChange={(e) => onChange({ enabled: e.currentTarget.checked })}
          />
        </Group>
        {!enabled && <Text c="dimmed">{t(`printing.offHint.${printer}`)}</Text>}
        <Radio.Group size="lg" label={t('printing.transport')} value={transport.kind} onChange={setKind}>
          <Group mt="xs">
            <Radio value="virtual" label={t('printing.transportVirtual')} />
            <Radio value="tcp" label={t('printing.transportTcp')} />
            <Radio value="usb" label={t('printing.transportUsb')} />
          </Group>
        </Radio.Group>
        {transport.kind === 'virtual' && <Text size="sm">{t('printing.virtualHint')}</Text>}
        {transport.kind === 'tcp' && (
          <Group align="end">
            <TextInput
              label={t('printing.host')}
              value={transport.host}
              onChange={(e) => onChange({ transport: { ...transport, host: e.currentTarget.value } })}
              placeholder="192.168.1.50"
              w={260}
            />
            <NumberInput
              label={t('printing.port')}
              value={transport.port}
              onChange={(value) => onChange({ transport: { ...transport, port: typeof value === 'number' ? value : 9100 } })}
              min={1}
              max={65535}
              allowDecimal={false}
              w={140}
            />
          </Group>
        )}
        {transport.kind === 'usb' &&
          (usbDevices.length === 0 ? (
            <Alert color="orange">{t('printing.noUsb')}</Alert>
          ) : (
            <Select
              label={t('printing.usbDevice')}
              value={usbKey(transport)}
              allowDeselect={false}
              onChange={(value) => {
                const device = usbDevices.find((d) => usbKey(d) === value);
                if (device) onChange({ transport: { kind: 'usb', vendorId: device.vendorId, productId: device.productId } });
              }}
              data={usbDevices.map((d) => ({
                value: usbKey(d),
                label: `${d.manufacturer ?? ''} ${d.product ?? ''} (${hex(d.vendorId)}:${hex(d.productId)})`.trim(),
              }))}
            />
          ))}
        <Radio.Group
          size="lg"
          label={t('printing.paperWidth')}
          value={String(paperWidth)}
          onChange={(value) => onChange({ paperWidth: value === '58' ? 58 : 80 })}
        >
          <Group mt="xs">
            <Radio value="80" label="80 mm" />
            <Radio value="58" label="58 mm" />
          </Group>
        </Radio.Group>
        {children}
        <Group>
          <Button variant="light" loading={tested.isLoading} onClick={() => void testPrint({ printer })}>
            {t('printing.testPrint')}
          </Button>
          {dirty && <Text size="sm">{t('printing.testUsesSaved')}</Text>}
        </Group>
        <PrintJobResult job={tested.data} error={tested.error} testId={`test-print-result-${printer}`} />
      </Stack>
    </Paper>
  );
}
