import { Alert, Group, List, NativeSelect, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
// The same pure rules the main process enforces at execute (B-01, B-03): evaluated here live, as items are cancelled.
import {
  ALLOWED_DOCUMENT_TYPES,
  type DocumentType,
  documentExpiryRequired,
  documentNumberRecorded,
  isDocumentExpired,
  isValidIsoDate,
  photoMaskingRequired,
  FORBIDDEN_DOCUMENT_TYPES,
  identityCheckReasons,
  tokyoDate,
  type VerificationInput,
  type VerificationMethod,
  validateVerification,
} from '../../../common/compliance.ts';
import type { Reception } from '../../../preload/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { EarlierVerifications } from './EarlierVerifications.tsx';
import { formatYen } from '../../components/format.ts';
import { useCategoriesQuery, useSettlementOptionsQuery } from '../../kiosk-api.ts';

export interface VerificationState {
  /** What execute sends as `verification`. */
  record: VerificationInput | null;
  /** True when nothing is missing or wrong: the wizard may go on to execute. */
  complete: boolean;
  /** What is missing or wrong, as i18n keys: the wizard's footer keeps it in view beside 次へ. */
  missing: { key: string; params?: Record<string, number | string> }[];
}

interface Draft {
  method: VerificationMethod | null;
  documentType: DocumentType | null;
  documentNumberLast4: string;
  /** I-03: YYYY-MM-DD as typed (normalised on blur); '' when the document shows none. */
  documentExpiry: string;
  /** I-02: the member's earlier verification reused instead of a new document check. */
  reusedFrom: string | null;
  seller: VerificationInput['seller'];
  guardian: { name: string; relation: string; method: 'present' | 'written' | null };
  invoiceRegistered: boolean;
  tNumber: string;
}

/**
 * B-01, B-03 (kobutsu.md §1, §2, §5, §7): the identity-verification part of the wizard's verification step. Says
 * whether the law requires a check for the items still in the buyback, collects the record, and lists exactly what is
 * still missing (shown in the wizard's footer); Next stays disabled until it is complete (the main process refuses anyway).
 */
export function Verification({
  reception,
  cancelled,
  hasIdPhoto,
  hasSignature,
  idPhotoMasks = null,
  initial,
  onChange,
}: {
  reception: Reception;
  cancelled: ReadonlySet<string>;
  hasIdPhoto: boolean;
  hasSignature: boolean;
  /** I-01: regions blacked out on the held ID photo (null when none is held). */
  idPhotoMasks?: number | null;
  /** What was entered before the clerk stepped back and forth through the wizard. */
  initial: VerificationInput | null;
  onChange: (state: VerificationState) => void;
}) {
  const { t } = useTranslation();
  const options = useSettlementOptionsQuery({});
  const categories = useCategoriesQuery({});
  const [draft, setDraft] = useState<Draft>(() => ({
    method: initial?.method ?? null,
    documentType: initial?.documentType ?? null,
    documentNumberLast4: initial?.documentNumberLast4 ?? '',
    documentExpiry: initial?.documentExpiry ?? '',
    reusedFrom: initial?.reusedFrom ?? null,
    // Pre-filled from the member or the reception snapshot; editable, as the ID may show newer details.
    seller: initial?.seller ?? {
      name: reception.seller.name,
      address: reception.seller.address,
      occupation: reception.seller.occupation,
      birthDate: reception.seller.birthDate ?? '',
    },
    guardian: initial?.guardian ?? { name: '', relation: '', method: null },
    invoiceRegistered: initial?.invoice.registered ?? false,
    tNumber: initial?.invoice.tNumber ?? '',
  }));
  const settings = options.data?.identity ?? null;
  const alwaysVerify = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c.alwaysVerify])), [categories.data]);
  const today = tokyoDate(new Date());

  const reasons = settings
    ? identityCheckReasons(
        {
          items: reception.items.map((item) => ({
            amount: item.amount,
            cancelled: cancelled.has(item.id),
            alwaysVerify: alwaysVerify.get(item.categoryId) ?? false,
          })),
          adjustmentAmount: reception.adjustmentAmount,
        },
        settings,
      )
    : [];
  const required = reasons.length > 0;
  const record: VerificationInput = {
    method: draft.method,
    documentType: draft.method === 'id_document' ? draft.documentType : null,
    documentNumberLast4: draft.method === 'id_document' ? draft.documentNumberLast4.trim() : '',
    documentExpiry: draft.method === 'id_document' ? draft.documentExpiry.trim() : '',
    reusedFrom: draft.method === 'id_document' ? draft.reusedFrom : null,
    seller: {
      name: draft.seller.name.trim(),
      address: draft.seller.address.trim(),
      occupation: draft.seller.occupation.trim(),
      birthDate: draft.seller.birthDate,
    },
    guardian: { name: draft.guardian.name.trim(), relation: draft.guardian.relation.trim(), method: draft.guardian.method },
    invoice: { registered: draft.invoiceRegistered, tNumber: draft.invoiceRegistered ? draft.tNumber.trim() : '' },
  };
  // I-02: a reused verification's photo is the earlier settlement's; no new one is needed.
  const reusing = record.reusedFrom !== null && record.reusedFrom !== undefined;
  const verdict = settings
    ? validateVerification(record, {
        required,
        today,
        settings,
        hasIdPhoto: hasIdPhoto || reusing,
        hasSignature,
        snapshotBirthDate: reception.seller.birthDate,
      })
    : null;
  // I-01: a held photo of a document that must be masked, with nothing blacked out, is not usable yet.
  const maskMissing = record.method === 'id_document' && photoMaskingRequired(record.documentType) && hasIdPhoto && !idPhotoMasks && !reusing;
  const sent: VerificationInput = { ...record, guardian: verdict?.minor ? record.guardian : null };
  const complete = categories.isSuccess && verdict?.complete === true && !maskMissing;
  const missing = verdict
    ? [
        ...verdict.missing.map((field) => ({ key: `compliance.field.${field}` })),
        ...(maskMissing ? [{ key: 'compliance.field.idPhotoMask' }] : []),
        ...verdict.problems.map((problem) => ({
          key: `errors.${problem}`,
          params: { minorAge: settings?.minorAge ?? 18, count: 0, expiry: record.documentExpiry ?? '' },
        })),
      ]
    : [];
  const stateJson = JSON.stringify({ record: sent, complete, missing });
  const report = useRef(onChange);
  report.current = onChange;

  useEffect(() => {
    report.current(JSON.parse(stateJson) as VerificationState);
  }, [stateJson]);

  if (!settings || !verdict) return null;
  const refused = verdict.problems.includes('MINOR_REFUSED');
  // I-03: said at the field as soon as the date is complete (valid through the expiry date itself).
  const expired = isValidIsoDate(draft.documentExpiry) && isDocumentExpired(draft.documentExpiry, today);
  const numberRecorded = draft.documentType === null || documentNumberRecorded(draft.documentType);
  const setSeller = (field: keyof Draft['seller'], value: string) => setDraft({ ...draft, seller: { ...draft.seller, [field]: value } });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="verification-title" data-testid="verification">
      <Stack>
        <Title order={3} id="verification-title">
          {t('compliance.title')}
        </Title>
        {required ? (
          <Alert color="indigo" title={t('compliance.required')} data-testid="verification-required">
            <List>
              {reasons.map((reason) => (
                <List.Item key={reason}>{t(`compliance.reason.${reason}`, { threshold: formatYen(settings.thresholdYen) })}</List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <Alert color="gray" title={t('compliance.exempt')} data-testid="verification-exempt">
            {t('compliance.exemptHelp', { threshold: formatYen(settings.thresholdYen) })}
          </Alert>
        )}

        <Radio.Group
          label={t('compliance.method')}
          value={draft.method ?? ''}
          onChange={(value) => setDraft({ ...draft, method: value as VerificationMethod })}
          size="lg"
        >
          <Group mt="xs">
            <Radio value="id_document" label={t('compliance.methods.id_document')} />
            <Radio value="signed_declaration" label={t('compliance.methods.signed_declaration')} />
          </Group>
        </Radio.Group>

        {reception.customerId && (
          <EarlierVerifications
            receptionId={reception.id}
            reusing={draft.reusedFrom}
            onReuse={(earlier) =>
              setDraft({
                ...draft,
                method: 'id_document',
                documentType: earlier.documentType,
                documentNumberLast4: earlier.documentNumberLast4,
                documentExpiry: earlier.documentExpiry ?? '',
                reusedFrom: earlier.settlementId,
              })
            }
            onStopReuse={() => setDraft({ ...draft, reusedFrom: null, documentType: null, documentNumberLast4: '', documentExpiry: '' })}
          />
        )}

        {draft.method === 'id_document' && (
          <SimpleGrid cols={2}>
            <NativeSelect
              disabled={reusing}
              size="lg"
              label={t('compliance.documentType')}
              description={t('compliance.forbiddenReason')}
              value={draft.documentType ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value as DocumentType | '';
                setDraft({ ...draft, documentType: value === '' ? null : value, documentNumberLast4: '' });
              }}
              data={[
                { value: '', label: t('compliance.chooseDocument') },
                ...ALLOWED_DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`compliance.documentTypes.${type}`) })),
                ...FORBIDDEN_DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`compliance.documentTypes.${type}`), disabled: true })),
              ]}
            />
            {numberRecorded ? (
              <TextInput
                disabled={reusing}
                label={t('compliance.last4')}
                description={t('compliance.last4Help')}
                value={draft.documentNumberLast4}
                maxLength={4}
                inputMode="text"
                autoComplete="off"
                onChange={(e) => setDraft({ ...draft, documentNumberLast4: e.currentTarget.value })}
              />
            ) : (
              <Text mt="xl">{t('compliance.noNumber')}</Text>
            )}
            {draft.documentType && (
              <DateField
                disabled={reusing}
                label={documentExpiryRequired(draft.documentType) ? t('identity.expiry') : t('identity.expiryOptional')}
                description={t('identity.expiryHelp')}
                value={draft.documentExpiry}
                onValueChange={(value) => setDraft({ ...draft, documentExpiry: value })}
                error={expired ? t('identity.expired', { expiry: draft.documentExpiry }) : undefined}
                data-testid="document-expiry"
              />
            )}
          </SimpleGrid>
        )}
        {draft.method === 'id_document' && <Text>{t('compliance.photoHint')}</Text>}
        {draft.method === 'signed_declaration' && <Text>{t('compliance.signHint')}</Text>}

        <Title order={4}>{t('compliance.seller')}</Title>
        <SimpleGrid cols={2}>
          <TextInput label={t('compliance.field.seller.name')} value={draft.seller.name} onChange={(e) => setSeller('name', e.currentTarget.value)} />
          <TextInput
            label={t('compliance.field.seller.occupation')}
            value={draft.seller.occupation}
            onChange={(e) => setSeller('occupation', e.currentTarget.value)}
          />
          <TextInput
            label={t('compliance.field.seller.address')}
            value={draft.seller.address}
            onChange={(e) => setSeller('address', e.currentTarget.value)}
          />
          <DateField label={t('compliance.field.seller.birthDate')} value={draft.seller.birthDate} onValueChange={(value) => setSeller('birthDate', value)} />
        </SimpleGrid>
        {verdict.age !== null && verdict.age >= 0 && (
          <Text fw={600} data-testid="seller-age">
            {t('compliance.age', { age: verdict.age })}
          </Text>
        )}

        {verdict.minor && refused && (
          <Alert color="red" title={t('compliance.minorRefusedTitle')} data-testid="minor-refused">
            {t('compliance.minorRefused', { minorAge: settings.minorAge })}
          </Alert>
        )}
        {verdict.minor && !refused && (
          <Alert color="red" title={t('compliance.minorTitle', { age: verdict.age ?? 0 })} data-testid="minor-banner">
            <Stack>
              <Text>{t('compliance.minorHelp', { minorAge: settings.minorAge })}</Text>
              <SimpleGrid cols={2}>
                <TextInput
                  label={t('compliance.field.guardian.name')}
                  value={draft.guardian.name}
                  onChange={(e) => setDraft({ ...draft, guardian: { ...draft.guardian, name: e.currentTarget.value } })}
                />
                <TextInput
                  label={t('compliance.field.guardian.relation')}
                  value={draft.guardian.relation}
                  onChange={(e) => setDraft({ ...draft, guardian: { ...draft.guardian, relation: e.currentTarget.value } })}
                />
              </SimpleGrid>
              <Radio.Group
                label={t('compliance.field.guardian.method')}
                value={draft.guardian.method ?? ''}
                onChange={(value) => setDraft({ ...draft, guardian: { ...draft.guardian, method: value as 'present' | 'written' } })}
              >
                <Group mt="xs">
                  <Radio value="present" label={t('compliance.guardianMethods.present')} />
                  <Radio value="written" label={t('compliance.guardianMethods.written')} disabled={!settings.writtenConsentAllowed} />
                </Group>
              </Radio.Group>
              {!settings.writtenConsentAllowed && <Text>{t('compliance.writtenNotAllowed')}</Text>}
            </Stack>
          </Alert>
        )}

        <Radio.Group
          label={t('compliance.invoiceQuestion')}
          value={draft.invoiceRegistered ? 'yes' : 'no'}
          onChange={(value) => setDraft({ ...draft, invoiceRegistered: value === 'yes' })}
        >
          <Group mt="xs">
            <Radio value="no" label={t('compliance.invoiceNo')} />
            <Radio value="yes" label={t('compliance.invoiceYes')} />
          </Group>
        </Radio.Group>
        {draft.invoiceRegistered ? (
          <TextInput
            label={t('compliance.field.invoice.tNumber')}
            description={t('compliance.tNumberHelp')}
            value={draft.tNumber}
            maxLength={14}
            autoComplete="off"
            onChange={(e) => setDraft({ ...draft, tNumber: e.currentTarget.value.toUpperCase() })}
          />
        ) : (
          <Text>{t('compliance.specialRule')}</Text>
        )}

      </Stack>
    </Paper>
  );
}
