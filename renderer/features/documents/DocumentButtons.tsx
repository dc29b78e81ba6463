import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentIssueResult, DocumentKind, KioskErrorInfo } from '../../../preload/types.ts';
import { toErrorInfo } from '../../components/ErrorAlert.tsx';
import { SavedFileNotice } from '../../components/SavedFileNotice.tsx';
import { useIssueDocumentMutation } from '../../kiosk-api.ts';
import { printDocumentInPage } from './print-in-page.ts';

function downloadPdf(file: { filename: string; contentBase64: string }): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  link.download = file.filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/**
 * print a document on the shop's A4 printer or save it as PDF. A failure says what failed and — for a
 * statement — that the settlement stands: the buyback is complete whether or not its paper came out.
 */
function DocumentButtons({ kind, receptionId }: { kind: DocumentKind; receptionId: string }) {
  const { t, i18n } = useTranslation();
  const [issue] = useIssueDocumentMutation();
  const [pending, setPending] = useState<'pdf' | 'printer' | null>(null);
  const [outcome, setOutcome] = useState<DocumentIssueResult | null>(null);
  const [error, setError] = useState<KioskErrorInfo | null>(null);
  const text = kind === 'statement' ? 'documents.statement' : 'documents.quote';

  const run = async (output: 'pdf' | 'printer') => {
    setPending(output);
    setOutcome(null);
    setError(null);
    try {
      const response = await issue({ kind, receptionId, output, language: i18n.language === 'en' ? 'en' : 'ja' });
      if ('error' in response) {
        setError(toErrorInfo(response.error));
        return;
      }
      const result = response.data;
      if (result.outcome === 'download') downloadPdf(result);
      if (result.outcome === 'printInPage') await printDocumentInPage(result.document);
      setOutcome(result);
    } catch {
      setError({ code: 'PRINT_PAGE_FAILED', message: 'errors.PRINT_PAGE_FAILED' });
    } finally {
      setPending(null);
    }
  };

  return (
    <Stack gap="xs" data-testid={`${kind}-documents`}>
      <Group>
        <Button variant="light" loading={pending === 'printer'} disabled={pending !== null} onClick={() => void run('printer')}>
          {t(`${text}.print`)}
        </Button>
        <Button variant="light" loading={pending === 'pdf'} disabled={pending !== null} onClick={() => void run('pdf')}>
          {t(`${text}.pdf`)}
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" title={t(`${text}.failedTitle`)} data-testid={`${kind}-error`} data-error-code={error.code}>
          <Text>{t(error.message, { ...error.params, defaultValue: t('errors.INTERNAL') })}</Text>
          {kind === 'statement' && <Text size="sm">{t('documents.statement.settledAnyway')}</Text>}
        </Alert>
      )}
      {outcome?.outcome === 'saved' && <SavedFileNotice result={outcome} />}
      {(outcome?.outcome === 'download' || outcome?.outcome === 'printed' || outcome?.outcome === 'printInPage') && (
        <Text c="green.9" data-testid={`${kind}-issued`}>
          {t(outcome.outcome === 'printed' ? 'documents.printed' : `${text}.issued`)}
        </Text>
      )}
    </Stack>
  );
}

export function StatementButtons({ receptionId }: { receptionId: string }) {
  return <DocumentButtons kind="statement" receptionId={receptionId} />;
}

export function QuoteButtons({ receptionId }: { receptionId: string }) {
  return <DocumentButtons kind="quote" receptionId={receptionId} />;
}
