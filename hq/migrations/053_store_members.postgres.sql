-- 053: members registered at one counter PC are found at every PC of the store (issue 19, N-03). They travel through
-- the outbox as `member` items and are served in the store feed, numbered in the same store sequence as receptions.
ALTER TABLE received_items DROP CONSTRAINT received_items_kind_check;
ALTER TABLE received_items ADD CONSTRAINT received_items_kind_check
  CHECK (kind IN ('settlement', 'cancellation', 'ledger_correction', 'ec_publish_change', 'till_close', 'reception', 'member'));

-- Personal data (name, reading, phone): served to the store's counter PCs only, never logged.
CREATE TABLE store_members (
  customer_id   TEXT PRIMARY KEY,
  store_code    TEXT NOT NULL,
  member_number TEXT NOT NULL,
  terminal_code TEXT NOT NULL,
  feed_seq      BIGINT NOT NULL,
  payload       TEXT NOT NULL,
  received_at   TEXT NOT NULL
);
CREATE INDEX store_members_feed ON store_members (store_code, feed_seq)
