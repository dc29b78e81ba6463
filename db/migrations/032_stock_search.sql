-- 032: the stock list's search at two million stock rows (P-07, issue 14). Until now a stock search went through the
-- reception search and then filtered every found reception's items in JavaScript: a seller's name ("たなか") matches
-- 50,000 receptions and no goods, and read thousands of them to show an empty page.
--
-- stock_search holds one folded document per stock item (main/search/fold.ts, like reception_search in 030): the
-- item's own name, maker, model and serial, and its reception number forwards and reversed, so a number's start or
-- end is an index range. doc is the entry order: newest stock first is doc DESC. Folding needs the application's
-- functions, so SQL only marks what to fold (stock_search_pending, by a trigger that catches every writer); the
-- application folds the marked items before it searches and at start (main/search/index.ts). Stock rows are never
-- edited in these fields (026 freezes a settled item), so an insert and a delete are all there is to follow.
-- IF NOT EXISTS throughout: a database rewound to an earlier user_version (a test of an older upgrade) runs it again.

CREATE TABLE IF NOT EXISTS stock_search (
  doc           INTEGER PRIMARY KEY,
  stock_item_id TEXT NOT NULL UNIQUE,
  body          TEXT NOT NULL,                 -- folded name, maker, model, serial; fields split by U+001F
  name_key      TEXT NOT NULL,                 -- folded name, for one- and two-character queries (a prefix)
  number        TEXT NOT NULL,                 -- the reception number, for its start
  number_rev    TEXT NOT NULL                  -- reversed: its tail becomes a prefix
);
CREATE INDEX IF NOT EXISTS stock_search_name ON stock_search(name_key);
CREATE INDEX IF NOT EXISTS stock_search_number ON stock_search(number);
CREATE INDEX IF NOT EXISTS stock_search_number_rev ON stock_search(number_rev);

CREATE VIRTUAL TABLE IF NOT EXISTS stock_fts USING fts5(
  body, content = 'stock_search', content_rowid = 'doc', tokenize = 'trigram', detail = 'none'
);
CREATE TRIGGER IF NOT EXISTS stock_search_fts_insert AFTER INSERT ON stock_search BEGIN
  INSERT INTO stock_fts (rowid, body) VALUES (NEW.doc, NEW.body);
END;
CREATE TRIGGER IF NOT EXISTS stock_search_fts_delete AFTER DELETE ON stock_search BEGIN
  INSERT INTO stock_fts (stock_fts, rowid, body) VALUES ('delete', OLD.doc, OLD.body);
END;

CREATE TABLE IF NOT EXISTS stock_search_pending (
  seq           INTEGER PRIMARY KEY,
  stock_item_id TEXT NOT NULL UNIQUE
);
CREATE TRIGGER IF NOT EXISTS stock_items_search_insert AFTER INSERT ON stock_items BEGIN
  INSERT OR IGNORE INTO stock_search_pending (stock_item_id) VALUES (NEW.id);
END;
CREATE TRIGGER IF NOT EXISTS stock_items_search_delete AFTER DELETE ON stock_items BEGIN
  DELETE FROM stock_search WHERE stock_item_id = OLD.id;
  DELETE FROM stock_search_pending WHERE stock_item_id = OLD.id;
END;

INSERT OR IGNORE INTO stock_search_pending (stock_item_id) SELECT id FROM stock_items ORDER BY created_at, rowid;
