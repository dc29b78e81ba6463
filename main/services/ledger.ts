import { z } from 'zod';
import { formatGrams } from '../../common/metal-price.ts';
import type { KeysetPage, LedgerCorrection, LedgerCorrectionField, LedgerLine } from '../../preload/types.ts';
import { ageOn, ALLOWED_DOCUMENT_TYPES, isInvoiceNumber, isValidIsoDate } from '../../common/compliance.ts';
import { tokyoDate, tokyoDaysUtc } from '../../common/tokyo-time.ts';
import { KioskError } from '../errors.ts';
import { COUNT_CAP } from '../search/reception-search.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { keysetCursor } from './keyset-cursor.ts';
import { toExcelCsv } from './csv.ts';
import { enqueueOutbox } from './outbox.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { cachedStatement } from '../../db/statements.ts';

/** Reads settlements.verification leniently: settlements from before compliance hold '{}'. */
const storedRecordSchema = z.object({
  required: z.boolean().optional(),
  method: z.enum(['id_document', 'signed_declaration']).nullable().catch(null).default(null),
  documentType: z.string().nullable().catch(null).default(null),
  // I-02, I-03 (issue 16): absent in records made before.
  documentExpiry: z.string().nullable().catch(null).default(null),
  reusedFrom: z.object({ settlementId: z.string(), verifiedAt: z.string() }).nullable().catch(null).default(null),
  seller: z
    .object({ name: z.string(), address: z.string(), occupation: z.string(), birthDate: z.string() })
    .partial()
    .catch({})
    .default({}),
  age: z.number().int().nullable().catch(null).default(null),
  minor: z.boolean().catch(false).default(false),
  guardian: z
    .object({ name: z.string(), relation: z.string(), method: z.enum(['present', 'written']) })
    .nullable()
    .catch(null)
    .default(null),
  invoice: z
    .object({ registered: z.boolean(), tNumber: z.string() })
    .catch({ registered: false, tNumber: '' })
    .default({ registered: false, tNumber: '' }),
});

function parseRecord(json: string): z.output<typeof storedRecordSchema> {
  try {
    const parsed = storedRecordSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // A damaged record reads as empty; the line still shows what the reception recorded.
  }
  return storedRecordSchema.parse({});
}

/** One ledger line as the keyset query reads it: the item and where it sits in the ledger's order. */
interface LineRow {
  settlement_id: string;
  settled_at: string;
  number: string;
  item_id: string;
  position: number;
  name: string;
  maker: string;
  model: string;
  serial: string;
  colour: string;
  features: string;
  weight_cg: number | null;
  quantity: number;
  unit_price: number;
  category: string;
  category_en: string;
}

/** What every line of one settlement shares, read once per settlement rather than once per line. */
interface SettlementRow {
  id: string;
  verification: string;
  seller_name: string;
  seller_address: string;
  seller_occupation: string;
  seller_birth_date: string | null;
  staff_name: string;
}

/** The ledger's order (B-02): settled instant, reception number, line — unique, so a cursor names one line. */
const ledgerCursor = keysetCursor(z.tuple([z.literal('line'), z.string().max(40), z.string().max(64), z.number().int()]));

const LINE_COLUMNS = `st.id AS settlement_id, st.settled_at, r.number, ri.id AS item_id, ri.position, ri.name, ri.maker, ri.model,
       ri.serial, ri.colour, ri.features, ri.weight_cg, ri.quantity, ri.unit_price, c.name_ja AS category, c.name_en AS category_en`;
const LINES_FROM = `FROM settlements st
  JOIN receptions r ON r.id = st.reception_id
  JOIN reception_items ri ON ri.reception_id = r.id AND ri.cancelled = 0
  JOIN categories c ON c.id = ri.category_id`;
const LEDGER_ORDER = 'ORDER BY st.settled_at, r.number, ri.position';

export const DOCUMENT_TYPE_LABELS: Record<string, string> = {
  drivers_licence: '運転免許証',
  mynumber_card_front: 'マイナンバーカード（表面）',
  passport: 'パスポート',
  residence_card: '在留カード',
  health_insurance: '健康保険証（記号・番号を除く）',
  other_photo_id: 'その他の写真付き身分証明書',
};
const METHOD_LABELS = { id_document: '身分証明書の提示', signed_declaration: '署名した申告書' } as const;
const FIELD_LABELS: Record<LedgerCorrectionField, string> = {
  'seller.name': '氏名',
  'seller.address': '住所',
  'seller.occupation': '職業',
  'seller.birthDate': '生年月日',
  documentType: '身分証明書の種類',
  'invoice.tNumber': 'インボイス登録番号',
};

/**
 * B-02: the 古物台帳 (kobutsu.md §3) — one line per settled item that was not cancelled, built from local data only,
 * so it prints and exports offline. Corrections (kobutsu.md §4) are separate, audited rows shown beside the original.
 */
export class LedgerService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * B-02: the whole period — for the CSV and the print, which the law wants complete (kobutsu.md §3). The screen reads
   * it a page at a time (page()). A month at two million stock rows is ~30,000 lines; most of its time is turning
   * rows into JavaScript strings, so each settlement's shared fields are read once, not once per line.
   */
  list(from: string, to: string): LedgerLine[] {
    const rows = cachedStatement(this.deps.db, `SELECT ${LINE_COLUMNS} ${LINES_FROM} WHERE st.settled_at >= @from AND st.settled_at < @to ${LEDGER_ORDER}`).all(
      tokyoDaysUtc(from, to),
    ) as LineRow[];
    return this.toLines(rows);
  }

  /**
   * B-02, issue 14: one page of the period in the ledger's order, read from just past the line the previous page
   * ended on (keyset), so page 300 costs what page 1 costs and a settlement recorded meanwhile — even one whose
   * clock put it earlier — does not shift the page being read. The count stops at COUNT_CAP like the other lists.
   */
  page(query: { from: string; to: string; cursor: string; pageSize: number }): KeysetPage<LedgerLine> {
    const { db } = this.deps;
    const range = tokyoDaysUtc(query.from, query.to);
    const cursor = ledgerCursor.decode(query.cursor);
    const rows = (
      cursor
        ? // The index range starts at the cursor's instant; the row value skips the lines of that instant already shown.
          cachedStatement(
            db,
            `SELECT ${LINE_COLUMNS} ${LINES_FROM}
              WHERE st.settled_at >= @at AND st.settled_at >= @from AND st.settled_at < @to
                AND (st.settled_at, r.number, ri.position) > (@at, @number, @position)
              ${LEDGER_ORDER} LIMIT @limit`,
          ).all({ ...range, at: cursor[1], number: cursor[2], position: cursor[3], limit: query.pageSize + 1 })
        : cachedStatement(db, `SELECT ${LINE_COLUMNS} ${LINES_FROM} WHERE st.settled_at >= @from AND st.settled_at < @to ${LEDGER_ORDER} LIMIT @limit`).all({
            ...range,
            limit: query.pageSize + 1,
          })
    ) as LineRow[];
    const counted = (
      cachedStatement(
        db,
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM settlements st JOIN reception_items ri ON ri.reception_id = st.reception_id AND ri.cancelled = 0
          WHERE st.settled_at >= @from AND st.settled_at < @to LIMIT ${COUNT_CAP + 1})`,
      ).get(range) as { n: number }
    ).n;
    const page = rows.slice(0, query.pageSize);
    const last = page.at(-1);
    return {
      rows: this.toLines(page),
      total: Math.min(counted, COUNT_CAP),
      totalCapped: counted > COUNT_CAP,
      pageSize: query.pageSize,
      next: rows.length > query.pageSize && last ? ledgerCursor.encode(['line', last.settled_at, last.number, last.position]) : null,
      sortedWithinCap: false,
    };
  }

  private toLines(rows: LineRow[]): LedgerLine[] {
    const settlementIds = [...new Set(rows.map((row) => row.settlement_id))];
    const corrections = this.corrections(new Set(settlementIds));
    const perSettlement = new Map<string, { row: SettlementRow; record: ReturnType<typeof parseRecord>; date: string; age: number | null }>();
    if (settlementIds.length > 0) {
      const settlements = cachedStatement(
        this.deps.db,
        `SELECT st.id, st.verification, r.seller_name, r.seller_address, r.seller_occupation, r.seller_birth_date, sf.name AS staff_name
           FROM settlements st JOIN receptions r ON r.id = st.reception_id JOIN staff sf ON sf.id = st.staff_id
          WHERE st.id IN (SELECT value FROM json_each(?))`,
      ).all(JSON.stringify(settlementIds)) as SettlementRow[];
      for (const settlement of settlements) perSettlement.set(settlement.id, { row: settlement, record: parseRecord(settlement.verification), date: '', age: null });
    }
    return rows.map((row) => {
      const settlement = perSettlement.get(row.settlement_id)!;
      // One settlement has many lines: its date and the seller's age on it are computed once.
      if (!settlement.date) {
        settlement.date = tokyoDate(row.settled_at);
        const birthDate = settlement.record.seller.birthDate || settlement.row.seller_birth_date || '';
        settlement.age = settlement.record.age ?? (birthDate ? ageOn(birthDate, settlement.date) : null);
      }
      const { record, date } = settlement;
      return {
        settlementId: row.settlement_id,
        itemId: row.item_id,
        date,
        settledAt: row.settled_at,
        receptionNumber: row.number,
        position: row.position,
        itemType: row.category,
        itemTypeEn: row.category_en,
        quantity: row.quantity,
        name: row.name,
        maker: row.maker,
        model: row.model,
        serial: row.serial,
        colour: row.colour,
        features: ledgerFeatures(row.features, row.weight_cg),
        amount: row.quantity * row.unit_price,
        sellerName: record.seller.name || settlement.row.seller_name,
        sellerAddress: record.seller.address || settlement.row.seller_address,
        sellerOccupation: record.seller.occupation || settlement.row.seller_occupation,
        sellerAge: settlement.age,
        method: record.method,
        documentType: record.documentType,
        documentExpiry: record.documentExpiry,
        reusedVerifiedAt: record.reusedFrom?.verifiedAt ?? null,
        exempt: record.required === false,
        minor: record.minor,
        guardian: record.guardian,
        invoiceRegistered: record.invoice.registered,
        tNumber: record.invoice.tNumber,
        invoiceSpecialRule: !record.invoice.registered,
        staffName: settlement.row.staff_name,
        corrections: corrections.get(row.settlement_id) ?? [],
      };
    });
  }

  /** B-02, S-20 rules: the ledger as CSV for Excel (columns in the README, "Ledger CSV"). */
  csv(from: string, to: string): { filename: string; content: string } {
    const rows = this.list(from, to).map((line) => ({
      date: line.date,
      receptionNumber: line.receptionNumber,
      position: line.position,
      itemType: line.itemType,
      quantity: line.quantity,
      name: line.name,
      maker: line.maker,
      model: line.model,
      serial: line.serial,
      colour: line.colour,
      features: line.features,
      amount: line.amount,
      sellerAddress: line.sellerAddress,
      sellerName: line.sellerName,
      sellerOccupation: line.sellerOccupation,
      sellerAge: line.sellerAge ?? '',
      method: line.method ? METHOD_LABELS[line.method] : line.exempt ? '確認対象外' : '',
      documentType: line.documentType ? (DOCUMENT_TYPE_LABELS[line.documentType] ?? line.documentType) : '',
      documentExpiry: line.documentExpiry ?? '',
      reusedFrom: line.reusedVerifiedAt ? `${tokyoDate(new Date(line.reusedVerifiedAt))}の確認を再利用` : '',
      staff: line.staffName,
      exempt: line.exempt ? '免除' : '',
      guardian: line.guardian ? `${line.guardian.name}（${line.guardian.relation}・${line.guardian.method === 'present' ? '同伴' : '同意書'}）` : '',
      tNumber: line.tNumber,
      specialRule: line.invoiceSpecialRule ? '古物商特例' : '',
      corrections: line.corrections
        .map((c) => `${FIELD_LABELS[c.field]}: ${c.oldValue} → ${c.newValue}（${c.reason}・${tokyoDate(new Date(c.createdAt))}・${c.staffName}）`)
        .join(' / '),
    }));
    return { filename: `kobutsu-ledger-${from}-${to}.csv`, content: toExcelCsv(rows, [...LEDGER_CSV_COLUMNS]) };
  }

  /** kobutsu.md §4: a correction is a new, audited entry referring to the settlement; the original stays as it was. */
  correct(actor: Actor, settlementId: string, field: LedgerCorrectionField, newValue: string, reason: string): LedgerCorrection {
    const { db } = this.deps;
    if (field === 'seller.birthDate' && !isValidIsoDate(newValue)) throw new KioskError('INVALID_INPUT', { fields: { newValue: 'validation.date' } });
    if (field === 'invoice.tNumber' && !isInvoiceNumber(newValue)) throw new KioskError('INVALID_INPUT', { fields: { newValue: 'validation.tNumber' } });
    if (field === 'documentType' && !(ALLOWED_DOCUMENT_TYPES as readonly string[]).includes(newValue)) throw new KioskError('DOCUMENT_TYPE_FORBIDDEN');
    const at = nowIso(this.deps);
    const id = this.deps.newId();
    writeTransaction(db, () => {
      const settlement = db
        .prepare('SELECT st.verification, r.number FROM settlements st JOIN receptions r ON r.id = st.reception_id WHERE st.id = ?')
        .get(settlementId) as { verification: string; number: string } | undefined;
      if (!settlement) throw new KioskError('SETTLEMENT_NOT_FOUND');
      const oldValue = this.currentValue(settlementId, field, parseRecord(settlement.verification));
      db.prepare(
        `INSERT INTO ledger_corrections (id, settlement_id, field, old_value, new_value, reason, staff_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, settlementId, field, oldValue, newValue, reason, actor.staff.id, at);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'ledger.correct',
        entity: 'settlement',
        entityId: settlementId,
        // The values themselves are personal data; the correction row holds them.
        detail: { correctionId: id, field },
      });
      // Issue 13 §6: HQ keeps the ledger too, so the correction travels like the settlement did.
      enqueueOutbox(db, 'ledger_correction', this.deps.newId(), at, {
        schemaVersion: 1,
        correctionId: id,
        settlementId,
        receptionNumber: settlement.number,
        storeCode: actor.terminal.storeCode,
        terminalCode: actor.terminal.code,
        staffCode: actor.staff.code,
        field,
        oldValue,
        newValue,
        reason,
        correctedAt: at,
      });
    });
    return this.corrections(new Set([settlementId])).get(settlementId)!.find((c) => c.id === id)!;
  }

  /** The value as the ledger shows it now: the last correction of the field, else the original record. */
  private currentValue(settlementId: string, field: LedgerCorrectionField, record: z.output<typeof storedRecordSchema>): string {
    const last = this.corrections(new Set([settlementId]))
      .get(settlementId)
      ?.filter((c) => c.field === field)
      .at(-1);
    if (last) return last.newValue;
    const snapshot = this.deps.db
      .prepare(
        `SELECT r.seller_name, r.seller_address, r.seller_occupation, r.seller_birth_date
           FROM settlements st JOIN receptions r ON r.id = st.reception_id WHERE st.id = ?`,
      )
      .get(settlementId) as { seller_name: string; seller_address: string; seller_occupation: string; seller_birth_date: string | null };
    switch (field) {
      case 'seller.name':
        return record.seller.name || snapshot.seller_name;
      case 'seller.address':
        return record.seller.address || snapshot.seller_address;
      case 'seller.occupation':
        return record.seller.occupation || snapshot.seller_occupation;
      case 'seller.birthDate':
        return record.seller.birthDate || snapshot.seller_birth_date || '';
      case 'documentType':
        return record.documentType ?? '';
      case 'invoice.tNumber':
        return record.invoice.tNumber;
    }
  }

  private corrections(settlementIds: Set<string>): Map<string, LedgerCorrection[]> {
    const byId = new Map<string, LedgerCorrection[]>();
    if (settlementIds.size === 0) return byId;
    const ids = [...settlementIds];
    const rows = this.deps.db
      .prepare(
        `SELECT lc.*, s.name AS staff_name FROM ledger_corrections lc JOIN staff s ON s.id = lc.staff_id
          WHERE lc.settlement_id IN (SELECT value FROM json_each(?)) ORDER BY lc.created_at, lc.rowid`,
      )
      .all(JSON.stringify(ids)) as {
      id: string;
      settlement_id: string;
      field: LedgerCorrectionField;
      old_value: string;
      new_value: string;
      reason: string;
      staff_name: string;
      created_at: string;
    }[];
    for (const row of rows) {
      const list = byId.get(row.settlement_id) ?? [];
      list.push({
        id: row.id,
        settlementId: row.settlement_id,
        field: row.field,
        oldValue: row.old_value,
        newValue: row.new_value,
        reason: row.reason,
        staffName: row.staff_name,
        createdAt: row.created_at,
      });
      byId.set(row.settlement_id, list);
    }
    return byId;
  }
}

/** B-02: the ledger CSV's columns, in order (documented in the README, "Ledger CSV"). */
export const LEDGER_CSV_COLUMNS = [
  { key: 'date', header: '取引年月日' },
  { key: 'receptionNumber', header: '受付番号' },
  { key: 'position', header: '行' },
  { key: 'itemType', header: '品目' },
  { key: 'quantity', header: '数量' },
  { key: 'name', header: '商品名' },
  { key: 'maker', header: 'メーカー' },
  { key: 'model', header: '型番' },
  { key: 'serial', header: 'シリアル' },
  { key: 'colour', header: '色' },
  { key: 'features', header: '特徴' },
  { key: 'amount', header: '金額' },
  { key: 'sellerAddress', header: '売主住所' },
  { key: 'sellerName', header: '売主氏名' },
  { key: 'sellerOccupation', header: '売主職業' },
  { key: 'sellerAge', header: '売主年齢' },
  { key: 'method', header: '確認方法' },
  { key: 'documentType', header: '身分証明書の種類' },
  { key: 'documentExpiry', header: '身分証明書の有効期限' },
  { key: 'reusedFrom', header: '本人確認の再利用' },
  { key: 'staff', header: '担当者' },
  { key: 'exempt', header: '確認免除' },
  { key: 'guardian', header: '保護者の同意' },
  { key: 'tNumber', header: 'インボイス登録番号' },
  { key: 'specialRule', header: '古物商特例' },
  { key: 'corrections', header: '訂正' },
] as const;

/** the weight of metal bought by weight is one of the item's features (特徴) in the ledger, first. */
export function ledgerFeatures(features: string, weightCg: number | null): string {
  if (weightCg === null) return features;
  const weight = `重量 ${formatGrams(weightCg)}`;
  return features.trim() === '' ? weight : `${weight}、${features}`;
}
