-- 061: price hints from the shop's own settled prices (A-02, issue 17). One row per settled, non-cancelled item,
-- written by settlement execute in its own transaction (main/services/price-hints.ts), so the hint beside the unit
-- price reads a few hundred index entries however large the stock grows: the newest prices of a product code (or a
-- category) and grade are one range of a covering index, newest first.
CREATE TABLE price_points (
  seq          INTEGER PRIMARY KEY,
  product_code TEXT NOT NULL,                 -- '' when the item had none
  category_id  TEXT NOT NULL,
  grade        TEXT NOT NULL,
  unit_price   INTEGER NOT NULL,
  settled_at   TEXT NOT NULL                  -- UTC ISO-8601, the settlement's
);
CREATE INDEX price_points_product ON price_points(product_code, grade, settled_at DESC, unit_price) WHERE product_code <> '';
CREATE INDEX price_points_category ON price_points(category_id, grade, settled_at DESC, unit_price);

-- Everything settled before this version teaches the hints too, oldest first.
INSERT INTO price_points (product_code, category_id, grade, unit_price, settled_at)
SELECT ri.product_code, si.category_id, si.grade, si.price, st.settled_at
  FROM stock_items si
  JOIN reception_items ri ON ri.id = si.reception_item_id
  JOIN settlements st ON st.id = si.settlement_id
 ORDER BY st.settled_at, si.rowid;
