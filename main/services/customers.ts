import type { Category, Customer } from '../../preload/types.ts';
import { isFutureBirthDate } from '../domain/birth-date.ts';
import { formatMemberNumber } from '../domain/reception-number.ts';
import { KioskError } from '../errors.ts';
import { nextCounter, restoreGeneration } from './reception-queries.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import { enqueueOutbox } from './outbox.ts';
import { type ServiceDeps, nowIso } from './deps.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import { cachedStatement } from '../../db/statements.ts';

interface CustomerRow {
  id: string;
  member_number: string;
  name: string;
  name_kana: string;
  postal_code: string;
  address: string;
  phone: string;
  birth_date: string | null;
  occupation: string;
  point_balance: number;
}

export interface NewCustomer {
  memberNumber: string;
  name: string;
  nameKana: string;
  postalCode: string;
  address: string;
  phone: string;
  birthDate: string;
  occupation: string;
}

// P-06: the balance is always the sum of the point ledger, never a stored number that could drift from it.
const SELECT_CUSTOMER = `
  SELECT c.*, COALESCE((SELECT SUM(points) FROM point_ledger p WHERE p.customer_id = c.id), 0) AS point_balance
    FROM customers c`;

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    memberNumber: row.member_number,
    name: row.name,
    nameKana: row.name_kana,
    postalCode: row.postal_code,
    address: row.address,
    phone: row.phone,
    birthDate: row.birth_date,
    occupation: row.occupation,
    pointBalance: row.point_balance,
  };
}

export class CustomersService {
  /** N-03: told after a member registration committed (the sync worker is woken to send it to HQ). */
  private readonly committedListeners: (() => void)[] = [];

  constructor(private readonly deps: ServiceDeps) {}

  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }

  get(id: string): Customer {
    const row = this.deps.db.prepare(`${SELECT_CUSTOMER} WHERE c.id = ?`).get(id) as CustomerRow | undefined;
    if (!row) throw new KioskError('CUSTOMER_NOT_FOUND');
    return toCustomer(row);
  }

  /** P-01: a member is found by member number (typed or scanned), name or kana (partial), or phone. */
  search(query: string): Customer[] {
    const q = query.trim();
    const digits = q.replace(/[-\s]/g, '');
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.deps.db
      .prepare(
        `${SELECT_CUSTOMER}
          WHERE upper(c.member_number) = upper(?)
             OR c.name LIKE ? ESCAPE '\\' OR c.name_kana LIKE ? ESCAPE '\\'
             OR (length(?) >= 4 AND replace(c.phone, '-', '') LIKE ?)
          ORDER BY c.name_kana LIMIT 50`,
      )
      .all(q, like, like, digits, `%${digits}%`) as CustomerRow[];
    return rows.map(toCustomer);
  }

  create(actor: Actor, input: NewCustomer): Customer {
    const { db } = this.deps;
    const at = nowIso(this.deps);
    const id = this.deps.newId();
    if (isFutureBirthDate(input.birthDate, this.deps.clock())) {
      throw new KioskError('INVALID_INPUT', { fields: { birthDate: 'validation.birthDateFuture' } });
    }
    writeTransaction(db, () => {
      // Issued inside the write transaction, so two registrations at once can never be handed the same number.
      const memberNumber =
        input.memberNumber ||
        formatMemberNumber(actor.terminal.storeCode, actor.terminal.number, nextCounter(db, 'member'), restoreGeneration(db));
      if (db.prepare('SELECT 1 FROM customers WHERE member_number = ?').get(memberNumber)) {
        throw new KioskError('MEMBER_NUMBER_TAKEN', { fields: { memberNumber: 'validation.memberNumberTaken' } });
      }
      db.prepare(
        `INSERT INTO customers (id, member_number, name, name_kana, postal_code, address, phone, birth_date, occupation, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, memberNumber, input.name, input.nameKana, input.postalCode, input.address, input.phone, input.birthDate, input.occupation, at, at);
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'customer.create',
        entity: 'customer',
        entityId: id,
      });
      // N-03: the store's other counter PCs find the member too (only what the member search needs; see the schema).
      const changeId = this.deps.newId();
      enqueueOutbox(db, 'member', changeId, at, {
        schemaVersion: 1,
        changeId,
        customerId: id,
        memberNumber,
        storeCode: actor.terminal.storeCode,
        terminalCode: actor.terminal.code,
        staffCode: actor.staff.code,
        name: input.name,
        nameKana: input.nameKana,
        phone: input.phone,
        createdAt: at,
      });
    });
    for (const listener of this.committedListeners) listener();
    return this.get(id);
  }
}

export function listCategories(deps: Pick<ServiceDeps, 'db'>): Category[] {
  const rows = deps.db
    .prepare('SELECT id, parent_id, name_ja, name_en, always_verify, metal, active, owner, sort_order FROM categories ORDER BY sort_order')
    .all() as {
    id: string;
    parent_id: string | null;
    name_ja: string;
    name_en: string;
    always_verify: number;
    metal: string | null;
    active: number;
    owner: 'store' | 'hq';
    sort_order: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    nameJa: r.name_ja,
    nameEn: r.name_en,
    alwaysVerify: r.always_verify === 1,
    metal: r.metal,
    active: r.active === 1,
    owner: r.owner,
    sortOrder: r.sort_order,
  }));
}

/** Category id → Japanese name, for records that leave the screen (HQ payload, CSV). */
export function japaneseCategoryNames(db: ServiceDeps['db']): Map<string, string> {
  return new Map((cachedStatement(db, 'SELECT id, name_ja FROM categories').all() as { id: string; name_ja: string }[]).map((c) => [c.id, c.name_ja]));
}
