import type { Db } from '../../db/open.ts';
import type { Grade, Reception, ReceptionItem, ReceptionStatus, Seller, SettlementSummary } from '../../preload/types.ts';
import { computeTotals } from '../domain/totals.ts';
import { cachedStatement } from '../../db/statements.ts';

export interface ReceptionRow {
  id: string;
  number: string;
  store_id: string;
  terminal_id: string;
  staff_id: string;
  staff_name: string;
  customer_id: string | null;
  member_number: string | null;
  seller_name: string;
  seller_name_kana: string;
  seller_postal_code: string;
  seller_address: string;
  seller_phone: string;
  seller_birth_date: string | null;
  seller_occupation: string;
  status: ReceptionStatus;
  adjustment_amount: number;
  adjustment_reason: string;
  note: string;
  suspected_stolen: number;
  version: number;
  item_count: number;
  items_total: number;
  created_at: string;
  updated_at: string;
}

export interface ItemRow {
  id: string;
  reception_id: string;
  position: number;
  stock_code: string;
  jan_code: string | null;
  category_id: string;
  name: string;
  maker: string;
  model: string;
  serial: string;
  colour: string;
  features: string;
  grade: Grade;
  quantity: number;
  unit_price: number;
  ec_publish: number;
  cancelled: number;
  product_code: string;
  weight_cg: number | null;
  metal_price_per_gram: number | null;
  created_at: string;
}

const SELECT_RECEPTION = `
  SELECT r.*, s.name AS staff_name, c.member_number AS member_number
    FROM receptions r
    JOIN staff s ON s.id = r.staff_id
    LEFT JOIN customers c ON c.id = r.customer_id`;

export function findReceptionRow(db: Db, id: string): ReceptionRow | undefined {
  return cachedStatement(db, `${SELECT_RECEPTION} WHERE r.id = ?`).get(id) as ReceptionRow | undefined;
}

export function findReceptionRowByNumber(db: Db, number: string): ReceptionRow | undefined {
  return cachedStatement(db, `${SELECT_RECEPTION} WHERE r.number = ?`).get(number) as ReceptionRow | undefined;
}

export function listItemRows(db: Db, receptionId: string): ItemRow[] {
  return cachedStatement(db, 'SELECT * FROM reception_items WHERE reception_id = ? ORDER BY position').all(receptionId) as ItemRow[];
}

/** What describes a bought item, as the screens, a settlement and a reception change all carry it. */
export function itemDescriptionOf(row: ItemRow): Pick<ReceptionItem, 'name' | 'maker' | 'model' | 'serial' | 'colour' | 'features' | 'grade'> {
  return { name: row.name, maker: row.maker, model: row.model, serial: row.serial, colour: row.colour, features: row.features, grade: row.grade };
}

export function toItem(row: ItemRow): ReceptionItem {
  return {
    id: row.id,
    position: row.position,
    stockCode: row.stock_code,
    janCode: row.jan_code,
    categoryId: row.category_id,
    ...itemDescriptionOf(row),
    quantity: row.quantity,
    unitPrice: row.unit_price,
    amount: row.quantity * row.unit_price,
    ecPublish: row.ec_publish === 1,
    cancelled: row.cancelled === 1,
    productCode: row.product_code,
    weightCg: row.weight_cg,
    metalPricePerGram: row.metal_price_per_gram,
  };
}

function findSettlementSummary(db: Db, receptionId: string): SettlementSummary | null {
  const row = db
    .prepare(
      `SELECT st.*, s.name AS staff_name FROM settlements st JOIN staff s ON s.id = st.staff_id WHERE st.reception_id = ?`,
    )
    .get(receptionId) as
    | {
        id: string;
        items_total: number;
        adjustment_amount: number;
        total_amount: number;
        payment_method: string;
        print_method: 'receipt' | 'none';
        points_granted: number;
        agreed_terms_version: number | null;
        settled_at: string;
        staff_name: string;
      }
    | undefined;
  if (!row) return null;
  const images = db
    .prepare('SELECT id, kind FROM settlement_images WHERE settlement_id = ? ORDER BY kind')
    .all(row.id) as { id: string; kind: 'id_photo' | 'signature' }[];
  return {
    id: row.id,
    itemsTotal: row.items_total,
    adjustmentAmount: row.adjustment_amount,
    totalAmount: row.total_amount,
    paymentMethod: row.payment_method,
    printMethod: row.print_method,
    pointsGranted: row.points_granted,
    agreedTermsVersion: row.agreed_terms_version,
    settledAt: row.settled_at,
    staffName: row.staff_name,
    images,
  };
}

/** The seller as recorded at reception (a snapshot, so the ledger shows what was true then). */
export function sellerOf(row: ReceptionRow): Seller {
  return {
    name: row.seller_name,
    nameKana: row.seller_name_kana,
    postalCode: row.seller_postal_code,
    address: row.seller_address,
    phone: row.seller_phone,
    birthDate: row.seller_birth_date,
    occupation: row.seller_occupation,
  };
}

export function toReception(db: Db, row: ReceptionRow): Reception {
  const items = listItemRows(db, row.id).map(toItem);
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    version: row.version,
    storeId: row.store_id,
    terminalId: row.terminal_id,
    staffId: row.staff_id,
    staffName: row.staff_name,
    customerId: row.customer_id,
    memberNumber: row.member_number,
    seller: sellerOf(row),
    adjustmentAmount: row.adjustment_amount,
    adjustmentReason: row.adjustment_reason,
    note: row.note,
    suspectedStolen: row.suspected_stolen === 1,
    items,
    totals: computeTotals(items, row.adjustment_amount),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    settlement: row.status === 'settled' ? findSettlementSummary(db, row.id) : null,
  };
}

/** Keeps the cached item_count / items_total of a reception equal to its live items (call in the same transaction). */
export function refreshCachedTotals(db: Db, receptionId: string): void {
  db.prepare(
    `UPDATE receptions SET
       item_count  = (SELECT COUNT(*) FROM reception_items WHERE reception_id = @id AND cancelled = 0),
       items_total = (SELECT COALESCE(SUM(quantity * unit_price), 0) FROM reception_items WHERE reception_id = ?1 AND cancelled = 0)
     WHERE id = @id`,
  ).run({ id: receptionId });
}

/** Hands out the next value of a counter that only ever goes up. Call inside a transaction. */
export function nextCounter(db: Db, name: string): number {
  const row = db
    .prepare(
      `INSERT INTO counters (name, last) VALUES (?, 1)
       ON CONFLICT (name) DO UPDATE SET last = last + 1
       RETURNING last`,
    )
    .get(name) as { last: number };
  return row.last;
}

/** Issue 13 §5: the restore generation numbers are issued under (0 unless a blind restore happened; see 028). */
export function restoreGeneration(db: Db): number {
  return (db.prepare('SELECT generation FROM numbering_state WHERE id = 1').get() as { generation: number } | undefined)?.generation ?? 0;
}
