-- 040: master data published at HQ (A-04, issue 17). Each change is a row with the next version number of the
-- chain, never updated: a kiosk holding version V asks for the rows after V. store_code NULL means every store.
CREATE TABLE master_changes (
  version      INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL CHECK (kind IN ('category', 'catalog', 'metal_price')),
  item_key     TEXT NOT NULL,
  store_code   TEXT,
  data         TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL
);
CREATE INDEX master_changes_key ON master_changes (kind, item_key, version)
