import './ledger-print.css';
import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tokyoDate } from '../../../common/tokyo-time.ts';
import type { LedgerCorrectionField, LedgerLine } from '../../../preload/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import { useCorrectLedgerMutation, useLedgerQuery, useSessionQuery } from '../../kiosk-api.ts';
import { usePrintPage, useSaveFile } from '../../components/save-file.ts';
import { SavedFileNotice } from '../../components/SavedFileNotice.tsx';


/**
 * B-02 [買取] > [古物台帳] (kobutsu.md §3, §4): one line per settled item for a date range, from this device's data
 * (works offline), printable as a clean page and downloadable as CSV. Corrections show beside the original values.
 */
export function Ledger() {
  const { t } = useTranslation();
  const today = tokyoDate(new Date());
  const [draft, setDraft] = useState({ from: `${today.slice(0, 8)}01`, to: today });
  const [range, setRange] = useState(draft);
  const ledger = useLedgerQuery(range);
  const [saveCsv, csvResult] = useSaveFile();
  const [printPage, printResult] = usePrintPage();
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  const [correcting, setCorrecting] = useState<LedgerLine | null>(null);
  const lines = ledger.data ?? [];

  const download = () => saveCsv({ kind: 'ledgerCsv', ...range });

  return (
    <Stack>
      <Title order={2} className="ledger-no-print">
        {t('ledger.title')}
      </Title>
      <Title order={2} className="ledger-print-title">
        {t('ledger.printTitle', { from: range.from, to: range.to })}
      </Title>
      <Group align="flex-end" className="ledger-no-print">
        <DateField label={t('ledger.from')} value={draft.from} onValueChange={(from) => setDraft({ ...draft, from })} w={190} />
        <DateField label={t('ledger.to')} value={draft.to} onValueChange={(to) => setDraft({ ...draft, to })} w={190} />
        <Button onClick={() => setRange(draft)} disabled={!draft.from || !draft.to}>
          {t('ledger.show')}
        </Button>
        <Button variant="light" onClick={() => void printPage({ as: 'printer' })} disabled={lines.length === 0} loading={printResult.isLoading}>
          {t('ledger.print')}
        </Button>
        <Button
          variant="light"
          onClick={() => void printPage({ as: 'pdf', fileName: `kobutsu-ledger-${range.from}-${range.to}` })}
          disabled={lines.length === 0}
          loading={printResult.isLoading}
        >
          {t('shell.files.savePdf')}
        </Button>
        <Button variant="light" onClick={() => void download()} loading={csvResult.isLoading}>
          {t('ledger.csv')}
        </Button>
      </Group>
      <Text className="ledger-no-print">
        {t('ledger.offline')} {t('ledger.csvHelp')}
      </Text>
      <ErrorAlert error={ledger.error} />
      <ErrorAlert error={csvResult.error} />
      <SavedFileNotice result={csvResult.data} />
      <ErrorAlert error={printResult.error} />
      <SavedFileNotice result={printResult.data} />
      {ledger.isSuccess && lines.length === 0 && <Text>{t('ledger.empty')}</Text>}
      {lines.length > 0 && (
        <>
          <Text data-testid="ledger-count">{t('ledger.count', { count: lines.length })}</Text>
          <Table className="ledger-table" withTableBorder withColumnBorders verticalSpacing="xs" data-testid="ledger-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ledger.col.date')}</Table.Th>
                <Table.Th>{t('ledger.col.number')}</Table.Th>
                <Table.Th>{t('ledger.col.itemType')}</Table.Th>
                <Table.Th>{t('ledger.col.quantity')}</Table.Th>
                <Table.Th>{t('ledger.col.features')}</Table.Th>
                <Table.Th>{t('ledger.col.amount')}</Table.Th>
                <Table.Th>{t('ledger.col.seller')}</Table.Th>
                <Table.Th>{t('ledger.col.method')}</Table.Th>
                <Table.Th>{t('ledger.col.staff')}</Table.Th>
                <Table.Th>{t('ledger.col.notes')}</Table.Th>
                {isManager && <Table.Th className="ledger-no-print">{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line) => (
                <LedgerRow key={line.itemId} line={line} onCorrect={isManager ? () => setCorrecting(line) : null} />
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      {correcting && <CorrectionForm line={correcting} onClose={() => setCorrecting(null)} />}
    </Stack>
  );
}

const CORRECTABLE: readonly LedgerCorrectionField[] = ['seller.name', 'seller.address', 'seller.occupation', 'seller.birthDate', 'documentType', 'invoice.tNumber'];

/** kobutsu.md §4: a manager records a correction as a new entry; the original line is never edited. */
function CorrectionForm({ line, onClose }: { line: LedgerLine; onClose: () => void }) {
  const { t } = useTranslation();
  const [field, setField] = useState<LedgerCorrectionField>('seller.address');
  const [newValue, setNewValue] = useState('');
  const [reason, setReason] = useState('');
  const [correct, corrected] = useCorrectLedgerMutation();
  return (
    <Modal opened onClose={onClose} title={t('ledger.correctTitle', { number: line.receptionNumber })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <Text>{t('ledger.correctHelp')}</Text>
        <NativeSelect
          label={t('ledger.correctField')}
          value={field}
          onChange={(e) => setField(e.currentTarget.value as LedgerCorrectionField)}
          data={CORRECTABLE.map((f) => ({ value: f, label: t(`ledger.correctionField.${f}`) }))}
        />
        <TextInput label={t('ledger.correctValue')} value={newValue} onChange={(e) => setNewValue(e.currentTarget.value)} />
        <Textarea label={t('ledger.correctReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
        <ErrorAlert error={corrected.error} />
        <Group>
          <Button
            loading={corrected.isLoading}
            disabled={newValue.trim() === '' || reason.trim() === ''}
            onClick={async () => {
              const response = await correct({ settlementId: line.settlementId, field, newValue, reason });
              if ('data' in response && response.data) onClose();
            }}
          >
            {t('ledger.correctSave')}
          </Button>
          <Button variant="default" onClick={onClose}>
            {t('common.back')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function LedgerRow({ line, onCorrect }: { line: LedgerLine; onCorrect: (() => void) | null }) {
  const { t, i18n } = useTranslation();
  const features = [line.name, line.maker, line.model, line.serial, line.colour, line.features].filter((part) => part !== '').join(' / ');
  return (
    <Table.Tr>
      <Table.Td>{line.date}</Table.Td>
      <Table.Td>{line.receptionNumber}</Table.Td>
      <Table.Td>{i18n.language === 'en' ? line.itemTypeEn : line.itemType}</Table.Td>
      <Table.Td ta="right">{line.quantity}</Table.Td>
      <Table.Td>{features}</Table.Td>
      <Table.Td ta="right">{formatYen(line.amount)}</Table.Td>
      <Table.Td>
        <div>{line.sellerAddress}</div>
        <div>
          {line.sellerAge !== null
            ? t('ledger.sellerLine', { name: line.sellerName, occupation: line.sellerOccupation, age: line.sellerAge })
            : t('ledger.sellerLineNoAge', { name: line.sellerName, occupation: line.sellerOccupation })}
        </div>
      </Table.Td>
      <Table.Td>
        {line.method ? t(`compliance.methods.${line.method}`) : ''}
        {line.documentType && <div>{t(`compliance.documentTypes.${line.documentType}`)}</div>}
        {line.exempt && (
          <Badge color="gray" variant="light">
            {t('ledger.exempt')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{line.staffName}</Table.Td>
      <Table.Td>
        {line.invoiceSpecialRule ? <div>{t('ledger.specialRule')}</div> : <div>{t('ledger.tNumber', { tNumber: line.tNumber })}</div>}
        {line.guardian && (
          <div>
            {t('ledger.guardian', {
              name: line.guardian.name,
              relation: line.guardian.relation,
              method: t(`compliance.guardianMethods.${line.guardian.method}`),
            })}
          </div>
        )}
        {line.corrections.map((c) => (
          <div key={c.id} data-testid="ledger-correction">
            {t('ledger.correction', {
              date: formatTokyo(c.createdAt),
              staff: c.staffName,
              field: t(`ledger.correctionField.${c.field}`),
              old: c.oldValue,
              new: c.newValue,
              reason: c.reason,
            })}
          </div>
        ))}
      </Table.Td>
      {onCorrect && (
        <Table.Td className="ledger-no-print">
          <Button size="sm" variant="light" onClick={onCorrect} aria-label={t('ledger.correctOne', { number: line.receptionNumber, position: line.position })}>
            {t('ledger.correct')}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
