import './ledger-print.css';
import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { tokyoDate } from '../../../common/tokyo-time.ts';
import type { LedgerCorrectionField, LedgerLine } from '../../../preload/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formatTokyo, formatYen } from '../../components/format.ts';
import type { RequestOf } from '../../../preload/contract.ts';
import { CountText, KeysetPager, useKeysetPages } from '../../components/KeysetPager.tsx';
import { useCorrectLedgerMutation, useLedgerPageQuery, useLedgerQuery, useSessionQuery } from '../../kiosk-api.ts';
import { usePrintPage, useSaveFile } from '../../components/save-file.ts';
import { SavedFileNotice } from '../../components/SavedFileNotice.tsx';


/** Lines on one screen page: a month at a busy store is ~30,000 lines (issue 14). */
const LEDGER_PAGE_SIZE = 100;

/**
 * B-02 [買取] > [古物台帳] (kobutsu.md §3, §4): one line per settled item for a date range, from this device's data
 * (works offline), a page at a time on screen; the print, the PDF and the CSV hold the whole period (the law wants
 * the ledger producible in full). Corrections show beside the original values.
 */
export function Ledger() {
  const { t } = useTranslation();
  const today = tokyoDate(new Date());
  const [draft, setDraft] = useState({ from: `${today.slice(0, 8)}01`, to: today });
  const [range, setRange] = useState(draft);
  const pages = useKeysetPages();
  const ledger = useLedgerPageQuery({ ...range, cursor: pages.cursor, pageSize: LEDGER_PAGE_SIZE });
  const [saveCsv, csvResult] = useSaveFile();
  const session = useSessionQuery({});
  const isManager = session.data?.staff?.role === 'manager';
  const [correcting, setCorrecting] = useState<LedgerLine | null>(null);
  const print = useWholePeriodPrint(range);
  const lines = ledger.data?.rows ?? [];

  const download = () => saveCsv({ kind: 'ledgerCsv', ...range });
  const show = () => {
    setRange(draft);
    pages.reset();
    print.forget();
  };

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
        <Button onClick={show} disabled={!draft.from || !draft.to}>
          {t('ledger.show')}
        </Button>
        <Button variant="light" onClick={() => print.start({ as: 'printer' })} disabled={lines.length === 0} loading={print.busy}>
          {t('ledger.print')}
        </Button>
        <Button
          variant="light"
          onClick={() => print.start({ as: 'pdf', fileName: `kobutsu-ledger-${range.from}-${range.to}` })}
          disabled={lines.length === 0}
          loading={print.busy}
        >
          {t('shell.files.savePdf')}
        </Button>
        <Button variant="light" onClick={() => void download()} loading={csvResult.isLoading}>
          {t('ledger.csv')}
        </Button>
      </Group>
      <Text className="ledger-no-print">
        {t('ledger.offline')} {t('ledger.wholePeriod', { count: LEDGER_PAGE_SIZE })} {t('ledger.csvHelp')}
      </Text>
      <ErrorAlert error={ledger.error} />
      <ErrorAlert error={csvResult.error} />
      <SavedFileNotice result={csvResult.data} />
      <ErrorAlert error={print.error} />
      <SavedFileNotice result={print.saved} />
      {print.busy && (
        <Text className="ledger-no-print" data-testid="ledger-print-preparing">
          {t('ledger.printPreparing')}
        </Text>
      )}
      {ledger.isSuccess && lines.length === 0 && <Text>{t('ledger.empty')}</Text>}
      {lines.length > 0 && ledger.data && (
        <div className="ledger-no-print">
          <CountText total={ledger.data.total} capped={ledger.data.totalCapped} />
          <LedgerTable lines={lines} testId="ledger-table" isManager={isManager} onCorrect={setCorrecting} />
          <KeysetPager pages={pages} next={ledger.data.next} testId="ledger-pager" />
        </div>
      )}
      {print.lines && (
        <div className="ledger-print-only">
          <LedgerPrintTable lines={print.lines} />
        </div>
      )}
      {correcting && <CorrectionForm line={correcting} onClose={() => setCorrecting(null)} />}
    </Stack>
  );
}

/**
 * The print and the PDF hold every line of the period, not the page on screen: the whole period is read (ledger:list)
 * into a table that only the print shows, and the page is printed once that table is on the page.
 */
function useWholePeriodPrint(range: { from: string; to: string }) {
  const [request, setRequest] = useState<{ printing: RequestOf<'app:printPage'>; sent: boolean } | null>(null);
  const whole = useLedgerQuery(range, { skip: request === null });
  const [printPage, printResult] = usePrintPage();
  const ready = request !== null && whole.isSuccess && !whole.isFetching;
  useEffect(() => {
    // Runs after the whole-period table is in the page, so the print sees every line.
    if (!ready || request.sent) return;
    setRequest({ ...request, sent: true });
    void printPage(request.printing);
  }, [ready, request, printPage]);
  return {
    start: (printing: RequestOf<'app:printPage'>) => setRequest({ printing, sent: false }),
    forget: () => setRequest(null),
    busy: (request !== null && !ready) || printResult.isLoading,
    lines: request !== null ? whole.data : undefined,
    error: whole.error ?? printResult.error,
    saved: printResult.data,
  };
}

function LedgerTable({
  lines,
  testId,
  isManager,
  onCorrect,
}: {
  lines: LedgerLine[];
  testId: string;
  isManager: boolean;
  onCorrect: (line: LedgerLine) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table className="ledger-table" withTableBorder withColumnBorders verticalSpacing="xs" data-testid={testId}>
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
          {isManager && <Table.Th>{t('common.actions')}</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((line) => (
          <LedgerRow key={line.itemId} line={line} onCorrect={isManager ? () => onCorrect(line) : null} />
        ))}
      </Table.Tbody>
    </Table>
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

/** What a line shows, as text: the screen's row and the print's row say the same. */
function describeLine(line: LedgerLine, t: TFunction, language: string) {
  return {
    itemType: language === 'en' ? line.itemTypeEn : line.itemType,
    features: [line.name, line.maker, line.model, line.serial, line.colour, line.features].filter((part) => part !== '').join(' / '),
    amount: formatYen(line.amount),
    seller:
      line.sellerAge !== null
        ? t('ledger.sellerLine', { name: line.sellerName, occupation: line.sellerOccupation, age: line.sellerAge })
        : t('ledger.sellerLineNoAge', { name: line.sellerName, occupation: line.sellerOccupation }),
    method: line.method ? t(`compliance.methods.${line.method}`) : '',
    documentType: line.documentType ? t(`compliance.documentTypes.${line.documentType}`) : '',
    documentExpiry: line.documentExpiry ? t('identity.ledgerExpiry', { expiry: line.documentExpiry }) : '',
    reused: line.reusedVerifiedAt ? t('identity.ledgerReused', { date: formatTokyo(line.reusedVerifiedAt) }) : '',
    invoice: line.invoiceSpecialRule ? t('ledger.specialRule') : t('ledger.tNumber', { tNumber: line.tNumber }),
    guardian: line.guardian
      ? t('ledger.guardian', { name: line.guardian.name, relation: line.guardian.relation, method: t(`compliance.guardianMethods.${line.guardian.method}`) })
      : '',
    corrections: line.corrections.map((c) => ({
      id: c.id,
      text: t('ledger.correction', {
        date: formatTokyo(c.createdAt),
        staff: c.staffName,
        field: t(`ledger.correctionField.${c.field}`),
        old: c.oldValue,
        new: c.newValue,
        reason: c.reason,
      }),
    })),
  };
}

function LedgerRow({ line, onCorrect }: { line: LedgerLine; onCorrect: (() => void) | null }) {
  const { t, i18n } = useTranslation();
  const shown = describeLine(line, t, i18n.language);
  return (
    <Table.Tr data-line={`${line.receptionNumber}#${line.position}`}>
      <Table.Td>{line.date}</Table.Td>
      <Table.Td>{line.receptionNumber}</Table.Td>
      <Table.Td>{shown.itemType}</Table.Td>
      <Table.Td ta="right">{line.quantity}</Table.Td>
      <Table.Td>{shown.features}</Table.Td>
      <Table.Td ta="right">{shown.amount}</Table.Td>
      <Table.Td>
        <div>{line.sellerAddress}</div>
        <div>{shown.seller}</div>
      </Table.Td>
      <Table.Td>
        {shown.method}
        {shown.documentType && <div>{shown.documentType}</div>}
        {shown.documentExpiry && <div>{shown.documentExpiry}</div>}
        {shown.reused && <div>{shown.reused}</div>}
        {line.exempt && (
          <Badge color="gray" variant="light">
            {t('ledger.exempt')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{line.staffName}</Table.Td>
      <Table.Td>
        <div>{shown.invoice}</div>
        {shown.guardian && <div>{shown.guardian}</div>}
        {shown.corrections.map((c) => (
          <div key={c.id} data-testid="ledger-correction">
            {c.text}
          </div>
        ))}
      </Table.Td>
      {onCorrect && (
        <Table.Td>
          <Button size="sm" variant="light" onClick={onCorrect} aria-label={t('ledger.correctOne', { number: line.receptionNumber, position: line.position })}>
            {t('ledger.correct')}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/**
 * The whole period for the print: plain table elements, one render — a month is ~30,000 lines, and the screen's
 * components for each cell made that render take 20 s and a gigabyte on the 2 M seed.
 */
const LedgerPrintTable = memo(function LedgerPrintTable({ lines }: { lines: LedgerLine[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="ledger-table ledger-print-lines" data-testid="ledger-print-table">
      <thead>
        <tr>
          <th>{t('ledger.col.date')}</th>
          <th>{t('ledger.col.number')}</th>
          <th>{t('ledger.col.itemType')}</th>
          <th>{t('ledger.col.quantity')}</th>
          <th>{t('ledger.col.features')}</th>
          <th>{t('ledger.col.amount')}</th>
          <th>{t('ledger.col.seller')}</th>
          <th>{t('ledger.col.method')}</th>
          <th>{t('ledger.col.staff')}</th>
          <th>{t('ledger.col.notes')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const shown = describeLine(line, t, i18n.language);
          return (
            <tr key={line.itemId} data-line={`${line.receptionNumber}#${line.position}`}>
              <td>{line.date}</td>
              <td>{line.receptionNumber}</td>
              <td>{shown.itemType}</td>
              <td className="ledger-figure">{line.quantity}</td>
              <td>{shown.features}</td>
              <td className="ledger-figure">{shown.amount}</td>
              <td>
                {line.sellerAddress}
                <br />
                {shown.seller}
              </td>
              <td>
                {shown.method}
                {shown.documentType && <br />}
                {shown.documentType}
                {shown.documentExpiry && <br />}
                {shown.documentExpiry}
                {shown.reused && <br />}
                {shown.reused}
                {line.exempt && <br />}
                {line.exempt && t('ledger.exempt')}
              </td>
              <td>{line.staffName}</td>
              <td>
                {shown.invoice}
                {shown.guardian && <br />}
                {shown.guardian}
                {shown.corrections.map((c) => (
                  <div key={c.id} data-testid="ledger-correction">
                    {c.text}
                  </div>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
