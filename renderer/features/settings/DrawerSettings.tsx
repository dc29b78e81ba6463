import { Group, NumberInput, Radio, Stack, Switch, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DrawerSettings } from '../../../preload/types.ts';

/**
 * M-01: the cash drawer on the receipt printer's DK port — ON/OFF, which connector pin it is wired to, and the pulse
 * its solenoid needs. `fieldError` reads the main process's validation of the saved settings.
 */
export function DrawerSettingsFields({
  drawer,
  receiptEnabled,
  onChange,
  fieldError,
}: {
  drawer: DrawerSettings;
  receiptEnabled: boolean;
  onChange: (drawer: DrawerSettings) => void;
  fieldError: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const pulse = (key: 'pulseOnMs' | 'pulseOffMs') => (
    <NumberInput
      size="lg"
      label={t(`drawer.${key}`)}
      value={drawer[key]}
      // Kept as typed (a number) so the main process can say what is wrong with it instead of the field guessing.
      onChange={(value) => onChange({ ...drawer, [key]: typeof value === 'number' ? value : Number.NaN })}
      min={2}
      max={510}
      step={2}
      allowDecimal={false}
      error={fieldError(`settings.receipt.drawer.${key}`)}
      w={220}
    />
  );
  return (
    <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }} data-testid="drawer-settings">
      <Title order={4} component="legend">
        {t('drawer.title')}
      </Title>
      <Switch size="lg" label={t('drawer.enabled')} checked={drawer.enabled} onChange={(e) => onChange({ ...drawer, enabled: e.currentTarget.checked })} />
      {!receiptEnabled && <Text c="dimmed">{t('drawer.receiptOffHint')}</Text>}
      {receiptEnabled && !drawer.enabled && <Text c="dimmed">{t('drawer.offHint')}</Text>}
      {drawer.enabled && (
        <>
          <Radio.Group size="lg" label={t('drawer.pin')} value={String(drawer.pin)} onChange={(value) => onChange({ ...drawer, pin: value === '5' ? 5 : 2 })}>
            <Group mt="xs">
              <Radio value="2" label={t('drawer.pin2')} />
              <Radio value="5" label={t('drawer.pin5')} />
            </Group>
          </Radio.Group>
          <Group align="start">
            {pulse('pulseOnMs')}
            {pulse('pulseOffMs')}
          </Group>
          <Text size="sm">{t('drawer.pulseHelp')}</Text>
        </>
      )}
    </Stack>
  );
}
