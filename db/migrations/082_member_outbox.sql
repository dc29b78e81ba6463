-- 082: members travel through the outbox too (issue 19, N-03): a member registered at one counter PC is found at every
-- PC of the store. SQLite cannot alter a CHECK constraint: the table is rebuilt as in 080, keeping every row, its seq
-- and the AUTOINCREMENT counter.
CREATE TABLE outbox_new (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('settlement', 'cancellation', 'ledger_correction', 'ec_publish_change', 'till_close', 'reception', 'member')),
  aggregate_id    TEXT NOT NULL UNIQUE,
  payload         TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  next_attempt_at TEXT,
  dead_at         TEXT,
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
