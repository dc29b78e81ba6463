-- 042: HQ also publishes agreement terms, staff (PIN hashes only) and chain-central buyback settings (A-04, issue 17).
ALTER TABLE master_changes DROP CONSTRAINT master_changes_kind_check;
ALTER TABLE master_changes ADD CONSTRAINT master_changes_kind_check
  CHECK (kind IN ('category', 'catalog', 'metal_price', 'terms', 'staff', 'setting'))
