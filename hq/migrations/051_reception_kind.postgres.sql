-- 051: receptions travel through the outbox too (N-01).
ALTER TABLE received_items DROP CONSTRAINT received_items_kind_check;
ALTER TABLE received_items ADD CONSTRAINT received_items_kind_check
  CHECK (kind IN ('settlement', 'cancellation', 'ledger_correction', 'ec_publish_change', 'till_close', 'reception'))
