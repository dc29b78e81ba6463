import { AppShell, Badge, Button, Group, Loader, NavLink, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { Appraisal } from '../features/appraisal/Appraisal.tsx';
import { BankTransfers } from '../features/bank-transfer/BankTransfers.tsx';
import { Customers } from '../features/customers/Customers.tsx';
import { TamperAlert } from '../features/integrity/TamperAlert.tsx';
import { Ledger } from '../features/ledger/Ledger.tsx';
import { CashManagement } from '../features/till/CashManagement.tsx';
import { ReceptionList } from '../features/list/ReceptionList.tsx';
import { PrintJobAlerts } from '../features/printing/PrintJobAlerts.tsx';
import { NewReception } from '../features/reception/NewReception.tsx';
import { SignIn } from '../features/session/SignIn.tsx';
import { useActivityReport } from '../features/session/use-activity-report.ts';
import { useSessionEvents } from '../features/session/use-session-events.ts';
import { Settings } from '../features/settings/Settings.tsx';
import { Settlement } from '../features/settlement/Settlement.tsx';
import { StockList } from '../features/stock/StockList.tsx';
import { SyncBadge } from '../features/sync/SyncBadge.tsx';
import { TillBadge } from '../features/till/TillBadge.tsx';
import { useQuitAppMutation, useResumableSettlementQuery, useSessionQuery, useStaffSignOutMutation } from '../kiosk-api.ts';
import { useAppDispatch, useAppSelector } from '../store.ts';
import { navigate, type Route } from './ui-slice.ts';

const MENU: { route: Route; key: string; group: 'buyback' | 'other'; managerOnly?: boolean }[] = [
  { route: { name: 'reception' }, key: 'nav.reception', group: 'buyback' },
  { route: { name: 'appraisal' }, key: 'nav.appraisal', group: 'buyback' },
  { route: { name: 'settlement' }, key: 'nav.settlement', group: 'buyback' },
  { route: { name: 'list' }, key: 'nav.list', group: 'buyback' },
  { route: { name: 'ledger' }, key: 'nav.ledger', group: 'buyback' },
  { route: { name: 'stock' }, key: 'nav.stock', group: 'other' },
  { route: { name: 'customers' }, key: 'nav.customers', group: 'other' },
  { route: { name: 'cash' }, key: 'nav.cash', group: 'other' },
  { route: { name: 'settings' }, key: 'nav.settings', group: 'other' },
  // M-08: bank transfers to sellers, exported for the bank and marked paid by a manager.
  { route: { name: 'bankTransfers' }, key: 'nav.bankTransfers', group: 'other', managerOnly: true },
];

export function App() {
  const { t, i18n } = useTranslation();
  const session = useSessionQuery({});
  const route = useAppSelector((state) => state.ui.route);
  const visit = useAppSelector((state) => state.ui.visit);
  const dispatch = useAppDispatch();
  const [signOut] = useStaffSignOutMutation();
  const signedIn = Boolean(session.data?.staff);
  useActivityReport(signedIn);
  useSessionEvents();
  useResumeWizard(signedIn);

  if (session.isLoading) {
    return (
      <div role="status" aria-label={t('common.loading')}>
        <Loader m="xl" />
      </div>
    );
  }
  const state = session.data;
  if (!state?.terminal || !state.staff) {
    return (
      <>
        <SignIn state={state ?? { terminal: null, staff: null }} />
        <TamperAlert />
      </>
    );
  }

  const setLanguage = (language: string) => {
    localStorage.setItem('kiosk.locale', language);
    void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  };

  return (
    <AppShell header={{ height: 64 }} navbar={{ width: 260, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Title order={1} size="h3">
              {t('app.title')}
            </Title>
            <Badge size="lg" variant="light">
              {state.terminal.storeName} / {state.terminal.name}
            </Badge>
          </Group>
          <Group>
            <TillBadge />
            <SyncBadge />
            <SegmentedControl
              aria-label={t('app.language')}
              value={i18n.language}
              onChange={setLanguage}
              data={[
                { value: 'ja', label: '日本語' },
                { value: 'en', label: 'English' },
              ]}
            />
            <Text fw={600} data-testid="staff-name">
              {state.staff.name}
            </Text>
            <Button variant="default" size="md" onClick={() => void signOut({})}>
              {t('session.signOut')}
            </Button>
            {state.staff.role === 'manager' && <QuitButton />}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
        <Stack gap={4}>
          <Text fw={700} c="dimmed" size="sm" px="sm">
            {t('nav.buyback')}
          </Text>
          {MENU.filter((entry) => !entry.managerOnly || state.staff?.role === 'manager').map((entry) => (
            <NavLink
              key={entry.key}
              component="button"
              label={t(entry.key)}
              active={route.name === entry.route.name}
              variant="filled"
              aria-current={route.name === entry.route.name ? 'page' : undefined}
              onClick={() => dispatch(navigate(entry.route))}
              styles={{ label: { fontSize: 18 } }}
              py="md"
              pl={entry.group === 'buyback' ? 'lg' : 'sm'}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <ErrorBoundary key={visit}>
          <Screen route={route} />
        </ErrorBoundary>
        <PrintJobAlerts />
        <TamperAlert />
      </AppShell.Main>
    </AppShell>
  );
}

/**
 * B-06: after a reload, a crash or a restart and sign-in, the counter goes back by itself to the settlement wizard it
 * was in (the main process keeps its draft); the settlement screen then opens the wizard at its step.
 */
function useResumeWizard(signedIn: boolean): void {
  const dispatch = useAppDispatch();
  const resumable = useResumableSettlementQuery({}, { skip: !signedIn });
  const resumedFor = useRef<string | null>(null);
  const found = signedIn ? resumable.data : null;
  useEffect(() => {
    if (!signedIn) resumedFor.current = null;
    if (!found || resumedFor.current === found.receptionId) return;
    resumedFor.current = found.receptionId;
    dispatch(navigate({ name: 'settlement', number: found.number }));
  }, [signedIn, found, dispatch]);
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'reception':
      return <NewReception />;
    case 'appraisal':
      return <Appraisal receptionId={route.receptionId} />;
    case 'settlement':
      return <Settlement initialNumber={route.number} />;
    case 'list':
      return <ReceptionList />;
    case 'stock':
      return <StockList />;
    case 'customers':
      return <Customers />;
    case 'ledger':
      return <Ledger />;
    case 'settings':
      return <Settings />;
    case 'cash':
      return <CashManagement />;
    case 'bankTransfers':
      return <BankTransfers />;
  }
}

/** D-07: only a manager can leave the kiosk. In a browser tab there is nothing to quit, and the button says so. */
function QuitButton() {
  const { t } = useTranslation();
  const [quit, result] = useQuitAppMutation();
  return (
    <Button variant="light" color="red" size="md" onClick={() => void quit({})} title={result.data?.quitting === false ? t('app.quitUnavailable') : undefined}>
      {result.data?.quitting === false ? t('app.quitUnavailable') : t('app.quit')}
    </Button>
  );
}
