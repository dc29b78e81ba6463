-- 060: the product catalog (A-01, issue 17). A scan of a product's own barcode (JAN/EAN-13, UPC-A, EAN-8) at
-- appraisal looks the code up here and fills the item form; an item settled with a code joins the catalog in the
-- settlement's transaction (main/services/catalog.ts), so the shop's catalog grows with what it buys.
--
-- code: the catalog key of common/product-code.ts — 13 digits (UPC-A with its leading 0) or 8 (EAN-8), check digit
-- valid, never an in-store code (prefix 20–29 are our own stock labels). attributes: a JSON object of short texts
-- (colour …), never images. source: 'local' (learnt at this counter) or 'hq' (published by headquarters, A-04; a
-- settlement never overwrites what HQ owns).
CREATE TABLE catalog_items (
  code        TEXT PRIMARY KEY CHECK (length(code) IN (8, 13) AND code NOT GLOB '*[^0-9]*'),
  name        TEXT NOT NULL,
  maker       TEXT NOT NULL DEFAULT '',
  model       TEXT NOT NULL DEFAULT '',
  category_id TEXT NOT NULL REFERENCES categories(id),
  attributes  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes) AND json_type(attributes) = 'object'),
  source      TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'hq')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- The product code an item was appraised under ('' when none): what joins the catalog at settlement. 026's guards
-- compare named columns, so the code of a settled item is frozen like the rest of it by the trigger below.
ALTER TABLE reception_items ADD COLUMN product_code TEXT NOT NULL DEFAULT '';
CREATE TRIGGER reception_items_settled_product_code BEFORE UPDATE OF product_code ON reception_items
WHEN (SELECT status FROM receptions WHERE id = OLD.reception_id) = 'settled' AND NEW.product_code IS NOT OLD.product_code
BEGIN SELECT RAISE(ABORT, 'items of a settled transaction cannot be changed'); END;

-- Catalog search by name, maker or model, folded exactly like the reception and stock searches (030, 032,
-- main/search/fold.ts): one document per catalog entry, a trigram index for three characters or more, the folded
-- name's B-tree for one or two. SQL marks what changed; main/search/index.ts folds it before a search.
CREATE TABLE catalog_search (
  doc      INTEGER PRIMARY KEY,
  code     TEXT NOT NULL UNIQUE,
  body     TEXT NOT NULL,                 -- folded name, maker, model; fields split by U+001F
  name_key TEXT NOT NULL                  -- folded name, for one- and two-character queries (a prefix)
);
CREATE INDEX catalog_search_name ON catalog_search(name_key);

CREATE VIRTUAL TABLE catalog_fts USING fts5(
  body, content = 'catalog_search', content_rowid = 'doc', tokenize = 'trigram', detail = 'none'
);
CREATE TRIGGER catalog_search_fts_insert AFTER INSERT ON catalog_search BEGIN
  INSERT INTO catalog_fts (rowid, body) VALUES (NEW.doc, NEW.body);
END;
CREATE TRIGGER catalog_search_fts_delete AFTER DELETE ON catalog_search BEGIN
  INSERT INTO catalog_fts (catalog_fts, rowid, body) VALUES ('delete', OLD.doc, OLD.body);
END;
CREATE TRIGGER catalog_search_fts_update AFTER UPDATE OF body ON catalog_search BEGIN
  INSERT INTO catalog_fts (catalog_fts, rowid, body) VALUES ('delete', OLD.doc, OLD.body);
  INSERT INTO catalog_fts (rowid, body) VALUES (NEW.doc, NEW.body);
END;

CREATE TABLE catalog_search_pending (
  seq  INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE
);
-- NOT EXISTS rather than OR IGNORE: settlement learns the catalog by an upsert, and the outer statement's conflict
-- handling overrides the trigger's own (an upsert of a code already marked failed on this table's UNIQUE).
CREATE TRIGGER catalog_items_search_insert AFTER INSERT ON catalog_items BEGIN
  INSERT INTO catalog_search_pending (code) SELECT NEW.code WHERE NOT EXISTS (SELECT 1 FROM catalog_search_pending WHERE code = NEW.code);
END;
CREATE TRIGGER catalog_items_search_update AFTER UPDATE OF name, maker, model ON catalog_items BEGIN
  INSERT INTO catalog_search_pending (code) SELECT NEW.code WHERE NOT EXISTS (SELECT 1 FROM catalog_search_pending WHERE code = NEW.code);
END;
CREATE TRIGGER catalog_items_search_delete AFTER DELETE ON catalog_items BEGIN
  DELETE FROM catalog_search WHERE code = OLD.code;
  DELETE FROM catalog_search_pending WHERE code = OLD.code;
END;
