-- 021: till closes at HQ (issue 15, M-07); 020 admitted the kind.
-- M-07: a till's close as the kiosk sent it, one per till session; HQ staff read closes per store and business day
-- (Asia/Tokyo, of the close). The whole payload is kept; the columns are what the day's list shows and filters by.
CREATE TABLE till_closes (
  id                     TEXT PRIMARY KEY,
  store_code             TEXT NOT NULL,
  terminal_code          TEXT NOT NULL,
  staff_code             TEXT NOT NULL,
  opened_by_staff_code   TEXT NOT NULL,
  opened_at              TEXT NOT NULL,
  closed_at              TEXT NOT NULL,
  business_date          TEXT NOT NULL,
  opening_float          BIGINT NOT NULL,
  payout_count           INTEGER NOT NULL,
  payout_amount          BIGINT NOT NULL,
  expected               BIGINT NOT NULL,
  counted                BIGINT NOT NULL,
  difference             BIGINT NOT NULL,
  approved_by_staff_code TEXT,
  payload                TEXT NOT NULL,
  received_at            TEXT NOT NULL
);
CREATE INDEX till_closes_store_day ON till_closes (store_code, business_date, closed_at, id);
CREATE INDEX till_closes_day ON till_closes (business_date, closed_at, id);

