import { Affix, Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintJob } from '../../../preload/types.ts';
import { onEvent } from '../../api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatTokyo } from '../../components/format.ts';
import { kioskApi, usePrintJobsQuery, useRetryPrintJobMutation } from '../../kiosk-api.ts';
import { useAppDispatch } from '../../store.ts';
import { failedTitleOf, PreviewButton } from './PrintJobResult.tsx';

/**
 * Failed print jobs, wherever the counter is: the printer's reason and a retry button (a job queued by execute or
 * by another screen fails after its screen moved on). Job changes are pushed by the main process (`print:job`).
 */
export function PrintJobAlerts() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [failed, setFailed] = useState<PrintJob[]>([]);
  const [retry, retried] = useRetryPrintJobMutation();

  useEffect(
    () =>
      onEvent('print:job', (job) => {
        dispatch(kioskApi.util.invalidateTags(['PrintJobs']));
        setFailed((list) => {
          const others = list.filter((j) => j.id !== job.id);
          return job.status === 'failed' ? [job, ...others].slice(0, 3) : others;
        });
      }),
    [dispatch],
  );

  if (failed.length === 0) return null;
  return (
    <Affix position={{ bottom: 20, right: 20 }} zIndex={400}>
      <Stack w={440} data-testid="print-job-alerts">
        {failed.map((job) => (
          <Alert
            key={job.id}
            color="red"
            variant="filled"
            role="alert"
            title={failedTitleOf(t, job)}
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={() => setFailed((list) => list.filter((j) => j.id !== job.id))}
          >
            <Stack gap="xs">
              <Text>{t(job.error?.message ?? 'errors.PRINTER_ERROR', { defaultValue: t('errors.PRINTER_ERROR') })}</Text>
              <Text size="sm">{job.description}</Text>
              <Group>
                <Button color="gray.0" c="red.9" loading={retried.isLoading && retried.originalArgs?.jobId === job.id} onClick={() => void retry({ jobId: job.id })}>
                  {t('printing.retry')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ))}
        <ErrorAlert error={retried.error} />
      </Stack>
    </Affix>
  );
}

/** The print queue's recent jobs, newest first, with retry for failed ones and a preview of each (B-07). */
export function PrintJobsPanel() {
  const { t } = useTranslation();
  const jobs = usePrintJobsQuery({}, { pollingInterval: 5000 });
  const [retry, retried] = useRetryPrintJobMutation();
  return (
    <Stack component="section" aria-labelledby="print-jobs-title">
      <Title order={3} id="print-jobs-title">
        {t('printing.jobsTitle')}
      </Title>
      <ErrorAlert error={jobs.error ?? retried.error} />
      {jobs.data?.length === 0 && <Text c="dimmed">{t('printing.noJobs')}</Text>}
      {jobs.data && jobs.data.length > 0 && (
        <Table verticalSpacing="sm" data-testid="print-jobs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('printing.jobTime')}</Table.Th>
              <Table.Th>{t('printing.jobPrinter')}</Table.Th>
              <Table.Th>{t('printing.jobKind')}</Table.Th>
              <Table.Th>{t('printing.jobTarget')}</Table.Th>
              <Table.Th>{t('printing.jobStatus')}</Table.Th>
              <Table.Th>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.data.map((job) => (
              <Table.Tr key={job.id} data-job-status={job.status}>
                <Table.Td>{formatTokyo(job.createdAt)}</Table.Td>
                <Table.Td>{t(`printing.printer.${job.printer}`)}</Table.Td>
                <Table.Td>
                  {t(`printing.kind.${job.kind}`)}
                  <Text size="sm" c="dimmed">
                    {job.description}
                  </Text>
                </Table.Td>
                <Table.Td>{job.target}</Table.Td>
                <Table.Td>
                  <Badge variant="outline" color={job.status === 'failed' ? 'red.9' : job.status === 'done' ? 'green.9' : 'blue.9'} c="dark.9">
                    {t(`printing.status.${job.status}`)}
                  </Badge>
                  {job.error && (
                    <Text size="sm" c="red.9">
                      {t(job.error.message, { defaultValue: t('errors.PRINTER_ERROR') })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {job.status === 'failed' && (
                      <Button size="md" color="red.8" loading={retried.isLoading && retried.originalArgs?.jobId === job.id} onClick={() => void retry({ jobId: job.id })}>
                        {t('printing.retry')}
                      </Button>
                    )}
                    <PreviewButton job={job} />
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
