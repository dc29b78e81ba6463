-- 062: precious metals bought by weight (A-03, issue 17). A metal category (K24 … SV925) prices an item as weight ×
-- today's buy price per gram of its metal, set by a manager (audited); the weight is recorded on the item and shows
-- among its features in the 古物台帳.
ALTER TABLE categories ADD COLUMN metal TEXT;   -- the purity mark ('K18', 'Pt900' …) of a metal category, else NULL

INSERT INTO categories (id, parent_id, name_ja, name_en, always_verify, sort_order, metal) VALUES
  ('metal-k24',    'metal', 'K24（純金）',    'K24 gold',        0, 3401, 'K24'),
  ('metal-k22',    'metal', 'K22',            'K22 gold',        0, 3402, 'K22'),
  ('metal-k18',    'metal', 'K18',            'K18 gold',        0, 3403, 'K18'),
  ('metal-k14',    'metal', 'K14',            'K14 gold',        0, 3404, 'K14'),
  ('metal-pt1000', 'metal', 'Pt1000（純プラチナ）', 'Pt1000 platinum', 0, 3405, 'Pt1000'),
  ('metal-pt900',  'metal', 'Pt900',          'Pt900 platinum',  0, 3406, 'Pt900'),
  ('metal-pt850',  'metal', 'Pt850',          'Pt850 platinum',  0, 3407, 'Pt850'),
  ('metal-sv1000', 'metal', 'SV1000（純銀）', 'SV1000 silver',   0, 3408, 'SV1000'),
  ('metal-sv925',  'metal', 'SV925',          'SV925 silver',    0, 3409, 'SV925');

-- Buy prices per gram, one row per change: the price of a metal on a Tokyo business day is the newest row of that
-- day; a day without one has no price (yesterday's rate is not today's).
CREATE TABLE metal_prices (
  id             TEXT PRIMARY KEY,             -- UUID
  metal          TEXT NOT NULL,
  business_date  TEXT NOT NULL,                -- Tokyo YYYY-MM-DD
  price_per_gram INTEGER NOT NULL CHECK (price_per_gram > 0),
  set_by         TEXT REFERENCES staff(id),    -- the manager; NULL for a price headquarters published (A-04)
  set_at         TEXT NOT NULL,                -- UTC ISO-8601
  source         TEXT NOT NULL DEFAULT 'store' CHECK (source IN ('store', 'hq'))
);
CREATE INDEX metal_prices_day ON metal_prices(metal, business_date, set_at);

-- weight_cg: grams × 100 (0.01 g steps, integer so no float ever prices an item); metal_price_per_gram: the rate
-- the item was priced at, so a rate changed later leaves what was priced as it was. NULL for other categories.
ALTER TABLE reception_items ADD COLUMN weight_cg INTEGER CHECK (weight_cg IS NULL OR weight_cg > 0);
ALTER TABLE reception_items ADD COLUMN metal_price_per_gram INTEGER;
CREATE TRIGGER reception_items_settled_weight BEFORE UPDATE OF weight_cg, metal_price_per_gram ON reception_items
WHEN (SELECT status FROM receptions WHERE id = OLD.reception_id) = 'settled'
  AND (NEW.weight_cg IS NOT OLD.weight_cg OR NEW.metal_price_per_gram IS NOT OLD.metal_price_per_gram)
BEGIN SELECT RAISE(ABORT, 'items of a settled transaction cannot be changed'); END;
