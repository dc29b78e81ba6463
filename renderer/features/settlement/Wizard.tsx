import { Alert, Box, Button, Checkbox, Group, List, Modal, NumberInput, Paper, Radio, ScrollArea, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { ClaimBanner } from '../claims/ClaimBanner.tsx';
import { type ClaimView, claimAllowsEditing } from '../claims/use-reception-claim.ts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BANK_TRANSFER, CASH } from '../../../common/till.ts';
import type { KioskErrorInfo, Reception, SettlementResult } from '../../../preload/types.ts';
import { useReportScreen } from '../../app/use-report-screen.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert, toErrorInfo } from '../../components/ErrorAlert.tsx';
import { formatYen } from '../../components/format.ts';
import {
  useCancelSettlementMutation,
  useDropImageMutation,
  useExecuteSettlementMutation,
  useTillQuery,
  useSettlementOptionsQuery,
  useStageImageMutation,
} from '../../kiosk-api.ts';
import { useAppDispatch, useAppSelector } from '../../store.ts';
import { photoMaskingRequired } from '../../../common/compliance.ts';
import { BankAccountForm, bankAccountComplete } from '../bank-transfer/BankAccountForm.tsx';
import { OpenTillDialog } from '../till/OpenTillDialog.tsx';
import { ShortfallAlert } from '../till/ShortfallAlert.tsx';
import { IdPhoto } from './IdPhoto.tsx';
import { CustomerAskPanel, effectivePlacement, PlacementSwitch, useAskOnCustomerDisplay } from '../customer-display/CustomerAskPanel.tsx';
import { useCustomerDisplay } from '../customer-display/use-customer-display.ts';
import { SignaturePad } from './SignaturePad.tsx';
import { Verification } from './Verification.tsx';
import {
  agreementSet,
  bankAccountChanged,
  canGoNext,
  customerAnswered,
  customerPlacementChosen,
  evidenceDropped,
  evidenceStaged,
  idPhotoMasked,
  itemCancelToggled,
  type MissingEntry,
  paymentMethodChosen,
  pointsChanged,
  printMethodChosen,
  selectSummary,
  stepBack,
  stepNext,
  stepsFor,
  termsVersionChanged,
  verificationChanged,
  wizardClosed,
} from './wizard-slice.ts';

/**
 * The full-screen settlement wizard: agreement (S-09) → verification (S-10 … S-15) → execute (S-16 … S-18). Its state
 * lives in the settlementWizard slice; this component only shows it and dispatches what the clerk does. The step's
 * actions and what is still missing sit in a footer that stays on screen at 1366×768 and 1024×768.
 */
export type QueuedAfterExecute = Pick<SettlementResult, 'receiptJob' | 'printError' | 'drawerJob' | 'drawerError'>;

export function Wizard({
  reception,
  onDone,
  claim,
}: {
  reception: Reception;
  /** N-02: the settlement screen's claim on the reception; without it execute and cancel stay disabled. */
  claim: { view: ClaimView; retry: () => void };
  /** Settled (with the receipt's print job, if one was queued) or, with every item cancelled, cancelled. */
  /** After execute: what it queued on the receipt printer (receipt, drawer kick) and what could not be queued. */
  onDone: (reception: Reception, queued?: QueuedAfterExecute) => void;
}) {
  const { t, i18n } = useTranslation();
  useReportScreen('wizard');
  const dispatch = useAppDispatch();
  const state = useAppSelector((s) => s.settlementWizard);
  const options = useSettlementOptionsQuery({});
  const [confirmCancel, setConfirmCancel] = useState(false);
  // The photo as taken on this screen; a photo kept across a reload lives only in the main process.
  const [photo, setPhoto] = useState<string | null>(null);
  const [stageImage, staged] = useStageImageMutation();
  const [dropImage] = useDropImageMutation();
  const [execute, executed] = useExecuteSettlementMutation();
  // M-02: cash leaves the till, so paying in cash needs it open; the step offers to open it right here.
  const till = useTillQuery({});
  const [openingTill, setOpeningTill] = useState(false);
  const tillClosedForCash = state.paymentMethod === CASH && till.data?.open === false;
  // M-08: 銀行振込 needs the seller's account, complete as the contract will check it.
  const byBankTransfer = state.paymentMethod === BANK_TRANSFER;
  const accountMissing = byBankTransfer && !bankAccountComplete(state.bankAccount);
  const [cancel, cancelledResult] = useCancelSettlementMutation();

  const termsVersion = options.data ? (options.data.terms?.version ?? null) : undefined;
  useEffect(() => {
    if (termsVersion !== undefined) dispatch(termsVersionChanged(termsVersion));
  }, [termsVersion, dispatch]);

  // V-02: the terms and the signature on the customer's own screen, when one is connected and chosen. What the
  // customer answers there (held by the main process) is the wizard's agreement and signature.
  const customer = useCustomerDisplay();
  const onCustomerScreen = effectivePlacement(state.customerPlacement, customer) === 'customer';
  const customerAgreedVersion = customer?.agreement?.version ?? null;
  const customerSigned = Boolean(customer?.signedAt);
  // biome-ignore lint/correctness/useExhaustiveDependencies: again when the terms version in force changes, since an agreement counts only for it
  useEffect(() => {
    if (onCustomerScreen) dispatch(customerAnswered({ agreedVersion: customerAgreedVersion, signed: customerSigned }));
  }, [onCustomerScreen, customerAgreedVersion, customerSigned, state.termsVersion, dispatch]);
  const customerAgreed = customerAgreedVersion !== null && customerAgreedVersion === state.termsVersion;
  useAskOnCustomerDisplay(reception.id, 'terms', onCustomerScreen && state.open && state.step === 'agreement', customerAgreed);
  useAskOnCustomerDisplay(reception.id, 'signature', onCustomerScreen && state.open && state.step === 'verification', customerSigned);
  // S-09: a manager saved new terms while the customer read them: the wizard must show and expect the new version.
  const staleTerms = Boolean(customer?.termsChanged || (customerAgreedVersion !== null && termsVersion !== undefined && customerAgreedVersion !== termsVersion));
  const { refetch: refetchOptions } = options;
  useEffect(() => {
    if (staleTerms) void refetchOptions();
  }, [staleTerms, refetchOptions]);

  const onSignature = useCallback(
    (png: string | null) => {
      if (png) {
        dispatch(evidenceStaged('signature'));
        void stageImage({ receptionId: reception.id, kind: 'signature', dataUrl: png });
      } else {
        dispatch(evidenceDropped('signature'));
        void dropImage({ receptionId: reception.id, kind: 'signature' });
      }
    },
    [reception.id, stageImage, dropImage, dispatch],
  );

  if (!options.data) return null;
  const terms = options.data.terms;
  const steps = stepsFor(state.termsVersion);
  const step = state.step;
  const cancelled = new Set(state.cancelledItemIds);
  const live = reception.items.filter((item) => !cancelled.has(item.id));
  const total = live.reduce((sum, item) => sum + item.amount, 0) + reception.adjustmentAmount;
  const allCancelled = live.length === 0;
  // M-06: the till cannot hand out more than it holds; said from the first step, resolved at execute.
  const tillShort = state.paymentMethod === CASH && till.data?.open === true && total > till.data.expectedCash ? till.data.expectedCash : null;
  const transfer = options.data.paymentMethods.find((m) => m.id === BANK_TRANSFER);
  const defaultPoints = Math.floor(Math.max(0, total) / 100) * options.data.pointRule.perHundredYen;
  const receiptEnabled = options.data.receiptPrinter.enabled;
  const summary = selectSummary(state, reception.items.length);
  const lostImages = state.evidence.id_photo === 'lost' || state.evidence.signature === 'lost';
  const executeError = toErrorInfo(executed.error);

  const close = () => dispatch(wizardClosed());

  const run = async () => {
    const response = await execute({
      receptionId: reception.id,
      version: reception.version,
      settlementId: state.settlementId!,
      cancelledItemIds: state.cancelledItemIds,
      ecPublishItemIds: state.ecPublishItemIds.filter((id) => !cancelled.has(id)),
      // The version the customer agreed to — never simply the current one (S-09).
      agreedTermsVersion: state.agreedTermsVersion,
      paymentMethod: state.paymentMethod,
      printMethod: state.printMethod,
      points: reception.customerId ? state.points : null,
      verification: state.identity,
      bankAccount: byBankTransfer ? state.bankAccount : null,
    });
    if ('data' in response && response.data) onDone(response.data.reception, response.data);
    else if (toErrorInfo(response.error)?.code === 'TERMS_CHANGED') void options.refetch();
  };

  return (
    // A kiosk wizard is never dismissed by a stray Escape, least of all from the image manager above it.
    <Modal
      opened
      onClose={close}
      fullScreen
      closeOnEscape={false}
      title={t('wizard.title', { number: reception.number })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      styles={{ body: { paddingBottom: 0 } }}
    >
      <Stack maw={1100} mx="auto" pb="md">
        <ClaimBanner view={claim.view} onRetry={claim.retry} />
        <Stepper active={steps.indexOf(step)} size="lg" allowNextStepsSelect={false}>
          {steps.map((s) => (
            <Stepper.Step key={s} label={t(`wizard.step.${s}`)} />
          ))}
        </Stepper>
        {tillShort !== null && step !== 'execute' && !allCancelled && (
          <ShortfallAlert receptionNumber={reception.number} expected={tillShort} amount={total} actions={false} onSwitchToTransfer={null} />
        )}

        <PlacementSwitch status={customer} chosen={state.customerPlacement} onChoose={(placement) => dispatch(customerPlacementChosen(placement))} />

        {step === 'agreement' && terms && onCustomerScreen && customer && (
          <CustomerAskPanel receptionId={reception.id} what="terms" status={customer} onTakeBack={() => dispatch(customerPlacementChosen('clerk'))} />
        )}

        {step === 'agreement' && terms && !onCustomerScreen && (
          <Paper withBorder p="lg">
            {state.termsChanged && (
              <Alert color="orange" title={t('wizard.termsChangedTitle')} data-testid="terms-changed" mb="md">
                {t('wizard.termsChanged', { version: terms.version })}
              </Alert>
            )}
            <Title order={3}>{terms.title}</Title>
            <ScrollArea h={260} mt="md">
              <Text style={{ whiteSpace: 'pre-wrap' }} size="lg" data-testid="terms-body">
                {terms.body}
              </Text>
            </ScrollArea>
            <Checkbox
              mt="lg"
              size="xl"
              label={t('wizard.agree')}
              checked={state.agreedTermsVersion !== null && state.agreedTermsVersion === state.termsVersion}
              onChange={(e) => dispatch(agreementSet(e.currentTarget.checked))}
            />
          </Paper>
        )}

        {/* Kept mounted on the execute step so the record stays checked (and typed fields stay) while the clerk moves on. */}
        <Box hidden={step !== 'verification'}>
          <Stack>
            <Title order={3}>{t('wizard.items')}</Title>
            <Table verticalSpacing="sm" data-testid="wizard-items">
              <Table.Tbody>
                {reception.items.map((item) => {
                  const isCancelled = cancelled.has(item.id);
                  return (
                    <Table.Tr key={item.id} bg={isCancelled ? 'gray.1' : undefined} c={isCancelled ? 'dimmed' : undefined}>
                      <Table.Td td={isCancelled ? 'line-through' : undefined}>{item.name}</Table.Td>
                      <Table.Td ta="right">{formatYen(item.amount)}</Table.Td>
                      <Table.Td>
                        <Button
                          size="md"
                          variant={isCancelled ? 'filled' : 'default'}
                          color={isCancelled ? 'indigo' : 'red'}
                          onClick={() => dispatch(itemCancelToggled(item.id))}
                        >
                          {isCancelled ? t('wizard.restoreItem', { name: item.name }) : t('wizard.cancelItem', { name: item.name })}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Text fw={700} size="xl" data-testid="wizard-total">
              {t('totals.total')}: {formatYen(total)}
            </Text>
            {lostImages && (
              <Alert color="orange" title={t('wizard.resumedTitle')}>
                {t('wizard.imagesLost')}
              </Alert>
            )}
            {state.evidence.id_photo === 'staged' && !photo && <Text fw={600}>{t('wizard.photoKept')}</Text>}
            {state.evidence.signature === 'staged' && <Text fw={600}>{t('wizard.signatureKept')}</Text>}
            <IdPhoto
              photo={photo}
              maskingRequired={state.identity?.method === 'id_document' && photoMaskingRequired(state.identity.documentType)}
              masks={state.idPhotoMasks}
              onCapture={(jpeg, masks) => {
                setPhoto(jpeg);
                dispatch(evidenceStaged('id_photo'));
                dispatch(idPhotoMasked(masks));
                void stageImage({ receptionId: reception.id, kind: 'id_photo', dataUrl: jpeg, masks });
              }}
              onDeselect={() => {
                setPhoto(null);
                dispatch(evidenceDropped('id_photo'));
                void dropImage({ receptionId: reception.id, kind: 'id_photo' });
              }}
            />
            {onCustomerScreen && customer ? (
              <CustomerAskPanel receptionId={reception.id} what="signature" status={customer} onTakeBack={() => dispatch(customerPlacementChosen('clerk'))} />
            ) : (
              <SignaturePad onChange={onSignature} />
            )}
            <Verification
              reception={reception}
              cancelled={cancelled}
              hasIdPhoto={state.evidence.id_photo === 'staged'}
              hasSignature={state.evidence.signature === 'staged'}
              idPhotoMasks={state.evidence.id_photo === 'staged' ? state.idPhotoMasks : null}
              initial={state.identity}
              onChange={(verdict) => dispatch(verificationChanged(verdict))}
            />
            <ErrorAlert error={staged.error} />
          </Stack>
        </Box>

        {step === 'execute' && (
          <Stack>
            <Radio.Group label={t('wizard.paymentMethod')} value={state.paymentMethod} onChange={(v) => dispatch(paymentMethodChosen(v))} size="lg">
              <Group mt="xs">
                {options.data.paymentMethods.map((m) => (
                  <Radio key={m.id} value={m.id} label={i18n.language === 'en' ? m.labelEn : m.labelJa} />
                ))}
              </Group>
            </Radio.Group>
            <Radio.Group
              label={t('wizard.printMethod')}
              value={state.printMethod}
              onChange={(v) => dispatch(printMethodChosen(v === 'receipt' ? 'receipt' : 'none'))}
              size="lg"
            >
              <Group mt="xs">
                <Radio value="receipt" label={t('wizard.printReceipt')} disabled={!receiptEnabled} />
                <Radio value="none" label={t('wizard.printNone')} />
              </Group>
            </Radio.Group>
            {!receiptEnabled && <Text c="dimmed">{t('wizard.receiptOff')}</Text>}
            {tillClosedForCash && (
              <Alert color="orange" data-testid="till-closed">
                <Stack gap="xs">
                  <Text>{t('till.closedForCash')}</Text>
                  <Group>
                    <Button size="lg" onClick={() => setOpeningTill(true)}>
                      {t('till.open')}
                    </Button>
                  </Group>
                </Stack>
              </Alert>
            )}
            <OpenTillDialog opened={openingTill} onClose={() => setOpeningTill(false)} />
            {tillShort !== null && (
              <ShortfallAlert
                receptionNumber={reception.number}
                expected={tillShort}
                amount={total}
                actions
                onSwitchToTransfer={transfer ? () => dispatch(paymentMethodChosen(transfer.id)) : null}
              />
            )}
            {byBankTransfer && (
              <BankAccountForm
                receptionId={reception.id}
                isMember={reception.customerId !== null}
                value={state.bankAccount}
                onChange={(account) => dispatch(bankAccountChanged(account))}
                executeError={executed.error}
              />
            )}
            {reception.customerId && (
              <NumberInput
                label={t('wizard.points')}
                description={t('wizard.pointsHelp', { points: defaultPoints.toLocaleString('ja-JP'), max: options.data.pointRule.maxManual.toLocaleString('ja-JP') })}
                value={state.points ?? defaultPoints}
                onChange={(value) => dispatch(pointsChanged(typeof value === 'number' ? value : null))}
                min={0}
                allowDecimal={false}
                thousandSeparator=","
              />
            )}
            <Paper withBorder p="md">
              <Text fw={700} size="xl">
                {t('wizard.payAmount', { total: formatYen(total) })}
              </Text>
              <Text c="dimmed" data-testid="execute-summary">
                {t('wizard.summary', {
                  items: summary.items,
                  cancelled: summary.cancelled,
                  photo: summary.idPhoto ? '✓' : '—',
                  signature: summary.signature ? '✓' : '—',
                })}
              </Text>
            </Paper>
          </Stack>
        )}
      </Stack>

      <WizardFooter
        error={executeError ?? toErrorInfo(cancelledResult.error)}
        missing={step === 'verification' ? state.missing : null}
        hint={step === 'agreement' && !canGoNext(state) ? t('wizard.agreeFirst') : step === 'execute' && accountMissing ? t('bankTransfer.account.incomplete') : null}
      >
        <Button variant="default" onClick={() => (steps.indexOf(step) === 0 ? close() : dispatch(stepBack()))}>
          {steps.indexOf(step) === 0 ? t('common.close') : t('common.back')}
        </Button>
        {step !== 'execute' && !(step === 'verification' && allCancelled) && (
          <Button onClick={() => dispatch(stepNext())} disabled={!canGoNext(state)}>
            {t('common.next')}
          </Button>
        )}
        {/* S-13: with every item cancelled, execute becomes cancel. */}
        {allCancelled ? (
          <Button color="red.8" onClick={() => setConfirmCancel(true)} disabled={!claimAllowsEditing(claim.view)} data-testid="cancel-all">
            {t('wizard.cancelTransaction')}
          </Button>
        ) : (
          step === 'execute' && (
            <Button
              color="#1e6b34"
              size="xl"
              loading={executed.isLoading}
              disabled={!state.verificationComplete || tillClosedForCash || tillShort !== null || accountMissing || !claimAllowsEditing(claim.view)}
              onClick={() => void run()}
              data-testid="execute"
            >
              {t('wizard.execute')}
            </Button>
          )
        )}
      </WizardFooter>
      <ConfirmDialog
        opened={confirmCancel}
        title={t('wizard.cancelTransaction')}
        message={t('wizard.cancelConfirm')}
        loading={cancelledResult.isLoading}
        onClose={() => setConfirmCancel(false)}
        onConfirm={async () => {
          const response = await cancel({ receptionId: reception.id, version: reception.version, reason: 'all_items_cancelled' });
          setConfirmCancel(false);
          if ('data' in response && response.data) onDone(response.data);
        }}
      />
    </Modal>
  );
}

/** The step's actions, the error of the last action and what is still missing, always in view at the bottom. */
function WizardFooter({
  error,
  missing,
  hint,
  children,
}: {
  error: KioskErrorInfo | null;
  missing: MissingEntry[] | null;
  hint: string | null;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Box
      data-testid="wizard-footer"
      style={{
        position: 'sticky',
        bottom: 0,
        zIndex: 2,
        background: 'var(--mantine-color-body)',
        borderTop: '1px solid var(--mantine-color-gray-4)',
        boxShadow: '0 -4px 12px rgba(0, 0, 0, 0.06)',
      }}
      py="sm"
    >
      <Stack maw={1100} mx="auto" gap="xs">
        {error && <ErrorAlert error={error} />}
        <Group justify="space-between" align="flex-end" wrap="nowrap">
          <Box style={{ flex: 1, minWidth: 0 }}>
            {hint && <Text fw={600}>{hint}</Text>}
            <div role="status" aria-live="polite" data-testid="verification-missing">
              {missing && missing.length > 0 && (
                <Alert color="red" title={t('compliance.missingTitle')} p="xs">
                  <List size="sm" style={{ columnCount: 2 }}>
                    {missing.map((entry) => (
                      <List.Item key={entry.key}>{t(entry.key, entry.params)}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              {missing && missing.length === 0 && <Text fw={700}>{t('compliance.complete')}</Text>}
            </div>
          </Box>
          <Group wrap="nowrap">{children}</Group>
        </Group>
      </Stack>
    </Box>
  );
}
