-- 001: the first schema. Money is INTEGER yen; times are TEXT UTC ISO-8601; rows that leave the device carry UUID ids.

CREATE TABLE stores (
  id             TEXT PRIMARY KEY,              -- UUID
  code           TEXT NOT NULL UNIQUE,          -- store code, part of every reception number
  name           TEXT NOT NULL,
  postal_code    TEXT NOT NULL DEFAULT '',
  address        TEXT NOT NULL DEFAULT '',
  phone          TEXT NOT NULL DEFAULT '',
  licence_number TEXT NOT NULL DEFAULT '',      -- 古物商許可番号
  invoice_number TEXT NOT NULL DEFAULT '',      -- 適格請求書発行事業者登録番号
  created_at     TEXT NOT NULL
);

CREATE TABLE terminals (
  id            TEXT PRIMARY KEY,               -- UUID
  store_id      TEXT NOT NULL REFERENCES stores(id),
  code          TEXT NOT NULL UNIQUE,           -- the terminal account's sign-in id
  number        INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,                  -- scrypt, see main/services/passwords.ts
  created_at    TEXT NOT NULL,
  UNIQUE (store_id, number)
);

-- The device-level terminal-account session (S-01). At most one open row.
CREATE TABLE terminal_sessions (
  id          TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL REFERENCES terminals(id),
  started_at  TEXT NOT NULL,
  ended_at    TEXT
);

CREATE TABLE staff (
  id              TEXT PRIMARY KEY,
  store_id        TEXT NOT NULL REFERENCES stores(id),
  code            TEXT NOT NULL UNIQUE,         -- printed on the staff card as a barcode
  name            TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('clerk', 'manager')),
  pin_hash        TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT,
  active          INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL
);

-- Members (会員). Walk-in sellers are not customers: their details live on the reception.
CREATE TABLE customers (
  id            TEXT PRIMARY KEY,               -- UUID
  member_number TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  name_kana     TEXT NOT NULL DEFAULT '',
  postal_code   TEXT NOT NULL DEFAULT '',
  address       TEXT NOT NULL DEFAULT '',
  phone         TEXT NOT NULL DEFAULT '',
  birth_date    TEXT,                           -- YYYY-MM-DD (a calendar date, not an instant)
  occupation    TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX customers_phone ON customers(phone);
CREATE INDEX customers_kana ON customers(name_kana);

-- Named counters that only ever go up (stock codes).
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

-- Categories: 大分類 (parent_id NULL) and 中分類. always_verify marks the legal always-verify kinds (kobutsu.md §1).
CREATE TABLE categories (
  id            TEXT PRIMARY KEY,
  parent_id     TEXT REFERENCES categories(id),
  name_ja       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  always_verify INTEGER NOT NULL DEFAULT 0,
  sort_order    INTEGER NOT NULL DEFAULT 0
);

-- Per terminal and day, the last reception sequence handed out. Never decremented, so numbers are never reused.
CREATE TABLE reception_sequences (
  terminal_id TEXT NOT NULL REFERENCES terminals(id),
  day         TEXT NOT NULL,                    -- YYYYMMDD in Asia/Tokyo
  last        INTEGER NOT NULL,
  PRIMARY KEY (terminal_id, day)
);

-- The transaction (取引). Seller fields are a snapshot taken at reception, so the ledger shows what was true then.
CREATE TABLE receptions (
  id                 TEXT PRIMARY KEY,          -- UUID
  number             TEXT NOT NULL UNIQUE,      -- human-readable reception number, printed as CODE128
  store_id           TEXT NOT NULL REFERENCES stores(id),
  terminal_id        TEXT NOT NULL REFERENCES terminals(id),
  staff_id           TEXT NOT NULL REFERENCES staff(id),
  customer_id        TEXT REFERENCES customers(id),
  seller_name        TEXT NOT NULL,
  seller_name_kana   TEXT NOT NULL DEFAULT '',
  seller_postal_code TEXT NOT NULL DEFAULT '',
  seller_address     TEXT NOT NULL DEFAULT '',
  seller_phone       TEXT NOT NULL DEFAULT '',
  seller_birth_date  TEXT,
  seller_occupation  TEXT NOT NULL DEFAULT '',
  status             TEXT NOT NULL CHECK (status IN ('received', 'appraising', 'appraised', 'settled', 'cancelled')),
  adjustment_amount  INTEGER NOT NULL DEFAULT 0,
  adjustment_reason  TEXT NOT NULL DEFAULT '',
  note               TEXT NOT NULL DEFAULT '',
  suspected_stolen   INTEGER NOT NULL DEFAULT 0,
  version            INTEGER NOT NULL DEFAULT 1, -- optimistic concurrency for status changes
  -- Kept equal to the live items by every appraisal change (same transaction), so the list of 100,000
  -- receptions can sort and show totals without summing every transaction's items.
  item_count         INTEGER NOT NULL DEFAULT 0,
  items_total        INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX receptions_created ON receptions(created_at);
CREATE INDEX receptions_status ON receptions(status, created_at);
CREATE INDEX receptions_customer ON receptions(customer_id);

CREATE TABLE reception_items (
  id           TEXT PRIMARY KEY,                -- UUID
  reception_id TEXT NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  -- Given when the item is appraised, so a price label printed before settlement (S-07) carries the code the
  -- stock item will have (P-07). Never reused, also for items later removed or cancelled.
  stock_code   TEXT NOT NULL UNIQUE,
  category_id  TEXT NOT NULL REFERENCES categories(id),
  name         TEXT NOT NULL,
  maker        TEXT NOT NULL DEFAULT '',
  model        TEXT NOT NULL DEFAULT '',
  serial       TEXT NOT NULL DEFAULT '',
  colour       TEXT NOT NULL DEFAULT '',
  features     TEXT NOT NULL DEFAULT '',
  grade        TEXT NOT NULL CHECK (grade IN ('S', 'A', 'B', 'C', 'D', 'J')),
  quantity     INTEGER NOT NULL CHECK (quantity >= 1),
  unit_price   INTEGER NOT NULL CHECK (unit_price >= 0),
  ec_publish   INTEGER NOT NULL DEFAULT 0,     -- S-06: unchecked by default
  cancelled    INTEGER NOT NULL DEFAULT 0,     -- S-12: partial cancel, fixed at settlement
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX reception_items_reception ON reception_items(reception_id, position);

CREATE TABLE settlements (
  id                   TEXT PRIMARY KEY,        -- UUID, the idempotency key towards HQ
  reception_id         TEXT NOT NULL UNIQUE REFERENCES receptions(id),
  staff_id             TEXT NOT NULL REFERENCES staff(id),
  terminal_id          TEXT NOT NULL REFERENCES terminals(id),
  items_total          INTEGER NOT NULL,
  adjustment_amount    INTEGER NOT NULL,
  total_amount         INTEGER NOT NULL CHECK (total_amount >= 0),
  payment_method       TEXT NOT NULL,
  print_method         TEXT NOT NULL CHECK (print_method IN ('receipt', 'none')),
  points_granted       INTEGER NOT NULL DEFAULT 0,
  agreed_terms_version INTEGER,
  verification         TEXT NOT NULL DEFAULT '{}', -- JSON: identity-verification record (kobutsu.md §2)
  settled_at           TEXT NOT NULL
);
CREATE INDEX settlements_settled_at ON settlements(settled_at);

-- ID photos and signatures, AES-256-GCM encrypted (B-04). Written only at execute (S-11).
CREATE TABLE settlement_images (
  id            TEXT PRIMARY KEY,
  settlement_id TEXT NOT NULL REFERENCES settlements(id),
  kind          TEXT NOT NULL CHECK (kind IN ('id_photo', 'signature')),
  mime          TEXT NOT NULL,
  key_id        TEXT NOT NULL,
  iv            BLOB NOT NULL,
  tag           BLOB NOT NULL,
  ciphertext    BLOB NOT NULL,
  created_at    TEXT NOT NULL
);

CREATE TABLE stock_items (
  id                TEXT PRIMARY KEY,           -- UUID
  code              TEXT NOT NULL UNIQUE,       -- stock code, printed on the label as a barcode
  reception_item_id TEXT NOT NULL UNIQUE REFERENCES reception_items(id),
  settlement_id     TEXT NOT NULL REFERENCES settlements(id),
  category_id       TEXT NOT NULL REFERENCES categories(id),
  name              TEXT NOT NULL,
  grade             TEXT NOT NULL,
  quantity          INTEGER NOT NULL,
  price             INTEGER NOT NULL,           -- yen; the appraised unit price
  ec_published      INTEGER NOT NULL DEFAULT 0,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX stock_items_created ON stock_items(created_at);

CREATE TABLE point_ledger (
  id           TEXT PRIMARY KEY,                -- UUID
  customer_id  TEXT NOT NULL REFERENCES customers(id),
  reception_id TEXT REFERENCES receptions(id),
  points       INTEGER NOT NULL,
  reason       TEXT NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX point_ledger_customer ON point_ledger(customer_id);

-- Key/value settings; value is JSON validated by main/services/settings.ts.
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Append-only, hash-chained audit log (B-05). Details never hold personal data.
CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT NOT NULL UNIQUE,
  at          TEXT NOT NULL,
  staff_id    TEXT,
  terminal_id TEXT,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '{}',
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- What HQ must hear of, written in the same transaction as the change. A row is deleted once HQ acknowledges it.
CREATE TABLE outbox (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,          -- UUID
  kind            TEXT NOT NULL CHECK (kind IN ('settlement', 'cancellation')),
  aggregate_id    TEXT NOT NULL UNIQUE,          -- settlement id or reception id: the idempotency key
  payload         TEXT NOT NULL,                 -- JSON, validated by the shared sync schema
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  next_attempt_at TEXT
);
