-- 051: receptions travel through the outbox too (N-01). SQLite cannot alter a CHECK constraint, so the idempotency
-- table is rebuilt with its rows.
CREATE TABLE received_items_new (
  kind        TEXT NOT NULL CHECK (kind IN ('settlement', 'cancellation', 'ledger_correction', 'ec_publish_change', 'till_close', 'reception')),
  id          TEXT NOT NULL,
  body_hash   TEXT NOT NULL,
  terminal_id TEXT NOT NULL REFERENCES terminals(id),
  received_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);
INSERT INTO received_items_new (kind, id, body_hash, terminal_id, received_at)
SELECT kind, id, body_hash, terminal_id, received_at FROM received_items;
DROP TABLE received_items;
ALTER TABLE received_items_new RENAME TO received_items
