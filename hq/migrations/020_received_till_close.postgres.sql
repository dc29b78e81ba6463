-- 020: a till's close travels through the outbox (issue 15, M-07).
ALTER TABLE received_items DROP CONSTRAINT received_items_kind_check;
ALTER TABLE received_items ADD CONSTRAINT received_items_kind_check
  CHECK (kind IN ('settlement', 'cancellation', 'ledger_correction', 'ec_publish_change', 'till_close'));
