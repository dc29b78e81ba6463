-- 025: the audit chain becomes keyed (B-05, issue 13 §4). Rows written from now on carry the id of the HMAC key that
-- sealed them (derived from the device key, never stored here); rows written before stay as they were shipped —
-- unkeyed SHA-256, key_id NULL — because the log is append-only. The first start after this migration seals them with
-- one keyed row ('audit.chain_keyed') whose MAC covers the last unkeyed hash (main/services/audit.ts).
ALTER TABLE audit_log ADD COLUMN key_id TEXT;

-- The last place in the chain the kiosk has verified, MAC'd with the device's key so it cannot be moved by hand:
-- each start checks only the rows after it (start-up stays fast at millions of rows).
CREATE TABLE audit_checkpoint (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  seq         INTEGER NOT NULL,
  hash        TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  mac         TEXT NOT NULL,
  verified_at TEXT NOT NULL
);

-- Breaks a manager has acknowledged (the alert is then lifted): each points at the keyed audit row that records the
-- acknowledgement, whose MAC the checks verify, so a row added here by hand hides nothing.
CREATE TABLE audit_acknowledgements (
  break_seq INTEGER PRIMARY KEY,
  ack_seq   INTEGER NOT NULL
);
