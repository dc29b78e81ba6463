-- 043: a till's close goes to HQ through the outbox (issue 15, M-07), in the close's own transaction. SQLite cannot
-- alter a CHECK constraint, so the table is rebuilt as in 020: every row, its seq and the AUTOINCREMENT counter kept
-- (a seq is never handed out twice).
CREATE TABLE outbox_new (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,          -- UUID
  kind            TEXT NOT NULL CHECK (kind IN ('settlement', 'cancellation', 'ledger_correction', 'ec_publish_change', 'till_close')),
  aggregate_id    TEXT NOT NULL UNIQUE,          -- the idempotency key at HQ: settlement, reception, correction, change or till session id
  payload         TEXT NOT NULL,                 -- JSON, validated by packages/sync-protocol before it is written
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  next_attempt_at TEXT,
  dead_at         TEXT,                          -- set aside: shown to the manager with last_error, retried on request
  strikes         INTEGER NOT NULL DEFAULT 0,
  last_failed_at  TEXT
);
INSERT INTO outbox_new (seq, id, kind, aggregate_id, payload, created_at, attempts, last_error, next_attempt_at, dead_at, strikes, last_failed_at)
SELECT seq, id, kind, aggregate_id, payload, created_at, attempts, last_error, next_attempt_at, dead_at, strikes, last_failed_at FROM outbox;
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(dead_at, seq);
