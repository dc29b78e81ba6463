import { Alert, Button, Group, Image, Loader, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PrintJob } from '../../../preload/types.ts';
import { call, onEvent } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { usePrintPreviewQuery, useRetryPrintJobMutation } from '../../kiosk-api.ts';

/**
 * What becomes of one print job, live as the main process pushes its changes: printing, retrying by itself, done
 * (with its preview, B-07) or failed with the printer's reason and a retry. A failed print never undoes what it was
 * printed for; retry sends the same bytes again.
 */
export function PrintJobResult({
  job,
  error,
  testId,
  doneTitle,
}: {
  job: PrintJob | null | undefined;
  error?: unknown;
  testId?: string;
  /** Replaces the generic "… printed" title, e.g. with how many labels. */
  doneTitle?: string;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<PrintJob | null>(job ?? null);
  const [retry, retried] = useRetryPrintJobMutation();
  useEffect(() => setCurrent(job ?? null), [job]);
  const currentId = current?.id;
  useEffect(() => {
    if (!currentId) return;
    let live = true;
    const unsubscribe = onEvent('print:job', (changed) => {
      if (changed.id === currentId) setCurrent((shown) => newer(shown, changed));
    });
    // A job may have finished between the answer that named it and this subscription: ask once where it is now.
    void call('printer:jobs', {}).then((result) => {
      const now = result.ok ? result.value.find((job) => job.id === currentId) : undefined;
      if (live && now) setCurrent((shown) => newer(shown, now));
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [currentId]);

  if (error) return <ErrorAlert error={error} />;
  if (!current) return null;
  const what = t(`printing.kind.${current.kind}`);
  const drawer = current.kind === 'drawer';
  if (current.status === 'failed') {
    return (
      <Alert color="red" role="alert" title={failedTitleOf(t, current)} data-testid={testId} data-status="failed" data-error-code={current.error?.code}>
        <Stack gap="xs">
          <Text>{t(current.error?.message ?? 'errors.PRINTER_ERROR', { defaultValue: t('errors.PRINTER_ERROR') })}</Text>
          <Text size="sm">{drawer ? t('drawer.failedHint') : t('printing.failedHint')}</Text>
          <ErrorAlert error={retried.error} />
          <Group>
            <Button
              color="red.8"
              loading={retried.isLoading}
              onClick={async () => {
                const response = await retry({ jobId: current.id });
                if ('data' in response && response.data) setCurrent(response.data);
              }}
            >
              {t('printing.retry')}
            </Button>
            <PreviewButton job={current} />
          </Group>
        </Stack>
      </Alert>
    );
  }
  if (current.status === 'retrying') {
    return (
      <Alert color="orange" data-testid={testId} data-status="retrying" data-error-code={current.error?.code}>
        <Group>
          <Loader size="sm" />
          <Text>
            {t('printing.retrying', {
              what,
              reason: t(current.error?.message ?? 'errors.PRINTER_ERROR', { defaultValue: t('errors.PRINTER_ERROR') }),
            })}
          </Text>
        </Group>
      </Alert>
    );
  }
  if (current.status === 'done') {
    return (
      <Alert color="green" title={doneTitle ?? (drawer ? t('drawer.opened') : t('printing.doneTitle', { what }))} data-testid={testId} data-status="done" styles={READABLE_TITLE}>
        <Group justify="space-between">
          <Text>{current.description}</Text>
          <PreviewButton job={current} />
        </Group>
      </Alert>
    );
  }
  return (
    <Alert color="blue" data-testid={testId} data-status={current.status}>
      <Group>
        <Loader size="sm" />
        <Text>{drawer ? t('drawer.opening') : t('printing.printing', { what })}</Text>
      </Group>
    </Alert>
  );
}

/** A drawer kick that failed did not open the drawer; "could not be printed" would tell the clerk the wrong thing. */
export function failedTitleOf(t: TFunction, job: PrintJob): string {
  return job.kind === 'drawer' ? t('drawer.failedTitle') : t('printing.failedTitle', { what: t(`printing.kind.${job.kind}`) });
}

const STAGE = { queued: 0, printing: 1, retrying: 1, done: 2, failed: 2 } as const;

/** Events may arrive after the answer that already said more: an older state of the job never replaces a newer one. */
function newer(shown: PrintJob | null, incoming: PrintJob): PrintJob {
  if (!shown || shown.id !== incoming.id) return incoming;
  if (incoming.updatedAt !== shown.updatedAt) return incoming.updatedAt > shown.updatedAt ? incoming : shown;
  return STAGE[incoming.status] >= STAGE[shown.status] ? incoming : shown;
}

/** Mantine's green title on its pale tint is below WCAG AA contrast; the title takes the body's text colour. */
export const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };

/** B-07: a picture of the paper, drawn from the very bytes the printer got (or would get). */
export function PreviewButton({ job }: { job: PrintJob }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)} aria-label={t('printing.previewOf', { what: job.description })}>
        {t('printing.preview')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('printing.previewTitle')} size="auto" closeButtonProps={{ 'aria-label': t('common.close') }}>
        {opened && <PreviewImage job={job} />}
      </Modal>
    </>
  );
}

function PreviewImage({ job }: { job: PrintJob }) {
  const { t } = useTranslation();
  const preview = usePrintPreviewQuery({ jobId: job.id });
  if (preview.error) return <ErrorAlert error={preview.error} />;
  if (!preview.data) return <Loader aria-label={t('common.loading')} />;
  return (
    <Image
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.data.svg)}`}
      alt={t('printing.previewAlt', { what: job.description })}
      data-testid="print-preview"
      fit="contain"
      style={{ border: '1px solid var(--mantine-color-gray-4)', background: 'white', maxWidth: 480 }}
    />
  );
}
