import type { Db } from '../../db/open.ts';
import type { ItemFields, KeysetPage, Reception, ReceptionListRow, Seller, StaffInfo } from '../../preload/types.ts';
import { inStoreJan, JAN_SEQUENCES_PER_GENERATION, MAX_JAN_GENERATION } from '../../common/in-store-jan.ts';
import { isFutureBirthDate } from '../domain/birth-date.ts';
import { isClosed, } from '../domain/eligibility.ts';
import { formatReceptionNumber, formatStockCode, normaliseReceptionNumber, tokyoDay } from '../domain/reception-number.ts';
import { canCompleteAppraisal, statusAfterAppraisalEdit } from '../domain/status.ts';
import { computeTotals, isTotalAcceptable } from '../domain/totals.ts';
import { KioskError } from '../errors.ts';
import { MAX_YEN } from '../../preload/contract.ts';
import { priceByWeight } from './metal-prices.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import type { ReceptionEditGuard } from './foreign-receptions.ts';
import { enqueueReceptionChange } from './reception-sync.ts';
import {
  findReceptionRow,
  findReceptionRowByNumber,
  listItemRows,
  nextCounter,
  type ReceptionRow,
  restoreGeneration,
  refreshCachedTotals,
  toReception,
} from './reception-queries.ts';
import { type ListQuery, listReceptions } from './reception-list.ts';
import { readSetting } from './settings.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

/** P-07: stock codes are store code + terminal number + a never-reused sequence, e.g. `S001-01-0000123`. */
export function stockCode(storeCode: string, terminalNumber: number, sequence: number, generation = 0): string {
  return formatStockCode(storeCode, terminalNumber, sequence, generation);
}

export type NewReception =
  | { kind: 'member'; customerId: string; note: string }
  | { kind: 'walkIn'; seller: Seller & { birthDate: string }; note: string };

export type { ListQuery };

export class ReceptionsService {
  /** N-01: told after every committed change of a reception (the sync worker is woken to send it to HQ). */
  private readonly committedListeners: (() => void)[] = [];

  /** N-03: refuses a change to another PC's reception without this PC's claim (main/services/foreign-receptions.ts). */
  private editGuard: ReceptionEditGuard = () => {};

  constructor(private readonly deps: ServiceDeps) {}

  guardEdits(guard: ReceptionEditGuard): void {
    this.editGuard = guard;
  }

  /** N-03: throws RECEPTION_NOT_CLAIMED for another PC's reception this PC holds no claim on. */
  requireEditable(receptionId: string): void {
    this.editGuard(receptionId);
  }

  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }

  /** Called after a transaction that queued a reception change has committed. */
  committed(): void {
    for (const listener of this.committedListeners) listener();
  }

  get(id: string): Reception {
    const row = findReceptionRow(this.deps.db, id);
    if (!row) throw new KioskError('RECEPTION_NOT_FOUND');
    return toReception(this.deps.db, row);
  }

  findByNumber(number: string): Reception | null {
    const row = findReceptionRowByNumber(this.deps.db, normaliseReceptionNumber(number));
    return row ? toReception(this.deps.db, row) : null;
  }

  /** P-01: a new transaction in status `received`, numbered so no two counter PCs ever hand out the same number. */
  create(actor: Actor, input: NewReception): Reception {
    const { db } = this.deps;
    const now = this.deps.clock();
    const at = now.toISOString();
    const id = this.deps.newId();
    let seller: Seller;
    let customerId: string | null = null;
    if (input.kind === 'member') {
      const customer = db.prepare('SELECT * FROM customers WHERE id = ?').get(input.customerId) as
        | { id: string; name: string; name_kana: string; postal_code: string; address: string; phone: string; birth_date: string | null; occupation: string }
        | undefined;
      if (!customer) throw new KioskError('CUSTOMER_NOT_FOUND');
      customerId = customer.id;
      seller = {
        name: customer.name,
        nameKana: customer.name_kana,
        postalCode: customer.postal_code,
        address: customer.address,
        phone: customer.phone,
        birthDate: customer.birth_date,
        occupation: customer.occupation,
      };
    } else {
      seller = input.seller;
      if (seller.birthDate && isFutureBirthDate(seller.birthDate, now)) {
        throw new KioskError('INVALID_INPUT', { fields: { 'seller.birthDate': 'validation.birthDateFuture' } });
      }
    }
    writeTransaction(db, () => {
      const day = tokyoDay(now);
      const sequence = (
        db
          .prepare(
            `INSERT INTO reception_sequences (terminal_id, day, last) VALUES (?, ?, 1)
             ON CONFLICT (terminal_id, day) DO UPDATE SET last = last + 1 RETURNING last`,
          )
          .get(actor.terminal.id, day) as { last: number }
      ).last;
      const number = formatReceptionNumber(actor.terminal.storeCode, actor.terminal.number, day, sequence, restoreGeneration(db));
      db.prepare(
        `INSERT INTO receptions (id, number, store_id, terminal_id, staff_id, customer_id, seller_name, seller_name_kana,
           seller_postal_code, seller_address, seller_phone, seller_birth_date, seller_occupation, status, note, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?)`,
      ).run(
        id,
        number,
        actor.terminal.storeId,
        actor.terminal.id,
        actor.staff.id,
        customerId,
        seller.name,
        seller.nameKana,
        seller.postalCode,
        seller.address,
        seller.phone,
        seller.birthDate,
        seller.occupation,
        input.note,
        at,
        at,
      );
      this.audit(actor, at, 'reception.create', id, { number, member: customerId !== null });
      enqueueReceptionChange(db, this.deps.newId, actor, id, at);
    });
    this.committed();
    return this.get(id);
  }

  /** P-03: search, filter, sort and page; fast at two million receptions (main/services/reception-list.ts). */
  list(query: ListQuery): KeysetPage<ReceptionListRow> {
    return listReceptions(this.deps.db, query);
  }

  /** P-03, S-13, S-19: delete from the reception list, never a settled or cancelled transaction. Audited. */
  delete(actor: Actor, id: string, version: number): void {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      const row = this.lockForChange(id, version);
      enqueueReceptionChange(db, this.deps.newId, actor, id, at, true);
      db.prepare('DELETE FROM receptions WHERE id = ?').run(id);
      this.audit(actor, at, 'reception.delete', id, { number: row.number, status: row.status });
    });
    this.committed();
  }

  addItem(actor: Actor, receptionId: string, fields: ItemFields): Reception {
    return this.changeAppraisal(actor, receptionId, 'appraisal.add_item', (db, at) => {
      this.requireCategory(fields.categoryId);
      fields = this.priceMetal(fields);
      const position = (
        db.prepare('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM reception_items WHERE reception_id = ?').get(receptionId) as {
          p: number;
        }
      ).p;
      const itemId = this.deps.newId();
      const sequence = nextCounter(db, 'stock');
      const generation = restoreGeneration(db);
      // Every stock code must have its label's in-store JAN; past the scheme's range no code is issued at all.
      if (sequence >= JAN_SEQUENCES_PER_GENERATION || generation > MAX_JAN_GENERATION) throw new KioskError('STOCK_SEQUENCE_EXHAUSTED');
      const code = stockCode(actor.terminal.storeCode, actor.terminal.number, sequence, generation);
      // P-07: the label's in-store JAN is fixed now, with the code, so every print of it carries the same digits.
      const jan = inStoreJan({ prefix: readSetting(db, 'printers').label.janPrefix, terminalNumber: actor.terminal.number, sequence, generation });
      db.prepare(
        `INSERT INTO reception_items (id, reception_id, position, stock_code, jan_code, category_id, name, maker, model, serial, colour,
           features, grade, quantity, unit_price, product_code, weight_cg, metal_price_per_gram, created_at, updated_at)
         VALUES (@itemId, @receptionId, @position, @code, @jan, @categoryId, @name, @maker, @model, @serial, @colour,
           @features, @grade, @quantity, @unitPrice, @productCode, @weightCg, @metalPricePerGram, @at, @at)`,
      ).run({ ...itemColumns(fields), itemId, receptionId, position, code, jan, at });
      return { itemId, unitPrice: fields.unitPrice, quantity: fields.quantity };
    });
  }

  updateItem(actor: Actor, receptionId: string, itemId: string, fields: ItemFields): Reception {
    return this.changeAppraisal(actor, receptionId, 'appraisal.update_item', (db, at) => {
      this.requireCategory(fields.categoryId);
      fields = this.priceMetal(fields);
      const result = db
        .prepare(
          `UPDATE reception_items SET category_id = @categoryId, name = @name, maker = @maker, model = @model, serial = @serial,
             colour = @colour, features = @features, grade = @grade, quantity = @quantity, unit_price = @unitPrice,
             product_code = @productCode, weight_cg = @weightCg, metal_price_per_gram = @metalPricePerGram, updated_at = @at
           WHERE id = @itemId AND reception_id = @receptionId`,
        )
        .run({ ...itemColumns(fields), itemId, receptionId, at });
      if (result.changes === 0) throw new KioskError('ITEM_NOT_FOUND');
      return { itemId, unitPrice: fields.unitPrice, quantity: fields.quantity };
    });
  }

  removeItem(actor: Actor, receptionId: string, itemId: string): Reception {
    return this.changeAppraisal(actor, receptionId, 'appraisal.remove_item', (db) => {
      const result = db.prepare('DELETE FROM reception_items WHERE id = ? AND reception_id = ?').run(itemId, receptionId);
      if (result.changes === 0) throw new KioskError('ITEM_NOT_FOUND');
      return { itemId };
    });
  }

  moveItem(actor: Actor, receptionId: string, itemId: string, direction: 'up' | 'down'): Reception {
    return this.changeAppraisal(actor, receptionId, 'appraisal.move_item', (db) => {
      const items = listItemRows(db, receptionId);
      const index = items.findIndex((item) => item.id === itemId);
      if (index < 0) throw new KioskError('ITEM_NOT_FOUND');
      const otherIndex = direction === 'up' ? index - 1 : index + 1;
      const other = items[otherIndex];
      const item = items[index]!;
      if (other) {
        const swap = db.prepare('UPDATE reception_items SET position = ? WHERE id = ?');
        swap.run(-1, item.id);
        swap.run(item.position, other.id);
        swap.run(other.position, item.id);
      }
      return { itemId, direction };
    });
  }

  /** P-02, S-08: the adjustment amount (調整金額) is set here, never in the settlement screen. */
  setAdjustment(actor: Actor, receptionId: string, amount: number, reason: string, approvedBy: StaffInfo | null = null): Reception {
    const limit = readSetting(this.deps.db, 'security').managerAdjustmentYen;
    if (Math.abs(amount) > limit && actor.staff.role !== 'manager' && approvedBy?.role !== 'manager') {
      throw new KioskError('MANAGER_REQUIRED_FOR_ADJUSTMENT', { params: { limit } });
    }
    if (amount !== 0 && reason.trim() === '') {
      throw new KioskError('INVALID_INPUT', { fields: { reason: 'validation.adjustmentReason' } });
    }
    return this.changeAppraisal(actor, receptionId, 'appraisal.set_adjustment', (db) => {
      db.prepare('UPDATE receptions SET adjustment_amount = ?, adjustment_reason = ? WHERE id = ?').run(amount, reason, receptionId);
      return approvedBy ? { amount, approvedBy: approvedBy.id } : { amount };
    });
  }

  /** P-02: staff mark the appraisal complete (`appraised`); any later edit moves it back to `appraising`. */
  complete(actor: Actor, receptionId: string): Reception {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      const row = this.lockForChange(receptionId);
      if (!canCompleteAppraisal(row.status, row.item_count)) throw new KioskError('APPRAISAL_EMPTY');
      db.prepare(`UPDATE receptions SET status = 'appraised', version = version + 1, updated_at = ? WHERE id = ?`).run(at, receptionId);
      this.audit(actor, at, 'appraisal.complete', receptionId, { from: row.status, to: 'appraised' });
      enqueueReceptionChange(db, this.deps.newId, actor, receptionId, at);
    });
    this.committed();
    return this.get(receptionId);
  }

  /**
   * Every appraisal change: one transaction that refuses closed transactions, applies the change, keeps the total
   * from going below zero, moves the status, bumps the version and writes the audit row.
   */
  private changeAppraisal(
    actor: Actor,
    receptionId: string,
    action: string,
    change: (db: Db, at: string) => Record<string, unknown>,
  ): Reception {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    writeTransaction(db, () => {
      const before = this.lockForChange(receptionId);
      const detail = change(db, at);
      refreshCachedTotals(db, receptionId);
      const after = findReceptionRow(db, receptionId)!;
      const totals = computeTotals(listItemRows(db, receptionId).map((i) => ({ quantity: i.quantity, unitPrice: i.unit_price, cancelled: i.cancelled === 1 })), after.adjustment_amount);
      if (!isTotalAcceptable(totals)) throw new KioskError('TOTAL_NEGATIVE');
      const status = statusAfterAppraisalEdit(before.status, after.item_count);
      db.prepare('UPDATE receptions SET status = ?, version = version + 1, updated_at = ? WHERE id = ?').run(status, at, receptionId);
      this.audit(actor, at, action, receptionId, { ...detail, from: before.status, to: status, total: totals.total });
      enqueueReceptionChange(db, this.deps.newId, actor, receptionId, at);
    });
    this.committed();
    return this.get(receptionId);
  }

  /** an item of a metal category is priced by weight × today's rate; any other carries no weight. */
  private priceMetal(fields: ItemFields): ItemFields {
    const priced = priceByWeight(this.deps.db, this.deps.clock(), {
      categoryId: fields.categoryId,
      weightCg: fields.weightCg ?? null,
      seenPricePerGram: fields.metalPricePerGram ?? null,
    });
    if (!priced) return { ...fields, weightCg: null, metalPricePerGram: null };
    if (priced.unitPrice > MAX_YEN) throw new KioskError('INVALID_INPUT', { fields: { 'item.weightCg': 'validation.tooLarge' } });
    return { ...fields, unitPrice: priced.unitPrice, weightCg: priced.weightCg, metalPricePerGram: priced.pricePerGram };
  }

  /** Loads a reception for a change inside a transaction; refuses closed ones (S-13, S-19) and stale versions. */
  lockForChange(receptionId: string, version?: number): ReceptionRow {
    const row = findReceptionRow(this.deps.db, receptionId);
    if (!row) throw new KioskError('RECEPTION_NOT_FOUND');
    if (isClosed(row.status)) throw new KioskError('RECEPTION_CLOSED', { params: { status: row.status } });
    this.editGuard(receptionId);
    if (version !== undefined && row.version !== version) throw new KioskError('VERSION_CONFLICT');
    return row;
  }

  private requireCategory(categoryId: string): void {
    if (!this.deps.db.prepare('SELECT 1 FROM categories WHERE id = ?').get(categoryId)) {
      throw new KioskError('INVALID_INPUT', { fields: { 'item.categoryId': 'validation.category' } });
    }
  }

  private audit(actor: Actor, at: string, action: string, receptionId: string, detail: Record<string, unknown>): void {
    appendAudit(this.deps.db, at, this.deps.newId, {
      staffId: actor.staff.id,
      terminalId: actor.terminal.id,
      action,
      entity: 'reception',
      entityId: receptionId,
      detail,
    });
  }
}

/** The item's columns as the INSERT and UPDATE bind them (optional fields of older callers as their defaults). */
function itemColumns(fields: ItemFields) {
  return { ...fields, productCode: fields.productCode ?? '', weightCg: fields.weightCg ?? null, metalPricePerGram: fields.metalPricePerGram ?? null };
}
