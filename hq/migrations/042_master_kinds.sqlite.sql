-- 042: HQ also publishes agreement terms, staff (PIN hashes only) and chain-central buyback settings (A-04, issue 17).
-- SQLite cannot alter a CHECK, so the table is rebuilt with its rows and versions (AUTOINCREMENT continues after
-- the highest version copied).
CREATE TABLE master_changes_042 (
  version      INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL CHECK (kind IN ('category', 'catalog', 'metal_price', 'terms', 'staff', 'setting')),
  item_key     TEXT NOT NULL,
  store_code   TEXT,
  data         TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL
);
INSERT INTO master_changes_042 (version, kind, item_key, store_code, data, published_at, published_by)
  SELECT version, kind, item_key, store_code, data, published_at, published_by FROM master_changes;
DROP TABLE master_changes;
ALTER TABLE master_changes_042 RENAME TO master_changes;
CREATE INDEX master_changes_key ON master_changes (kind, item_key, version)
