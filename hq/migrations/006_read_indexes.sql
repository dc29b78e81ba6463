-- 006: the read API pages a day in (settled_at, id) order (keyset paging, B-09 at 10 million settlements): the
-- indexes carry the whole sort key, so a page is an index range scan however many settlements HQ holds.
-- On a big PostgreSQL HQ this migration builds the indexes under a lock: run it in a quiet hour.
DROP INDEX settlements_store_date;
DROP INDEX settlements_date;
CREATE INDEX settlements_store_day ON settlements (store_code, business_date, settled_at, id);
CREATE INDEX settlements_day ON settlements (business_date, settled_at, id);
DROP INDEX cancellations_store_date;
CREATE INDEX cancellations_store_day ON cancellations (store_code, business_date, cancelled_at, reception_id);
CREATE INDEX cancellations_day ON cancellations (business_date, cancelled_at, reception_id)
