import { Alert, Button, Group, Loader, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerAsk, CustomerDisplayStatus, CustomerPlacement } from '../../../preload/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useAskCustomerMutation, useWithdrawCustomerAskMutation } from '../../kiosk-api.ts';

const tokyoTime = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' });

/**
 * V-02: where this transaction's terms and signature happen. The shop's setting decides by default; the clerk may
 * change it per transaction; without a connected customer window it is always the clerk's screen.
 */
export function effectivePlacement(chosen: CustomerPlacement | null, status: CustomerDisplayStatus | undefined): CustomerPlacement {
  if (!status?.connected) return 'clerk';
  return chosen ?? status.settings.placement;
}

/**
 * The per-transaction switch, shown while a customer window is connected. If it goes away during the wizard (closed,
 * unplugged), the clerk is told and the wizard carries on on the clerk's screen.
 */
export function PlacementSwitch({
  status,
  chosen,
  onChoose,
}: {
  status: CustomerDisplayStatus | undefined;
  chosen: CustomerPlacement | null;
  onChoose: (placement: CustomerPlacement) => void;
}) {
  const { t } = useTranslation();
  const wasConnected = useRef(false);
  if (status?.connected) wasConnected.current = true;
  if (!status) return null;
  if (!status.connected) {
    return wasConnected.current ? (
      <Alert color="orange" data-testid="customer-display-gone">
        {t('customerDisplay.closed')}
      </Alert>
    ) : null;
  }
  return (
    <Group>
      <Text fw={600}>{t('customerDisplay.placementLabel')}</Text>
      <SegmentedControl
        size="md"
        value={effectivePlacement(chosen, status)}
        onChange={(value) => onChoose(value === 'clerk' ? 'clerk' : 'customer')}
        data={[
          { value: 'customer', label: t('customerDisplay.placementCustomer') },
          { value: 'clerk', label: t('customerDisplay.placementClerk') },
        ]}
        data-testid="customer-placement"
      />
    </Group>
  );
}

/**
 * V-02: while this step is on screen, the customer's window asks the customer (to agree, or to sign) until they have
 * answered; leaving the step takes the request back so the customer's window never shows a step the clerk left.
 */
export function useAskOnCustomerDisplay(receptionId: string, what: CustomerAsk, active: boolean, answered: boolean): void {
  const [ask] = useAskCustomerMutation();
  const [withdraw] = useWithdrawCustomerAskMutation();
  useEffect(() => {
    if (!active || answered) return;
    void ask({ receptionId, what });
    return () => void withdraw({ receptionId, what, discard: false });
  }, [active, answered, receptionId, what, ask, withdraw]);
}

/**
 * V-02: on the clerk's wizard, in place of the checkbox or the pad: "waiting for the customer", then what the
 * customer did there (agreed to version 3 at 14:02 / signed at 14:03), with the ways to take it back.
 */
export function CustomerAskPanel({
  receptionId,
  what,
  status,
  onTakeBack,
}: {
  receptionId: string;
  what: CustomerAsk;
  status: CustomerDisplayStatus;
  /** The clerk does this step on their own screen after all. */
  onTakeBack: () => void;
}) {
  const { t } = useTranslation();
  const [withdraw, withdrawn] = useWithdrawCustomerAskMutation();
  const answer =
    what === 'terms'
      ? status.agreement && t('customerDisplay.agreedAt', { version: status.agreement.version, time: tokyoTime.format(new Date(status.agreement.at)) })
      : status.signedAt && t('customerDisplay.signedAt', { time: tokyoTime.format(new Date(status.signedAt)) });
  return (
    <Paper withBorder p="lg" data-testid={`customer-ask-${what}`}>
      <Stack>
        {what === 'terms' && status.termsChanged && !status.agreement && (
          <Alert color="orange" data-testid="customer-terms-changed-clerk">
            {t('customerDisplay.termsChanged')}
          </Alert>
        )}
        {answer ? (
          <Text size="xl" fw={700} c="green.9" data-testid="customer-answer">
            ✓ {answer}
          </Text>
        ) : (
          <Group role="status">
            <Loader size="sm" />
            <Text size="xl" fw={600}>
              {t(what === 'terms' ? 'customerDisplay.waitingTerms' : 'customerDisplay.waitingSignature')}
            </Text>
          </Group>
        )}
        <ErrorAlert error={withdrawn.error} />
        <Group>
          {answer && (
            <Button
              variant="default"
              // The answer is voided; the step, still open, asks the customer again (useAskOnCustomerDisplay).
              onClick={() => void withdraw({ receptionId, what, discard: true })}
            >
              {t(what === 'terms' ? 'customerDisplay.redoAgreement' : 'customerDisplay.redoSignature')}
            </Button>
          )}
          <Button
            variant="default"
            onClick={async () => {
              await withdraw({ receptionId, what, discard: false });
              onTakeBack();
            }}
          >
            {t('customerDisplay.takeBack')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
