import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EarlierVerification } from '../../../preload/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatTokyo } from '../../components/format.ts';
import { useIdentityHistoryQuery } from '../../kiosk-api.ts';

/**
 * I-02: a member's earlier identity checks with an ID document — type, last 4, expiry, when, by whom. One still valid
 * today can be reused (execute records a new verification that names it); an expired one, or one whose expiry was
 * never recorded, says why it cannot be — unlike the systems that only colour it red.
 */
export function EarlierVerifications({
  receptionId,
  reusing,
  onReuse,
  onStopReuse,
}: {
  receptionId: string;
  /** The settlement whose check is being reused, or null. */
  reusing: string | null;
  onReuse: (earlier: EarlierVerification) => void;
  onStopReuse: () => void;
}) {
  const { t } = useTranslation();
  const history = useIdentityHistoryQuery({ receptionId });
  if (history.error) return <ErrorAlert error={history.error} />;
  if (!history.data) return null;
  const reused = history.data.find((v) => v.settlementId === reusing) ?? null;
  return (
    <Paper withBorder p="sm" data-testid="earlier-verifications">
      <Title order={4} size="h5" mb="xs">
        {t('identity.history.title')}
      </Title>
      {history.data.length === 0 ? (
        <Text size="sm">{t('identity.history.none')}</Text>
      ) : (
        <Stack gap="xs">
          {reused && (
            <Alert color="green" data-testid="reusing-verification">
              <Group justify="space-between">
                <Text>
                  {t('identity.history.reusing', {
                    date: formatTokyo(reused.verifiedAt),
                    document: t(`compliance.documentTypes.${reused.documentType}`),
                  })}
                </Text>
                <Button size="sm" variant="light" onClick={onStopReuse}>
                  {t('identity.history.stopReuse')}
                </Button>
              </Group>
            </Alert>
          )}
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('identity.history.verifiedAt')}</Table.Th>
                <Table.Th>{t('identity.history.documentType')}</Table.Th>
                <Table.Th>{t('identity.history.last4')}</Table.Th>
                <Table.Th>{t('identity.history.expiry')}</Table.Th>
                <Table.Th>{t('identity.history.staff')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.map((earlier) => (
                <Table.Tr key={earlier.settlementId} data-settlement={earlier.settlementId}>
                  <Table.Td>{formatTokyo(earlier.verifiedAt)}</Table.Td>
                  <Table.Td>{t(`compliance.documentTypes.${earlier.documentType}`)}</Table.Td>
                  <Table.Td>{earlier.documentNumberLast4 || '—'}</Table.Td>
                  <Table.Td>{earlier.documentExpiry ?? t('identity.history.noExpiry')}</Table.Td>
                  <Table.Td>{earlier.staffName}</Table.Td>
                  <Table.Td>
                    {earlier.refusal ? (
                      <Text size="sm" c="red.9" data-testid="reuse-refusal" data-refusal={earlier.refusal}>
                        {t(`identity.history.refusal.${earlier.refusal}`, { expiry: earlier.documentExpiry ?? '' })}
                      </Text>
                    ) : (
                      <Button
                        size="sm"
                        variant={earlier.settlementId === reusing ? 'filled' : 'light'}
                        aria-label={t('identity.history.reuseOne', { date: formatTokyo(earlier.verifiedAt) })}
                        onClick={() => onReuse(earlier)}
                      >
                        {t('identity.history.reuse')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Paper>
  );
}
