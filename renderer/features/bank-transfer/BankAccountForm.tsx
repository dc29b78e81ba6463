import { Alert, Button, Group, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
// The same pure rules the contract applies at execute (M-08), evaluated here as the clerk types.
import { ACCOUNT_TYPES, type BankAccountField, checkBankAccount, EMPTY_BANK_ACCOUNT } from '../../../common/bank-account.ts';
import type { BankAccountDraft } from '../../../preload/types.ts';
import { useFieldError } from '../../components/ErrorAlert.tsx';
import { useLastBankAccountQuery } from './bank-transfer-api.ts';

/** Whether execute may send this account: every field as the contract will accept it. */
export function bankAccountComplete(account: BankAccountDraft | null): boolean {
  return account !== null && Object.keys(checkBankAccount(account).problems).length === 0;
}

/**
 * M-08: the seller's account, shown on the wizard's execute step when 銀行振込 is chosen. The holder name is typed as
 * the customer says it (hiragana or katakana) and shown as 全銀 will spell it; characters 全銀 does not permit are
 * named at once. A field's other problems show once the clerk leaves it, or when execute refused it.
 */
export function BankAccountForm({
  receptionId,
  isMember,
  value,
  onChange,
  executeError,
}: {
  receptionId: string;
  isMember: boolean;
  value: BankAccountDraft | null;
  onChange: (account: BankAccountDraft) => void;
  executeError: unknown;
}) {
  const { t } = useTranslation();
  const account = value ?? EMPTY_BANK_ACCOUNT;
  const [left, setLeft] = useState<Set<BankAccountField>>(new Set());
  const last = useLastBankAccountQuery({ receptionId }, { skip: !isMember });
  const refused = useFieldError(executeError);
  const { problems, holder } = checkBankAccount(account);
  const set = (field: keyof BankAccountDraft, fieldValue: string) => onChange({ ...account, [field]: fieldValue });
  const error = (field: BankAccountField): string | undefined => {
    const problem = problems[field];
    if (problem && (left.has(field) || refused(`bankAccount.${field}`))) return t(problem);
    return undefined;
  };
  const field = (name: BankAccountField, props: { inputMode?: 'numeric'; maxLength?: number } = {}) => ({
    size: 'lg' as const,
    label: t(`bankTransfer.account.${name}`),
    value: account[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(name, e.currentTarget.value),
    onBlur: () => setLeft((s) => new Set(s).add(name)),
    error: error(name),
    autoComplete: 'off',
    ...props,
  });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="bank-account-title" data-testid="bank-account">
      <Stack gap="sm">
        <Title order={3} size="h4" id="bank-account-title">
          {t('bankTransfer.account.title')}
        </Title>
        {last.data && (
          <Group>
            <Button variant="light" size="md" onClick={() => onChange(last.data!)} data-testid="use-last-account">
              {t('bankTransfer.account.useLast')}
            </Button>
            <Text>
              {t('bankTransfer.account.lastSummary', {
                bank: last.data.bankName,
                branch: last.data.branchName,
                type: t(`bankTransfer.account.type.${last.data.accountType}`),
                number: last.data.accountNumber,
                holder: last.data.holderName,
              })}
            </Text>
          </Group>
        )}
        <SimpleGrid cols={{ base: 2 }} spacing="sm">
          <TextInput {...field('bankCode', { inputMode: 'numeric', maxLength: 4 })} />
          <TextInput {...field('bankName')} />
          <TextInput {...field('branchCode', { inputMode: 'numeric', maxLength: 3 })} />
          <TextInput {...field('branchName')} />
        </SimpleGrid>
        <Radio.Group
          size="lg"
          label={t('bankTransfer.account.accountType')}
          value={account.accountType}
          onChange={(type) => set('accountType', ACCOUNT_TYPES.find((a) => a === type) ?? 'ordinary')}
        >
          <Group mt="xs">
            {ACCOUNT_TYPES.map((type) => (
              <Radio key={type} value={type} label={t(`bankTransfer.account.type.${type}`)} />
            ))}
          </Group>
        </Radio.Group>
        <TextInput {...field('accountNumber', { inputMode: 'numeric', maxLength: 7 })} description={t('bankTransfer.account.accountNumberHelp')} />
        <TextInput {...field('holderName')} description={t('bankTransfer.account.holderHelp')} />
        <div role="status" aria-live="polite" data-testid="holder-kana">
          {holder.ok && <Text fw={600}>{t('bankTransfer.account.holderPreview', { kana: holder.kana })}</Text>}
          {!holder.ok && holder.reason === 'characters' && (
            <Alert color="red" p="xs">
              {t('bankTransfer.account.holderInvalid', { characters: holder.invalid.join(' ') })}
            </Alert>
          )}
          {!holder.ok && holder.reason === 'tooLong' && (
            <Alert color="red" p="xs">
              {t('bankTransfer.account.holderTooLong', { bytes: holder.bytes })}
            </Alert>
          )}
        </div>
      </Stack>
    </Paper>
  );
}
