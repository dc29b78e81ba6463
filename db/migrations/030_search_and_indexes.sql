-- 030: search and lists at five years of data (P-03, P-07, issue 14).
--
-- reception_search holds one folded search document per reception (main/search/fold.ts: NFKC, hiragana → katakana,
-- upper case, no spaces or hyphens), in entry order (doc), indexed two ways: an FTS5 trigram index for substrings of
-- three characters or more, and B-tree keys for what is shorter or is a number typed from either end (a two-character
-- surname, the last four digits of a phone, the tail of a reception number). Folding needs the application's
-- functions, so SQL here only marks what changed (reception_search_pending, by triggers that catch every writer,
-- also a sqlite3 shell); the application folds the marked receptions before it searches and at start
-- (main/search/index.ts). This migration marks every existing reception, oldest first.

CREATE TABLE reception_search (
  doc          INTEGER PRIMARY KEY,           -- entry order: newest-first search results are doc DESC
  reception_id TEXT NOT NULL UNIQUE,
  body         TEXT NOT NULL,                 -- folded name, reading, member number, items; fields split by U+001F
  name_key     TEXT NOT NULL,                 -- folded name, for one- and two-character queries (a prefix)
  kana_key     TEXT NOT NULL,                 -- folded reading (katakana), likewise
  phone_key    TEXT NOT NULL,                 -- digits only
  phone_rev    TEXT NOT NULL,                 -- digits reversed: "the last 4 digits" becomes a prefix
  number_rev   TEXT NOT NULL                  -- reception number reversed: its tail becomes a prefix
);
CREATE INDEX reception_search_name ON reception_search(name_key);
CREATE INDEX reception_search_kana ON reception_search(kana_key);
CREATE INDEX reception_search_phone ON reception_search(phone_key);
CREATE INDEX reception_search_phone_rev ON reception_search(phone_rev);
CREATE INDEX reception_search_number_rev ON reception_search(number_rev);

-- detail='none' keeps the index small (a list of documents per trigram, no positions); the application checks each
-- candidate's body with instr(), which also makes every character of the query literal (no LIKE wildcards).
CREATE VIRTUAL TABLE reception_fts USING fts5(
  body, content = 'reception_search', content_rowid = 'doc', tokenize = 'trigram', detail = 'none'
);
CREATE TRIGGER reception_search_fts_insert AFTER INSERT ON reception_search BEGIN
  INSERT INTO reception_fts (rowid, body) VALUES (NEW.doc, NEW.body);
END;
CREATE TRIGGER reception_search_fts_delete AFTER DELETE ON reception_search BEGIN
  INSERT INTO reception_fts (reception_fts, rowid, body) VALUES ('delete', OLD.doc, OLD.body);
END;
CREATE TRIGGER reception_search_fts_update AFTER UPDATE OF body ON reception_search BEGIN
  INSERT INTO reception_fts (reception_fts, rowid, body) VALUES ('delete', OLD.doc, OLD.body);
  INSERT INTO reception_fts (rowid, body) VALUES (NEW.doc, NEW.body);
END;

-- Receptions whose search document must be (re)built, in the order they were marked.
CREATE TABLE reception_search_pending (
  seq          INTEGER PRIMARY KEY,
  reception_id TEXT NOT NULL UNIQUE
);
CREATE TRIGGER receptions_search_insert AFTER INSERT ON receptions BEGIN
  INSERT OR IGNORE INTO reception_search_pending (reception_id) VALUES (NEW.id);
END;
CREATE TRIGGER receptions_search_update
AFTER UPDATE OF number, customer_id, seller_name, seller_name_kana, seller_phone ON receptions BEGIN
  INSERT OR IGNORE INTO reception_search_pending (reception_id) VALUES (NEW.id);
END;
CREATE TRIGGER receptions_search_delete AFTER DELETE ON receptions BEGIN
  DELETE FROM reception_search WHERE reception_id = OLD.id;
  DELETE FROM reception_search_pending WHERE reception_id = OLD.id;
END;
CREATE TRIGGER reception_items_search_insert AFTER INSERT ON reception_items BEGIN
  INSERT OR IGNORE INTO reception_search_pending (reception_id) VALUES (NEW.reception_id);
END;
CREATE TRIGGER reception_items_search_update AFTER UPDATE OF name, maker, model, serial ON reception_items BEGIN
  INSERT OR IGNORE INTO reception_search_pending (reception_id) VALUES (NEW.reception_id);
END;
CREATE TRIGGER reception_items_search_delete AFTER DELETE ON reception_items BEGIN
  INSERT OR IGNORE INTO reception_search_pending (reception_id)
    SELECT OLD.reception_id WHERE EXISTS (SELECT 1 FROM receptions WHERE id = OLD.reception_id);
END;
-- A member's receptions are found by the member's current name, reading, phone and number.
CREATE TRIGGER customers_search_update AFTER UPDATE OF name, name_kana, phone, member_number ON customers BEGIN
  INSERT OR IGNORE INTO reception_search_pending (reception_id) SELECT id FROM receptions WHERE customer_id = NEW.id;
END;

INSERT INTO reception_search_pending (reception_id) SELECT id FROM receptions ORDER BY created_at, rowid;

-- Lists: sort by total and keyset paging without reading every row.
CREATE INDEX receptions_total ON receptions(items_total + adjustment_amount);
CREATE INDEX receptions_staff ON receptions(staff_id);
-- Opening a settled reception, and a settlement's stock (issue 14: 126 ms at 10,000 image settlements without it).
CREATE INDEX settlement_images_settlement ON settlement_images(settlement_id);
CREATE INDEX stock_items_settlement ON stock_items(settlement_id);
