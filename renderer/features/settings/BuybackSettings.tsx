import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Stack, Switch, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BuybackSettings as Settings, PaymentMethod } from '../../../preload/types.ts';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import {
  useBuybackSettingsQuery,
  useSavePaymentMethodsMutation,
  useSavePointRuleMutation,
  useSaveSecurityMutation,
  useSaveTermsMutation,
  useSessionQuery,
} from '../../kiosk-api.ts';
import { TillSettingsForm } from '../till/TillSettingsForm.tsx';
import { HqOwnedNote, useHqOwned } from './HqOwnedNote.tsx';

/** P-04 買取設定: agreement terms (S-09), payment methods (S-16), point rule (S-17), counter security (P-05). */
export function BuybackSettings() {
  const { t } = useTranslation();
  // Read again each time the screen opens: HQ's master data may have changed them in the background.
  const settings = useBuybackSettingsQuery({}, { refetchOnMountOrArgChange: true });
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  const hqOwned = useHqOwned();
  if (!settings.data) return <ErrorAlert error={settings.error} />;
  return (
    <Stack maw={960}>
      {!isManager && <Alert color="orange">{t('settings.managerOnly')}</Alert>}
      <TermsForm key={settings.data.terms?.version ?? 0} settings={settings.data} disabled={!isManager} hqOwned={hqOwned.terms} />
      <PaymentMethodsForm settings={settings.data} disabled={!isManager} />
      <PointRuleForm settings={settings.data} disabled={!isManager} hqOwned={hqOwned.setting('pointRule')} />
      <SecurityForm settings={settings.data} disabled={!isManager} />
      <TillSettingsForm disabled={!isManager} hqOwned={hqOwned.setting('till')} />
    </Stack>
  );
}

function TermsForm({ settings, disabled: notManager, hqOwned }: { settings: Settings; disabled: boolean; hqOwned: boolean }) {
  const { t } = useTranslation();
  const disabled = notManager || hqOwned;
  const [enabled, setEnabled] = useState(settings.terms !== null);
  const [title, setTitle] = useState(settings.terms?.title ?? '');
  const [body, setBody] = useState(settings.terms?.body ?? '');
  const [save, saved] = useSaveTermsMutation();
  const fieldError = useFieldError(saved.error);
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4">
        {t('settings.terms')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {settings.terms ? t('settings.termsVersion', { version: settings.terms.version }) : t('settings.termsNone')}
      </Text>
      {hqOwned && (
        <Group mb="sm">
          <HqOwnedNote what="terms" />
          <Text size="sm">{t('masterDataHq.termsOwnedHelp')}</Text>
        </Group>
      )}
      <Stack>
        <Switch size="lg" label={t('settings.termsEnabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} disabled={disabled} />
        {enabled && (
          <>
            <TextInput label={t('settings.termsTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={fieldError('terms.title')} disabled={disabled} />
            <Textarea label={t('settings.termsBody')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={6} error={fieldError('terms.body')} disabled={disabled} />
          </>
        )}
        <ErrorAlert error={saved.error} />
        {saved.isSuccess && <Text c="green.9">{t('settings.saved')}</Text>}
        {!hqOwned && (
          <Group>
            <Button disabled={disabled} loading={saved.isLoading} onClick={() => void save({ terms: enabled ? { title, body } : null })}>
              {t('settings.saveTerms')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

// Each row gets a key of its own: codes are edited in place and may be empty or repeated while typing.
const withKeys = (list: PaymentMethod[]) => list.map((m) => ({ ...m, key: crypto.randomUUID() }));

function PaymentMethodsForm({ settings, disabled }: { settings: Settings; disabled: boolean }) {
  const { t } = useTranslation();
  const [methods, setMethods] = useState(() => withKeys(settings.paymentMethods));
  const [save, saved] = useSavePaymentMethodsMutation();
  useEffect(() => setMethods(withKeys(settings.paymentMethods)), [settings.paymentMethods]);
  const update = (index: number, patch: Partial<PaymentMethod>) => setMethods(methods.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4">
        {t('settings.paymentMethods')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('settings.paymentMethodsHelp')}
      </Text>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.methodId')}</Table.Th>
            <Table.Th>{t('settings.methodJa')}</Table.Th>
            <Table.Th>{t('settings.methodEn')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {methods.map((method, index) => (
            <Table.Tr key={method.key}>
              <Table.Td>
                <TextInput aria-label={t('settings.methodId')} value={method.id} onChange={(e) => update(index, { id: e.currentTarget.value })} disabled={disabled} />
              </Table.Td>
              <Table.Td>
                <TextInput aria-label={t('settings.methodJa')} value={method.labelJa} onChange={(e) => update(index, { labelJa: e.currentTarget.value })} disabled={disabled} />
              </Table.Td>
              <Table.Td>
                <TextInput aria-label={t('settings.methodEn')} value={method.labelEn} onChange={(e) => update(index, { labelEn: e.currentTarget.value })} disabled={disabled} />
              </Table.Td>
              <Table.Td>
                <ActionIcon size="xl" variant="light" color="red" aria-label={t('settings.removeMethod')} onClick={() => setMethods(methods.filter((_, i) => i !== index))} disabled={disabled}>
                  ×
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ErrorAlert error={saved.error} />
      {saved.isSuccess && <Text c="green.9">{t('settings.saved')}</Text>}
      <Group mt="sm">
        <Button variant="default" onClick={() => setMethods([...methods, { id: '', labelJa: '', labelEn: '', key: crypto.randomUUID() }])} disabled={disabled}>
          {t('settings.addMethod')}
        </Button>
        <Button disabled={disabled} loading={saved.isLoading} onClick={() => void save({ methods: methods.map(({ id, labelJa, labelEn }) => ({ id, labelJa, labelEn })) })}>
          {t('common.save')}
        </Button>
      </Group>
    </Paper>
  );
}

function PointRuleForm({ settings, disabled: notManager, hqOwned }: { settings: Settings; disabled: boolean; hqOwned: boolean }) {
  const { t } = useTranslation();
  const disabled = notManager || hqOwned;
  const [rule, setRule] = useState<{ perHundredYen: number | string; maxManual: number | string }>(settings.pointRule);
  const [save, saved] = useSavePointRuleMutation();
  const fieldError = useFieldError(saved.error);
  const num = (v: number | string) => (typeof v === 'number' ? v : Number.NaN);
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('settings.pointRule')}
      </Title>
      {hqOwned && <HqOwnedNote what="setting" />}
      <Group align="end" data-testid="point-rule">
        <NumberInput label={t('settings.perHundredYen')} value={rule.perHundredYen} onChange={(v) => setRule({ ...rule, perHundredYen: v })} error={fieldError('perHundredYen')} allowDecimal={false} disabled={disabled} />
        <NumberInput label={t('settings.maxManual')} value={rule.maxManual} onChange={(v) => setRule({ ...rule, maxManual: v })} error={fieldError('maxManual')} allowDecimal={false} disabled={disabled} />
        {!hqOwned && (
          <Button disabled={disabled} loading={saved.isLoading} onClick={() => void save({ perHundredYen: num(rule.perHundredYen), maxManual: num(rule.maxManual) })}>
            {t('common.save')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={saved.error} />
      {saved.isSuccess && <Text c="green.9">{t('settings.saved')}</Text>}
    </Paper>
  );
}

function SecurityForm({ settings, disabled }: { settings: Settings; disabled: boolean }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<keyof Settings['security'], number | string>>(settings.security);
  const [save, saved] = useSaveSecurityMutation();
  const fieldError = useFieldError(saved.error);
  const num = (v: number | string) => (typeof v === 'number' ? v : Number.NaN);
  const fields: (keyof Settings['security'])[] = ['idleLockMinutes', 'maxPinAttempts', 'lockoutMinutes', 'managerAdjustmentYen'];
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('settings.security')}
      </Title>
      <Group align="end">
        {fields.map((field) => (
          <NumberInput key={field} label={t(`settings.${field}`)} value={values[field]} onChange={(v) => setValues({ ...values, [field]: v })} error={fieldError(field)} allowDecimal={false} disabled={disabled} w={200} />
        ))}
        <Button
          disabled={disabled}
          loading={saved.isLoading}
          onClick={() =>
            void save({
              idleLockMinutes: num(values.idleLockMinutes),
              maxPinAttempts: num(values.maxPinAttempts),
              lockoutMinutes: num(values.lockoutMinutes),
              managerAdjustmentYen: num(values.managerAdjustmentYen),
            })
          }
        >
          {t('common.save')}
        </Button>
      </Group>
      <ErrorAlert error={saved.error} />
      {saved.isSuccess && <Text c="green.9">{t('settings.saved')}</Text>}
    </Paper>
  );
}
