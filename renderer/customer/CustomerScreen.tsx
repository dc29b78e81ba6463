import { Alert, Box, Button, Container, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerView, KioskErrorInfo } from '../../preload/types.ts';
import { call, onEvent, onEventsConnected } from '../api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { formatYen } from '../components/format.ts';
import { SignaturePad } from '../features/settlement/SignaturePad.tsx';

const tokyoTime = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' });

/**
 * V-01, V-02: the customer's own screen across the counter. It shows only what the main process pushes
 * (customer:view) and keeps nothing of its own: no storage, no history; when the transaction ends it is the welcome
 * again, in Japanese, for the next customer. Large type: it is read from a chair, at arm's length or further.
 */
export function CustomerScreen() {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<CustomerView | null>(null);
  const [unavailable, setUnavailable] = useState<KioskErrorInfo | null>(null);
  const shown = useRef(-1);

  const accept = useCallback((next: CustomerView) => {
    // Pushes and answers can cross; an older view never replaces a newer one.
    if (next.revision < shown.current) return;
    shown.current = next.revision;
    setView(next);
    setUnavailable(null);
  }, []);

  const refresh = useCallback(async () => {
    const result = await call('customer:view', {});
    if (result.ok) accept(result.value);
    else setUnavailable(result.error);
  }, [accept]);

  useEffect(() => {
    const offView = onEvent('customer:view', accept);
    const offConnected = onEventsConnected(() => void refresh());
    return () => {
      offView();
      offConnected();
    };
  }, [accept, refresh]);

  // The next customer starts in Japanese, whatever the last one chose.
  const screen = view?.screen ?? 'welcome';
  useEffect(() => {
    if (screen === 'welcome' && i18n.language !== 'ja') void i18n.changeLanguage('ja');
  }, [screen, i18n]);

  return (
    <Box mih="100vh" bg="gray.0" data-testid="customer-screen" data-screen={view ? screen : 'loading'} style={{ fontSize: 22 }}>
      <Group justify="space-between" px="xl" py="md" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Text size="xl" fw={700}>
          {view?.shopName ?? ''}
        </Text>
        <Group gap="sm" role="group" aria-label={t('customerScreen.language')}>
          {(['ja', 'en'] as const).map((language) => (
            <Button
              key={language}
              size="lg"
              variant={i18n.language === language ? 'filled' : 'default'}
              aria-pressed={i18n.language === language}
              onClick={() => void i18n.changeLanguage(language)}
            >
              {t(language === 'ja' ? 'customerScreen.languageJa' : 'customerScreen.languageEn')}
            </Button>
          ))}
        </Group>
      </Group>
      <Container size="lg" py="xl">
        <main>
          {!view ? (
            <Title order={1} ta="center" mt={120}>
              {t('customerScreen.notReady')}
            </Title>
          ) : (
            <CustomerBody view={view} onAnswered={accept} />
          )}
          {unavailable && unavailable.code !== 'HOST_UNAVAILABLE' && <ErrorAlert error={unavailable} />}
        </main>
      </Container>
    </Box>
  );
}

function CustomerBody({ view, onAnswered }: { view: CustomerView; onAnswered: (view: CustomerView) => void }) {
  const { t, i18n } = useTranslation();
  if (view.screen === 'welcome') {
    const own = i18n.language === 'en' ? view.welcome.en : view.welcome.ja;
    return (
      <Stack align="center" mt={100} gap="lg">
        <Title order={1} style={{ fontSize: 64 }}>
          {own || t('customerScreen.welcome')}
        </Title>
        <Text size="xl">{t('customerScreen.welcomeSub')}</Text>
      </Stack>
    );
  }
  if (view.screen === 'thanks') {
    return (
      <Stack align="center" mt={100} gap="lg">
        <Title order={1} style={{ fontSize: 64 }}>
          {t('customerScreen.thanksTitle')}
        </Title>
        <Text style={{ fontSize: 40 }} fw={700} data-testid="customer-thanks-total">
          {t('customerScreen.thanksTotal', { total: formatYen(view.total) })}
        </Text>
      </Stack>
    );
  }
  if (view.screen === 'terms' && view.terms) return <TermsAsk view={view} onAnswered={onAnswered} />;
  if (view.screen === 'signature') return <SignatureAsk view={view} onAnswered={onAnswered} />;
  return <Items view={view} />;
}

function Items({ view }: { view: CustomerView }) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <Title order={1}>{t(view.phase === 'settlement' ? 'customerScreen.settlementTitle' : 'customerScreen.appraisalTitle')}</Title>
      {view.items.length === 0 ? (
        <Text size="xl">{t('customerScreen.noItemsYet')}</Text>
      ) : (
        <Table fz={24} verticalSpacing="md" striped data-testid="customer-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('customerScreen.columnItem')}</Table.Th>
              <Table.Th ta="right">{t('customerScreen.columnQuantity')}</Table.Th>
              <Table.Th ta="right">{t('customerScreen.columnUnitPrice')}</Table.Th>
              <Table.Th ta="right">{t('customerScreen.columnAmount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.items.map((item) => (
              <Table.Tr key={item.id} c={item.cancelled ? 'dimmed' : undefined} data-cancelled={item.cancelled || undefined}>
                <Table.Td td={item.cancelled ? 'line-through' : undefined}>
                  {item.name}
                  {item.cancelled && (
                    <Text span ml="sm" size="lg">
                      （{t('customerScreen.returned')}）
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">{item.quantity}</Table.Td>
                <Table.Td ta="right">{formatYen(item.unitPrice)}</Table.Td>
                <Table.Td ta="right" td={item.cancelled ? 'line-through' : undefined}>
                  {formatYen(item.amount)}
                </Table.Td>
              </Table.Tr>
            ))}
            {view.adjustmentAmount !== 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>{t('customerScreen.adjustment')}</Table.Td>
                <Table.Td ta="right">{formatYen(view.adjustmentAmount)}</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="flex-end">
        <Text style={{ fontSize: 44 }} fw={800} data-testid="customer-total">
          {t('customerScreen.total')} {formatYen(view.total)}
        </Text>
      </Group>
      {view.agreement && (
        <Alert color="green" fz={22} data-testid="customer-agreed">
          ✓ {t('customerScreen.agreed', { version: view.agreement.version, time: tokyoTime.format(new Date(view.agreement.at)) })}
        </Alert>
      )}
      {view.signed && (
        <Alert color="green" fz={22}>
          ✓ {t('customerScreen.signed')}
        </Alert>
      )}
      {view.phase === 'settlement' && <Text size="xl">{t('customerScreen.waitForClerk')}</Text>}
    </Stack>
  );
}

function TermsAsk({ view, onAnswered }: { view: CustomerView; onAnswered: (view: CustomerView) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<KioskErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const terms = view.terms!;
  const agree = async () => {
    setBusy(true);
    const result = await call('customer:agree', { askId: view.askId!, termsVersion: terms.version });
    setBusy(false);
    if (result.ok) onAnswered(result.value);
    // TERMS_CHANGED: the new version is pushed to this screen under a new request; the notice says why.
    else setError(result.error);
  };
  return (
    <Stack gap="lg">
      <Title order={1}>{t('customerScreen.termsTitle')}</Title>
      {view.termsChanged && (
        <Alert color="orange" fz={22} data-testid="customer-terms-changed">
          {t('customerScreen.termsChanged')}
        </Alert>
      )}
      <Paper withBorder p="xl">
        <Group justify="space-between">
          <Title order={2}>{terms.title}</Title>
          <Text size="lg" data-testid="customer-terms-version">
            {t('customerScreen.termsVersion', { version: terms.version })}
          </Text>
        </Group>
        <ScrollArea h={420} mt="md" type="always">
          <Text style={{ whiteSpace: 'pre-wrap', fontSize: 24, lineHeight: 1.7 }} data-testid="customer-terms-body">
            {terms.body}
          </Text>
        </ScrollArea>
      </Paper>
      {error && error.code !== 'TERMS_CHANGED' && <ErrorAlert error={error} />}
      <Button size="xl" h={80} fz={28} loading={busy} onClick={() => void agree()}>
        {t('customerScreen.agree')}
      </Button>
    </Stack>
  );
}

function SignatureAsk({ view, onAnswered }: { view: CustomerView; onAnswered: (view: CustomerView) => void }) {
  const { t } = useTranslation();
  const [drawing, setDrawing] = useState<string | null>(null);
  const [error, setError] = useState<KioskErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const sign = async () => {
    if (!drawing) return;
    setBusy(true);
    const result = await call('customer:sign', { askId: view.askId!, dataUrl: drawing });
    setBusy(false);
    if (result.ok) onAnswered(result.value);
    else setError(result.error);
  };
  return (
    <Stack gap="lg" align="center">
      <Title order={1}>{t('customerScreen.signTitle')}</Title>
      <Text style={{ fontSize: 36 }} fw={700}>
        {t('customerScreen.total')} {formatYen(view.total)}
      </Text>
      {/* A new request (the clerk asked again) starts from a blank pad. */}
      <SignaturePad key={view.askId} width={960} height={320} onChange={setDrawing} />
      <ErrorAlert error={error} />
      <Button size="xl" h={80} fz={28} disabled={!drawing} loading={busy} onClick={() => void sign()}>
        {t('customerScreen.sign')}
      </Button>
    </Stack>
  );
}
