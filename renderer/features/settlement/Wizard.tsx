import { Alert, Button, Checkbox, Group, Modal, NumberInput, Paper, Radio, ScrollArea, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerPlacement, KioskErrorInfo, Reception, SettlementDraft } from '../../../preload/types.ts';
import { useReportScreen } from '../../app/use-report-screen.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatYen } from '../../components/format.ts';
import {
  useCancelSettlementMutation,
  useDiscardDraftMutation,
  useDropImageMutation,
  useExecuteSettlementMutation,
  useSaveDraftMutation,
  useSettlementOptionsQuery,
  useStageImageMutation,
} from '../../kiosk-api.ts';
import { IdPhoto } from './IdPhoto.tsx';
import { SignaturePad } from './SignaturePad.tsx';
import { CustomerAskPanel, effectivePlacement, PlacementSwitch, useAskOnCustomerDisplay } from '../customer-display/CustomerAskPanel.tsx';
import { useCustomerDisplay } from '../customer-display/use-customer-display.ts';
import { Verification, type VerificationState } from './Verification.tsx';

type Step = 'agreement' | 'verification' | 'execute';

/** The full-screen settlement wizard: agreement (S-09) → verification (S-10 … S-15) → execute (S-16 … S-18). */
export function Wizard({
  reception,
  ecPublish,
  resume,
  onClose,
  onDone,
}: {
  reception: Reception;
  ecPublish: Set<string>;
  /** B-06: the saved draft and the images the main process still holds, to continue where the clerk was. */
  resume: { draft: SettlementDraft; stagedImages: ('id_photo' | 'signature')[] } | null;
  onClose: () => void;
  /** printError: the receipt did not print; the settlement stands (S-16). */
  onDone: (reception: Reception, printError?: KioskErrorInfo | null) => void;
}) {
  const { t, i18n } = useTranslation();
  useReportScreen('wizard');
  const options = useSettlementOptionsQuery({});
  const draft = resume?.draft ?? null;
  // The settlement id is kept across a crash, so an execute retried after it settles once (B-06, S-16).
  const [settlementId] = useState(() => draft?.settlementId ?? crypto.randomUUID());
  const [stepIndex, setStepIndex] = useState(draft?.step ?? 0);
  const [agreed, setAgreed] = useState(draft?.agreed ?? false);
  const [cancelled, setCancelled] = useState<Set<string>>(() => new Set(draft?.cancelledItemIds ?? []));
  const [photo, setPhoto] = useState<string | null>(null);
  const [photoKept, setPhotoKept] = useState(() => resume?.stagedImages.includes('id_photo') ?? false);
  const [signed, setSigned] = useState(() => resume?.stagedImages.includes('signature') ?? false);
  const lostImages = Boolean(draft && ((draft.photoTaken && !photoKept) || (draft.signed && !resume?.stagedImages.includes('signature'))));
  const [verification, setVerification] = useState<VerificationState>({ record: null, complete: false });
  const [paymentMethod, setPaymentMethod] = useState(draft?.paymentMethod ?? 'cash');
  const [printMethod, setPrintMethod] = useState<'receipt' | 'none'>(draft?.printMethod ?? 'none');
  const [points, setPoints] = useState<number | string | null>(draft?.points ?? null);
  const [saveDraft] = useSaveDraftMutation();
  const [discardDraft] = useDiscardDraftMutation();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [stageImage, staged] = useStageImageMutation();
  const [dropImage] = useDropImageMutation();
  const [execute, executed] = useExecuteSettlementMutation();
  const [cancel, cancelledResult] = useCancelSettlementMutation();
  // V-02: the terms and the signature on the customer's own screen, when one is connected and chosen.
  const customer = useCustomerDisplay();
  const [placementChoice, setPlacementChoice] = useState<CustomerPlacement | null>(null);
  const onCustomerScreen = effectivePlacement(placementChoice, customer) === 'customer';

  const terms = options.data?.terms ?? null;
  // S-09: with no terms configured the agreement step is skipped.
  const steps: Step[] = terms ? ['agreement', 'verification', 'execute'] : ['verification', 'execute'];
  // The identity record is not kept in the draft (personal data), so a resumed wizard reopens at the verification
  // step at most — once, when the steps are known.
  const clamped = useRef(false);
  useEffect(() => {
    if (clamped.current || !options.data || !draft) return;
    clamped.current = true;
    setStepIndex((index) => Math.min(index, steps.indexOf('verification')));
  }, [options.data, draft, steps]);
  const photoTaken = photo !== null || photoKept;

  // B-06: every change of the wizard's choices is kept by the main process, so a reload or crash resumes here.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      void saveDraft({
        receptionId: reception.id,
        draft: {
          settlementId,
          step: stepIndex,
          agreed,
          cancelledItemIds: [...cancelled],
          ecPublishItemIds: [...ecPublish],
          paymentMethod,
          printMethod,
          points: typeof points === 'number' ? points : null,
          photoTaken,
          signed,
        },
      });
    }, 250);
    return () => window.clearTimeout(timer);
  }, [saveDraft, reception.id, settlementId, stepIndex, agreed, cancelled, ecPublish, paymentMethod, printMethod, points, photoTaken, signed]);

  const close = () => {
    // Closing on purpose abandons the draft and the images held for it; an auto-lock or crash does not.
    void discardDraft({ receptionId: reception.id });
    void dropImage({ receptionId: reception.id, kind: 'id_photo' });
    void dropImage({ receptionId: reception.id, kind: 'signature' });
    onClose();
  };
  const step = steps[stepIndex] ?? 'execute';
  const customerAgreed = Boolean(terms && customer?.agreement?.version === terms.version);
  const customerSigned = Boolean(customer?.signedAt);
  useAskOnCustomerDisplay(reception.id, 'terms', onCustomerScreen && step === 'agreement', customerAgreed);
  useAskOnCustomerDisplay(reception.id, 'signature', onCustomerScreen && step === 'verification', customerSigned);
  // What the customer answered on their screen is the wizard's agreement and signature (the main process holds them).
  useEffect(() => {
    if (onCustomerScreen) setAgreed(customerAgreed);
  }, [onCustomerScreen, customerAgreed]);
  useEffect(() => {
    if (onCustomerScreen) setSigned(customerSigned);
  }, [onCustomerScreen, customerSigned]);
  // S-09: a manager saved new terms while the customer read them; the wizard must show and expect the new version.
  const staleTerms = Boolean(customer?.termsChanged || (customer?.agreement && terms && customer.agreement.version !== terms.version));
  const { refetch: refetchOptions } = options;
  useEffect(() => {
    if (staleTerms) void refetchOptions();
  }, [staleTerms, refetchOptions]);
  const live = reception.items.filter((item) => !cancelled.has(item.id));
  const itemsTotal = live.reduce((sum, item) => sum + item.amount, 0);
  const total = itemsTotal + reception.adjustmentAmount;
  const allCancelled = live.length === 0;
  const defaultPoints = useMemo(() => Math.floor(Math.max(0, total) / 100) * (options.data?.pointRule.perHundredYen ?? 0), [total, options.data]);

  const onSignature = useCallback(
    (png: string | null) => {
      setSigned(png !== null);
      if (png) void stageImage({ receptionId: reception.id, kind: 'signature', dataUrl: png });
      else void dropImage({ receptionId: reception.id, kind: 'signature' });
    },
    [reception.id, stageImage, dropImage],
  );

  if (!options.data) return null;
  const receiptEnabled = options.data.receiptPrinter.enabled;

  const run = async () => {
    const response = await execute({
      receptionId: reception.id,
      version: reception.version,
      settlementId,
      cancelledItemIds: [...cancelled],
      ecPublishItemIds: [...ecPublish].filter((id) => !cancelled.has(id)),
      agreedTermsVersion: terms && agreed ? terms.version : null,
      paymentMethod,
      printMethod,
      points: reception.customerId ? (typeof points === 'number' ? points : null) : null,
      verification: verification.record,
    });
    if ('data' in response && response.data) onDone(response.data.reception, response.data.printError);
  };

  return (
    // A kiosk wizard is never dismissed by a stray Escape, least of all from the image manager above it.
    <Modal opened onClose={close} fullScreen closeOnEscape={false} title={t('wizard.title', { number: reception.number })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack maw={1100} mx="auto">
        <Stepper active={stepIndex} size="lg" allowNextStepsSelect={false}>
          {steps.map((s) => (
            <Stepper.Step key={s} label={t(`wizard.step.${s}`)} />
          ))}
        </Stepper>

        <PlacementSwitch status={customer} chosen={placementChoice} onChoose={setPlacementChoice} />

        {step === 'agreement' && terms && onCustomerScreen && customer && (
          <CustomerAskPanel receptionId={reception.id} what="terms" status={customer} onTakeBack={() => setPlacementChoice('clerk')} />
        )}

        {step === 'agreement' && terms && !onCustomerScreen && (
          <Paper withBorder p="lg">
            <Title order={3}>{terms.title}</Title>
            <ScrollArea h={300} mt="md">
              <Text style={{ whiteSpace: 'pre-wrap' }} size="lg">
                {terms.body}
              </Text>
            </ScrollArea>
            <Checkbox mt="lg" size="xl" label={t('wizard.agree')} checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} />
          </Paper>
        )}

        {step === 'verification' && (
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
                          onClick={() => {
                            const next = new Set(cancelled);
                            if (isCancelled) next.delete(item.id);
                            else next.add(item.id);
                            setCancelled(next);
                          }}
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
            {photoKept && !photo && <Text fw={600}>{t('wizard.photoKept')}</Text>}
            {signed && draft?.signed && <Text fw={600}>{t('wizard.signatureKept')}</Text>}
            <IdPhoto
              photo={photo}
              onCapture={(jpeg) => {
                setPhoto(jpeg);
                void stageImage({ receptionId: reception.id, kind: 'id_photo', dataUrl: jpeg });
              }}
              onDeselect={() => {
                setPhoto(null);
                setPhotoKept(false);
                void dropImage({ receptionId: reception.id, kind: 'id_photo' });
              }}
            />
            {onCustomerScreen && customer ? (
              <CustomerAskPanel receptionId={reception.id} what="signature" status={customer} onTakeBack={() => setPlacementChoice('clerk')} />
            ) : (
              <SignaturePad onChange={onSignature} />
            )}
            <Verification reception={reception} cancelled={cancelled} hasIdPhoto={photoTaken} hasSignature={signed} initial={verification.record} onChange={setVerification} />
            <ErrorAlert error={staged.error} />
          </Stack>
        )}

        {step === 'execute' && (
          <Stack>
            <Radio.Group label={t('wizard.paymentMethod')} value={paymentMethod} onChange={setPaymentMethod} size="lg">
              <Group mt="xs">
                {options.data.paymentMethods.map((m) => (
                  <Radio key={m.id} value={m.id} label={i18n.language === 'en' ? m.labelEn : m.labelJa} />
                ))}
              </Group>
            </Radio.Group>
            <Radio.Group label={t('wizard.printMethod')} value={printMethod} onChange={(v) => setPrintMethod(v as 'receipt' | 'none')} size="lg">
              <Group mt="xs">
                <Radio value="receipt" label={t('wizard.printReceipt')} disabled={!receiptEnabled} />
                <Radio value="none" label={t('wizard.printNone')} />
              </Group>
            </Radio.Group>
            {!receiptEnabled && <Text c="dimmed">{t('wizard.receiptOff')}</Text>}
            {reception.customerId && (
              <NumberInput
                label={t('wizard.points')}
                description={t('wizard.pointsHelp', { points: defaultPoints, max: options.data.pointRule.maxManual })}
                value={points ?? defaultPoints}
                onChange={setPoints}
                min={0}
                max={options.data.pointRule.maxManual}
                allowDecimal={false}
              />
            )}
            <Paper withBorder p="md">
              <Text fw={700} size="xl">
                {t('wizard.payAmount', { total: formatYen(total) })}
              </Text>
              <Text c="dimmed">{t('wizard.summary', { items: live.length, cancelled: cancelled.size, photo: photo ? '✓' : '—', signature: signed ? '✓' : '—' })}</Text>
            </Paper>
          </Stack>
        )}

        <ErrorAlert error={executed.error} />
        <ErrorAlert error={cancelledResult.error} />
        {step === 'agreement' && !agreed && <Text fw={600}>{t('wizard.agreeFirst')}</Text>}
        <Group justify="space-between" mt="lg">
          <Button variant="default" onClick={() => (stepIndex === 0 ? close() : setStepIndex(stepIndex - 1))}>
            {stepIndex === 0 ? t('common.close') : t('common.back')}
          </Button>
          {step !== 'execute' && !(step === 'verification' && allCancelled) && (
            <Button onClick={() => setStepIndex(stepIndex + 1)} disabled={(step === 'agreement' && !agreed) || (step === 'verification' && !verification.complete)}>
              {t('common.next')}
            </Button>
          )}
          {/* S-13: with every item cancelled, execute becomes cancel. */}
          {allCancelled ? (
            <Button color="red.8" onClick={() => setConfirmCancel(true)} data-testid="cancel-all">
              {t('wizard.cancelTransaction')}
            </Button>
          ) : (
            step === 'execute' && (
              <Button color="#1e6b34" size="xl" loading={executed.isLoading} disabled={!verification.complete} onClick={() => void run()} data-testid="execute">
                {t('wizard.execute')}
              </Button>
            )
          )}
        </Group>
      </Stack>
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
