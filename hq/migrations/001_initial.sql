-- HQ schema, shared by SQLite and PostgreSQL: TEXT UTC ISO-8601 times (they sort as strings), BIGINT yen, UUID text ids.

-- One row per provisioned kiosk terminal. Only the sha256 of its bearer token is kept.
CREATE TABLE terminals (
  id            TEXT PRIMARY KEY,
  store_code    TEXT NOT NULL,
  terminal_code TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  revoked_at    TEXT,
  UNIQUE (store_code, terminal_code)
);

-- The idempotency record: one row per (kind, aggregate UUID) ever accepted, with the hash of its canonical body.
CREATE TABLE received_items (
  kind        TEXT NOT NULL CHECK (kind IN ('settlement', 'cancellation')),
  id          TEXT NOT NULL,
  body_hash   TEXT NOT NULL,
  terminal_id TEXT NOT NULL REFERENCES terminals(id),
  received_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);

CREATE TABLE settlements (
  id                   TEXT PRIMARY KEY,
  reception_id         TEXT NOT NULL,
  reception_number     TEXT NOT NULL,
  store_code           TEXT NOT NULL,
  terminal_code        TEXT NOT NULL,
  staff_code           TEXT NOT NULL,
  settled_at           TEXT NOT NULL,
  business_date        TEXT NOT NULL, -- YYYY-MM-DD of settled_at in Asia/Tokyo
  member_number        TEXT,
  items_total          BIGINT NOT NULL,
  adjustment_amount    BIGINT NOT NULL,
  adjustment_reason    TEXT NOT NULL,
  total_amount         BIGINT NOT NULL,
  payment_method       TEXT NOT NULL,
  print_method         TEXT NOT NULL,
  points_granted       BIGINT NOT NULL,
  agreed_terms_version INTEGER,
  seller               TEXT NOT NULL, -- JSON, personal data: served to HQ staff, never logged
  verification         TEXT NOT NULL, -- JSON: identity-verification and ledger fields
  payload              TEXT NOT NULL, -- canonical JSON as received (keeps fields newer than this server)
  received_at          TEXT NOT NULL
);
CREATE INDEX settlements_store_date ON settlements (store_code, business_date);
CREATE INDEX settlements_date ON settlements (business_date);

CREATE TABLE settlement_items (
  settlement_id TEXT NOT NULL REFERENCES settlements(id),
  id            TEXT NOT NULL,
  position      INTEGER NOT NULL,
  category_id   TEXT NOT NULL,
  category_name TEXT NOT NULL,
  name          TEXT NOT NULL,
  maker         TEXT NOT NULL,
  model         TEXT NOT NULL,
  serial        TEXT NOT NULL,
  colour        TEXT NOT NULL,
  features      TEXT NOT NULL,
  grade         TEXT NOT NULL,
  quantity      INTEGER NOT NULL,
  unit_price    BIGINT NOT NULL,
  amount        BIGINT NOT NULL,
  cancelled     INTEGER NOT NULL,
  ec_publish    INTEGER NOT NULL,
  stock_code    TEXT,
  PRIMARY KEY (settlement_id, id)
);

-- ID photos and signatures: stored only when the chain turns storeImages on.
CREATE TABLE settlement_images (
  settlement_id TEXT NOT NULL REFERENCES settlements(id),
  position      INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  mime          TEXT NOT NULL,
  data_base64   TEXT NOT NULL,
  PRIMARY KEY (settlement_id, position)
);

CREATE TABLE cancellations (
  reception_id     TEXT PRIMARY KEY,
  reception_number TEXT NOT NULL,
  store_code       TEXT NOT NULL,
  terminal_code    TEXT NOT NULL,
  staff_code       TEXT NOT NULL,
  cancelled_at     TEXT NOT NULL,
  business_date    TEXT NOT NULL,
  reason           TEXT NOT NULL,
  payload          TEXT NOT NULL,
  received_at      TEXT NOT NULL
);
CREATE INDEX cancellations_store_date ON cancellations (store_code, business_date);

-- S-02: at most one live lease per terminal account.
CREATE TABLE terminal_leases (
  terminal_id TEXT PRIMARY KEY REFERENCES terminals(id),
  lease_id    TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  expires_at  TEXT NOT NULL
)
