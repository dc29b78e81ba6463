-- 050: several counters, one store (issue 19).

-- N-01: every reception of a store as its kiosks last reported it. `version` is the kiosk's reception version: HQ
-- keeps the highest it has heard of, so a change that arrives late (a kiosk back from an outage) never overwrites a
-- newer one. `changes` counts the versions received, for the read API and the manager's page.
CREATE TABLE store_receptions (
  reception_id       TEXT PRIMARY KEY,
  store_code         TEXT NOT NULL,
  reception_number   TEXT NOT NULL,
  terminal_code      TEXT NOT NULL, -- the terminal that made the latest change
  staff_code         TEXT NOT NULL,
  version            INTEGER NOT NULL,
  status             TEXT NOT NULL,
  seller_name        TEXT NOT NULL, -- personal data: served to the store's counters and HQ staff, never logged
  seller_name_kana   TEXT NOT NULL,
  member_number      TEXT,
  item_count         INTEGER NOT NULL,
  items_total        BIGINT NOT NULL,
  adjustment_amount  BIGINT NOT NULL,
  created_at         TEXT NOT NULL,
  changed_at         TEXT NOT NULL,
  received_at        TEXT NOT NULL
);
CREATE INDEX store_receptions_store_status ON store_receptions (store_code, status, created_at);

-- N-02: one editor at a time. At most one claim per reception; a claim nobody renews expires at expires_at, so a
-- counter PC that crashed frees the reception after one TTL. Taken, renewed and released by single statements.
CREATE TABLE reception_claims (
  reception_id     TEXT PRIMARY KEY,
  store_code       TEXT NOT NULL,
  reception_number TEXT NOT NULL,
  terminal_id      TEXT NOT NULL REFERENCES terminals(id),
  terminal_code    TEXT NOT NULL,
  claimed_at       TEXT NOT NULL,
  expires_at       TEXT NOT NULL
);

-- A reception HQ holds a settlement of is closed to claims, whatever its reception rows say.
CREATE INDEX settlements_reception ON settlements (reception_id)
