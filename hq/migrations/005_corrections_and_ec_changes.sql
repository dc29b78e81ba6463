-- 005: what changes after a settlement reaches HQ as its own entries, never as an edit of the stored settlement.

-- kobutsu.md §4: a ledger correction (old and new value are personal data: served to HQ staff, never logged).
CREATE TABLE ledger_corrections (
  id               TEXT PRIMARY KEY,
  settlement_id    TEXT NOT NULL,
  reception_number TEXT NOT NULL,
  store_code       TEXT NOT NULL,
  terminal_code    TEXT NOT NULL,
  staff_code       TEXT NOT NULL,
  field            TEXT NOT NULL,
  old_value        TEXT NOT NULL,
  new_value        TEXT NOT NULL,
  reason           TEXT NOT NULL,
  corrected_at     TEXT NOT NULL,
  received_at      TEXT NOT NULL
);
CREATE INDEX ledger_corrections_settlement ON ledger_corrections (settlement_id, corrected_at);

-- P-07: the EC publish state of a stock item, changed after settlement. The latest change wins.
CREATE TABLE ec_publish_changes (
  id               TEXT PRIMARY KEY,
  stock_item_id    TEXT NOT NULL,
  stock_code       TEXT NOT NULL,
  settlement_id    TEXT NOT NULL,
  reception_number TEXT NOT NULL,
  store_code       TEXT NOT NULL,
  terminal_code    TEXT NOT NULL,
  staff_code       TEXT NOT NULL,
  published        INTEGER NOT NULL,
  changed_at       TEXT NOT NULL,
  received_at      TEXT NOT NULL
);
CREATE INDEX ec_publish_changes_settlement ON ec_publish_changes (settlement_id, changed_at);
CREATE INDEX ec_publish_changes_stock ON ec_publish_changes (stock_code, changed_at)
