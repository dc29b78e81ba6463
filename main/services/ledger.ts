import { z } from 'zod';
import type { LedgerCorrection, LedgerCorrectionField, LedgerLine } from '../../preload/types.ts';
import { ageOn, ALLOWED_DOCUMENT_TYPES, isInvoiceNumber, isValidIsoDate } from '../../common/compliance.ts';
import { tokyoDate, tokyoDaysUtc } from '../../common/tokyo-time.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { toExcelCsv } from './csv.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { cachedStatement } from '../../db/statements.ts';

/** Reads settlements.verification leniently: settlements from before compliance hold '{}'. */
const storedRecordSchema = z.object({
  required: z.boolean().optional(),
  method: z.enum(['id_document', 'signed_declaration']).nullable().catch(null).default(null),
  documentType: z.string().nullable().catch(null).default(null),
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

interface LedgerRow {
  settlement_id: string;
  settled_at: string;
  verification: string;
  number: string;
  seller_name: string;
  seller_address: string;
  seller_occupation: string;
  seller_birth_date: string | null;
  item_id: string;
  position: number;
  name: string;
  maker: string;
  model: string;
  serial: string;
  colour: string;
  features: string;
  quantity: number;
  unit_price: number;
  category: string;
  category_en: string;
  staff_name: string;
}

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

  list(from: string, to: string): LedgerLine[] {
    const { db } = this.deps;
    const rows = cachedStatement(
        db,
        `SELECT st.id AS settlement_id, st.settled_at, st.verification, r.number, r.seller_name, r.seller_address,
                r.seller_occupation, r.seller_birth_date, ri.id AS item_id, ri.position, ri.name, ri.maker, ri.model,
                ri.serial, ri.colour, ri.features, ri.quantity, ri.unit_price, c.name_ja AS category, c.name_en AS category_en, sf.name AS staff_name
           FROM settlements st
           JOIN receptions r ON r.id = st.reception_id
           JOIN reception_items ri ON ri.reception_id = r.id AND ri.cancelled = 0
           JOIN categories c ON c.id = ri.category_id
           JOIN staff sf ON sf.id = st.staff_id
          WHERE st.settled_at >= @from AND st.settled_at < @to
          ORDER BY st.settled_at, r.number, ri.position`,
      ).all(tokyoDaysUtc(from, to)) as LedgerRow[];
    const corrections = this.corrections(new Set(rows.map((r) => r.settlement_id)));
    // One settlement has many lines: its record is parsed and its date computed once (a month is ~30,000 lines).
    const perSettlement = new Map<string, { record: ReturnType<typeof parseRecord>; date: string }>();
    return rows.map((row) => {
      let settlement = perSettlement.get(row.settlement_id);
      if (!settlement) {
        settlement = { record: parseRecord(row.verification), date: tokyoDate(row.settled_at) };
        perSettlement.set(row.settlement_id, settlement);
      }
      const { record, date } = settlement;
      const birthDate = record.seller.birthDate || row.seller_birth_date || '';
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
        features: row.features,
        amount: row.quantity * row.unit_price,
        sellerName: record.seller.name || row.seller_name,
        sellerAddress: record.seller.address || row.seller_address,
        sellerOccupation: record.seller.occupation || row.seller_occupation,
        sellerAge: record.age ?? (birthDate ? ageOn(birthDate, date) : null),
        method: record.method,
        documentType: record.documentType,
        exempt: record.required === false,
        minor: record.minor,
        guardian: record.guardian,
        invoiceRegistered: record.invoice.registered,
        tNumber: record.invoice.tNumber,
        invoiceSpecialRule: !record.invoice.registered,
        staffName: row.staff_name,
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
      const settlement = db.prepare('SELECT verification FROM settlements WHERE id = ?').get(settlementId) as { verification: string } | undefined;
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
  { key: 'staff', header: '担当者' },
  { key: 'exempt', header: '確認免除' },
  { key: 'guardian', header: '保護者の同意' },
  { key: 'tNumber', header: 'インボイス登録番号' },
  { key: 'specialRule', header: '古物商特例' },
  { key: 'corrections', header: '訂正' },
] as const;
