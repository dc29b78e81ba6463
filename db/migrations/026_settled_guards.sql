-- 026: a settled transaction is a ledger record (kobutsu.md §4, 法18条; issue 13 §4). The services never change one;
-- these triggers make that true of the file whatever program edits it, with foreign keys on or off. Columns are compared
-- one by one (IS NOT), so a later migration may add and fill columns of its own on these tables.

-- Settled receptions: seller, money, identity of the transaction and its status are fixed. "Set it to cancelled, then
-- delete it" no longer works: a settled reception cannot leave 'settled', and one with a settlement cannot be deleted.
CREATE TRIGGER receptions_settled_no_update BEFORE UPDATE ON receptions
WHEN OLD.status = 'settled' AND (
  NEW.status IS NOT OLD.status OR NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number
  OR NEW.store_id IS NOT OLD.store_id OR NEW.terminal_id IS NOT OLD.terminal_id OR NEW.staff_id IS NOT OLD.staff_id
  OR NEW.customer_id IS NOT OLD.customer_id
  OR NEW.seller_name IS NOT OLD.seller_name OR NEW.seller_name_kana IS NOT OLD.seller_name_kana
  OR NEW.seller_postal_code IS NOT OLD.seller_postal_code OR NEW.seller_address IS NOT OLD.seller_address
  OR NEW.seller_phone IS NOT OLD.seller_phone OR NEW.seller_birth_date IS NOT OLD.seller_birth_date
  OR NEW.seller_occupation IS NOT OLD.seller_occupation
  OR NEW.adjustment_amount IS NOT OLD.adjustment_amount OR NEW.adjustment_reason IS NOT OLD.adjustment_reason
  OR NEW.item_count IS NOT OLD.item_count OR NEW.items_total IS NOT OLD.items_total
  OR NEW.created_at IS NOT OLD.created_at)
BEGIN SELECT RAISE(ABORT, 'a settled transaction is a ledger record and cannot be changed'); END;

-- A cancelled transaction stays cancelled (it was never paid; reopening it would reuse its number).
CREATE TRIGGER receptions_cancelled_final BEFORE UPDATE OF status ON receptions
WHEN OLD.status = 'cancelled' AND NEW.status IS NOT 'cancelled'
BEGIN SELECT RAISE(ABORT, 'a cancelled transaction cannot be reopened'); END;

DROP TRIGGER receptions_settled_no_delete;
CREATE TRIGGER receptions_settled_no_delete BEFORE DELETE ON receptions
WHEN OLD.status = 'settled' OR EXISTS (SELECT 1 FROM settlements WHERE reception_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'a settled transaction is a ledger record and cannot be deleted'); END;

-- Items of a settled transaction: no edit, no new item, no delete (with foreign keys off a DELETE would otherwise
-- remove them from the ledger while the settlement stays).
CREATE TRIGGER reception_items_settled_no_update BEFORE UPDATE ON reception_items
WHEN ((SELECT status FROM receptions WHERE id = OLD.reception_id) = 'settled'
      OR (SELECT status FROM receptions WHERE id = NEW.reception_id) = 'settled')
 AND (NEW.id IS NOT OLD.id OR NEW.reception_id IS NOT OLD.reception_id OR NEW.position IS NOT OLD.position
  OR NEW.stock_code IS NOT OLD.stock_code OR NEW.category_id IS NOT OLD.category_id OR NEW.name IS NOT OLD.name
  OR NEW.maker IS NOT OLD.maker OR NEW.model IS NOT OLD.model OR NEW.serial IS NOT OLD.serial
  OR NEW.colour IS NOT OLD.colour OR NEW.features IS NOT OLD.features OR NEW.grade IS NOT OLD.grade
  OR NEW.quantity IS NOT OLD.quantity OR NEW.unit_price IS NOT OLD.unit_price OR NEW.ec_publish IS NOT OLD.ec_publish
  OR NEW.cancelled IS NOT OLD.cancelled OR NEW.created_at IS NOT OLD.created_at)
BEGIN SELECT RAISE(ABORT, 'items of a settled transaction cannot be changed'); END;

CREATE TRIGGER reception_items_settled_no_insert BEFORE INSERT ON reception_items
WHEN (SELECT status FROM receptions WHERE id = NEW.reception_id) = 'settled'
BEGIN SELECT RAISE(ABORT, 'items of a settled transaction cannot be changed'); END;

CREATE TRIGGER reception_items_settled_no_delete BEFORE DELETE ON reception_items
WHEN (SELECT status FROM receptions WHERE id = OLD.reception_id) = 'settled'
  OR EXISTS (SELECT 1 FROM stock_items WHERE reception_item_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'items of a settled transaction cannot be deleted'); END;

-- The settlement row (amounts, payment, identity-verification record, date) is written once. Refusing any change of
-- settled_at also closes "backdate it past the retention period, then delete it".
CREATE TRIGGER settlements_no_update BEFORE UPDATE ON settlements
WHEN NEW.id IS NOT OLD.id OR NEW.reception_id IS NOT OLD.reception_id OR NEW.staff_id IS NOT OLD.staff_id
  OR NEW.terminal_id IS NOT OLD.terminal_id OR NEW.items_total IS NOT OLD.items_total
  OR NEW.adjustment_amount IS NOT OLD.adjustment_amount OR NEW.total_amount IS NOT OLD.total_amount
  OR NEW.payment_method IS NOT OLD.payment_method OR NEW.print_method IS NOT OLD.print_method
  OR NEW.points_granted IS NOT OLD.points_granted OR NEW.agreed_terms_version IS NOT OLD.agreed_terms_version
  OR NEW.verification IS NOT OLD.verification OR NEW.settled_at IS NOT OLD.settled_at
BEGIN SELECT RAISE(ABORT, 'a settlement is a ledger record and cannot be changed'); END;

-- Stock registered by a settlement keeps what was bought (its EC-publish state may change).
CREATE TRIGGER stock_items_settled_no_update BEFORE UPDATE ON stock_items
WHEN NEW.id IS NOT OLD.id OR NEW.code IS NOT OLD.code OR NEW.reception_item_id IS NOT OLD.reception_item_id
  OR NEW.settlement_id IS NOT OLD.settlement_id OR NEW.category_id IS NOT OLD.category_id OR NEW.name IS NOT OLD.name
  OR NEW.grade IS NOT OLD.grade OR NEW.quantity IS NOT OLD.quantity OR NEW.price IS NOT OLD.price
  OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'stock bought in a settlement cannot be changed'); END;

CREATE TRIGGER stock_items_settled_no_delete BEFORE DELETE ON stock_items
WHEN EXISTS (SELECT 1 FROM settlements WHERE id = OLD.settlement_id
             AND settled_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 years'))
BEGIN SELECT RAISE(ABORT, 'stock bought in a settlement is kept for 3 years'); END;
