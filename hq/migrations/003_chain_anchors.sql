-- 003: HQ's own record of each terminal's audit chain (B-05). Every batch carries the kiosk's chain head; HQ keeps
-- the heads it saw, so a chain rewritten on the kiosk (the same position with another hash) or rolled back (the head
-- going backwards) is detected here, independently of the kiosk's file.
CREATE TABLE chain_heads (
  terminal_id TEXT NOT NULL REFERENCES terminals(id),
  seq         BIGINT NOT NULL,
  hash        TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (terminal_id, seq)
);

-- A divergence stays open (reported to the kiosk in every answer) until HQ staff acknowledge it; acknowledging
-- starts a new record from the kiosk's chain as it is then.
CREATE TABLE chain_divergences (
  id                TEXT PRIMARY KEY,
  terminal_id       TEXT NOT NULL REFERENCES terminals(id),
  kind              TEXT NOT NULL CHECK (kind IN ('HASH_MISMATCH', 'HEAD_BACKWARDS')),
  seq               BIGINT NOT NULL,
  reported_seq      BIGINT NOT NULL,
  expected_hash     TEXT,
  reported_hash     TEXT,
  detected_at       TEXT NOT NULL,
  acknowledged_at   TEXT,
  acknowledged_note TEXT
);
CREATE INDEX chain_divergences_terminal ON chain_divergences (terminal_id, detected_at)
