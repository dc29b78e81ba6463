import type { Category, CategoryRemoval } from '../../preload/types.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { listCategories } from './customers.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

export interface CategoryFields {
  nameJa: string;
  nameEn: string;
  parentId: string | null;
  /** kobutsu.md §1: identity is always verified for this kind of goods. */
  alwaysVerify: boolean;
  sortOrder: number;
}


/**
 * A-04 (P-02): a manager keeps the store's own categories — adds one, renames it, sets its order and its
 * always-verify flag, retires it. A category HQ publishes is HQ's whole (name, always-verify, metal, order, active):
 * read-only here. A category that anything names (items, stock, catalog, price history, a sub-category) is
 * deactivated, never deleted: the ledger must still say what was bought.
 */
export class CategoryService {
  constructor(private readonly deps: ServiceDeps) {}

  list(): Category[] {
    return listCategories(this.deps);
  }

  add(actor: Actor, fields: CategoryFields): Category[] {
    const { db } = this.deps;
    // Ids share HQ's shape (a-z0-9-); the prefix keeps a store's own apart from any HQ publishes.
    const id = `store-${this.deps.newId().replaceAll('-', '').slice(0, 12)}`;
    this.change(actor, 'category.add', id, { alwaysVerify: fields.alwaysVerify }, () => {
      this.checkParent(fields.parentId, id);
      db.prepare(
        `INSERT INTO categories (id, parent_id, name_ja, name_en, always_verify, sort_order, owner, active)
         VALUES (?, ?, ?, ?, ?, ?, 'store', 1)`,
      ).run(id, fields.parentId, fields.nameJa, fields.nameEn, fields.alwaysVerify ? 1 : 0, fields.sortOrder);
    });
    return this.list();
  }

  update(actor: Actor, id: string, fields: CategoryFields & { active: boolean }): Category[] {
    const { db } = this.deps;
    this.change(actor, 'category.update', id, { alwaysVerify: fields.alwaysVerify, active: fields.active }, () => {
      this.storeOwned(id);
      this.checkParent(fields.parentId, id);
      db.prepare('UPDATE categories SET parent_id = ?, name_ja = ?, name_en = ?, always_verify = ?, sort_order = ?, active = ? WHERE id = ?').run(
        fields.parentId,
        fields.nameJa,
        fields.nameEn,
        fields.alwaysVerify ? 1 : 0,
        fields.sortOrder,
        fields.active ? 1 : 0,
        id,
      );
    });
    return this.list();
  }

  /** Deletes a category nothing names; one that is named is deactivated instead (and says how many items name it). */
  remove(actor: Actor, id: string): CategoryRemoval {
    const { db } = this.deps;
    let removal: CategoryRemoval = { outcome: 'deleted' };
    writeTransaction(db, () => {
      this.storeOwned(id);
      // Stock rows come from reception items: the items count once, the stock is checked only to be sure.
      const items = db.prepare('SELECT COUNT(*) FROM reception_items WHERE category_id = ?').pluck().get(id) as number;
      const named =
        items > 0 ||
        db.prepare('SELECT 1 FROM stock_items WHERE category_id = ? LIMIT 1').get(id) !== undefined ||
        db.prepare('SELECT 1 FROM catalog_items WHERE category_id = ? LIMIT 1').get(id) !== undefined ||
        db.prepare('SELECT 1 FROM price_points WHERE category_id = ? LIMIT 1').get(id) !== undefined ||
        db.prepare('SELECT 1 FROM categories WHERE parent_id = ? LIMIT 1').get(id) !== undefined;
      if (named) {
        db.prepare('UPDATE categories SET active = 0 WHERE id = ?').run(id);
        removal = { outcome: 'deactivated', items };
      } else {
        db.prepare('DELETE FROM categories WHERE id = ?').run(id);
      }
      this.audit(actor, removal.outcome === 'deleted' ? 'category.delete' : 'category.deactivate', id, { items });
    });
    return removal;
  }

  private storeOwned(id: string): void {
    const row = this.deps.db.prepare('SELECT owner FROM categories WHERE id = ?').get(id) as { owner: string } | undefined;
    if (!row) throw new KioskError('CATEGORY_NOT_FOUND');
    if (row.owner === 'hq') throw new KioskError('MASTER_DATA_HQ_OWNED', { message: 'errors.MASTER_DATA_HQ_OWNED_category' });
  }

  private checkParent(parentId: string | null, id: string): void {
    if (parentId === null) return;
    // Two levels, as the catalogue has them (時計 › スマートウォッチ): a parent is a top-level category, never itself.
    if (parentId === id || !this.deps.db.prepare('SELECT 1 FROM categories WHERE id = ? AND parent_id IS NULL').get(parentId)) {
      throw new KioskError('INVALID_INPUT', { fields: { parentId: 'validation.categoryParent' } });
    }
  }

  private change(actor: Actor, action: string, id: string, detail: Record<string, unknown>, apply: () => void): void {
    writeTransaction(this.deps.db, () => {
      apply();
      this.audit(actor, action, id, detail);
    });
  }

  private audit(actor: Actor, action: string, id: string, detail: Record<string, unknown>): void {
    appendAudit(this.deps.db, this.deps.clock().toISOString(), this.deps.newId, {
      staffId: actor.staff.id,
      terminalId: actor.terminal.id,
      action,
      entity: 'category',
      entityId: id,
      detail,
    });
  }
}
