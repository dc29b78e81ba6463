import { Alert, Button, Group, Modal, NumberInput, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, useFieldError } from '../../components/ErrorAlert.tsx';
import { formatYen } from '../../components/format.ts';
import { useFundTillShortfallMutation, useSessionQuery } from '../../kiosk-api.ts';

/**
 * M-06: the till holds less cash than this buyback pays out. Said before the customer is told they can be paid in
 * cash; the clerk asks a manager to bring cash from the safe (recorded as a pay-in) or switches to bank transfer.
 */
export function ShortfallAlert({
  receptionNumber,
  expected,
  amount,
  actions,
  onSwitchToTransfer,
}: {
  receptionNumber: string;
  expected: number;
  amount: number;
  /** False on the steps before execute: the warning is said early, the way out is taken at execute. */
  actions: boolean;
  onSwitchToTransfer: (() => void) | null;
}) {
  const { t } = useTranslation();
  const [funding, setFunding] = useState(false);
  const shortfall = amount - expected;
  return (
    // Mantine's orange title is below WCAG AA on the light alert (axe); the words stay black, the frame orange.
    <Alert color="orange" title={t('till.shortfallTitle')} styles={{ title: { color: 'var(--mantine-color-black)' } }} data-testid="till-shortfall">
      <Stack gap="xs">
        <Text>{t('till.shortfall', { amount: formatYen(amount), expected: formatYen(expected), shortfall: formatYen(shortfall) })}</Text>
        {actions && (
          <Group>
            <Button size="lg" onClick={() => setFunding(true)}>
              {t('till.fundShortfall')}
            </Button>
            {onSwitchToTransfer && (
              <Button size="lg" variant="default" onClick={onSwitchToTransfer}>
                {t('till.switchToTransfer')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      {funding && <FundShortfallDialog receptionNumber={receptionNumber} shortfall={shortfall} onClose={() => setFunding(false)} />}
    </Alert>
  );
}

/** M-06: cash from the safe, approved by the manager signed in or by a manager's code and PIN typed here. */
function FundShortfallDialog({ receptionNumber, shortfall, onClose }: { receptionNumber: string; shortfall: number; onClose: () => void }) {
  const { t } = useTranslation();
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  const [amount, setAmount] = useState<number | ''>(shortfall);
  const [reason, setReason] = useState(t('till.shortfallReason', { number: receptionNumber }));
  const [managerCode, setManagerCode] = useState('');
  const [managerPin, setManagerPin] = useState('');
  const [fund, funded] = useFundTillShortfallMutation();
  const fieldError = useFieldError(funded.error);
  const submit = async () => {
    const response = await fund({
      amount: amount === '' ? Number.NaN : amount,
      reason,
      receptionNumber,
      approval: isManager ? null : { code: managerCode, pin: managerPin },
    });
    setManagerPin('');
    if ('data' in response && response.data) onClose();
  };
  return (
    <Modal opened onClose={onClose} title={t('till.fundShortfallTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text>{t('till.fundShortfallHelp', { shortfall: formatYen(shortfall) })}</Text>
        <NumberInput
          size="lg"
          label={t('till.amount')}
          value={amount}
          onChange={(value) => setAmount(typeof value === 'number' ? value : '')}
          allowDecimal={false}
          thousandSeparator=","
          error={fieldError('amount')}
        />
        <TextInput size="lg" label={t('till.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError('reason')} />
        {!isManager && (
          <Group grow align="start">
            <TextInput
              size="lg"
              label={t('till.managerCode')}
              value={managerCode}
              onChange={(e) => setManagerCode(e.currentTarget.value)}
              autoComplete="off"
              error={fieldError('approval.code')}
            />
            <PasswordInput
              size="lg"
              label={t('till.managerPin')}
              value={managerPin}
              onChange={(e) => setManagerPin(e.currentTarget.value)}
              inputMode="numeric"
              error={fieldError('approval.pin')}
            />
          </Group>
        )}
        <ErrorAlert error={funded.error} />
        <Group>
          <Button size="lg" loading={funded.isLoading} onClick={() => void submit()}>
            {t('till.approveAndFund')}
          </Button>
          <Button size="lg" variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
