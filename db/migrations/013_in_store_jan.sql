-- 013: every stock code the kiosk issues gets an in-store JAN-13 (common/in-store-jan.ts), stored with the item so a
-- label printed before settlement, the stock item and a reprint all carry the same digits, whatever settings say
-- later. Items from before get theirs from their stock code (STORE-TT-SEQUENCE, restore generation 0) with the default
-- prefix 20.

ALTER TABLE reception_items ADD COLUMN jan_code TEXT;
ALTER TABLE stock_items ADD COLUMN jan_code TEXT;

UPDATE reception_items AS ri
   SET jan_code = j.first12 || ((10 - (j.weighted % 10)) % 10)
  FROM (
    SELECT id, first12,
           (substr(first12, 1, 1) + 0) + 3 * (substr(first12, 2, 1) + 0) + (substr(first12, 3, 1) + 0)
         + 3 * (substr(first12, 4, 1) + 0) + (substr(first12, 5, 1) + 0) + 3 * (substr(first12, 6, 1) + 0)
         + (substr(first12, 7, 1) + 0) + 3 * (substr(first12, 8, 1) + 0) + (substr(first12, 9, 1) + 0)
         + 3 * (substr(first12, 10, 1) + 0) + (substr(first12, 11, 1) + 0) + 3 * (substr(first12, 12, 1) + 0) AS weighted
      FROM (
        SELECT id,
               '20' || substr(stock_code, instr(stock_code, '-') + 1, 2) || '0'
                    || printf('%07d', substr(stock_code, instr(stock_code, '-') + 4) + 0) AS first12
          FROM reception_items
         WHERE stock_code GLOB '*-[0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
      )
     WHERE substr(first12, 3, 2) <> '00' AND substr(first12, 5) <> '00000000'
  ) AS j
 WHERE ri.id = j.id AND instr(substr(ri.stock_code, 1, instr(ri.stock_code, '-') - 1), '-') = 0
   AND length(ri.stock_code) - length(replace(ri.stock_code, '-', '')) = 2;

UPDATE stock_items SET jan_code = (SELECT jan_code FROM reception_items WHERE reception_items.id = stock_items.reception_item_id);

CREATE UNIQUE INDEX reception_items_jan ON reception_items(jan_code) WHERE jan_code IS NOT NULL;
CREATE INDEX stock_items_jan ON stock_items(jan_code) WHERE jan_code IS NOT NULL;
