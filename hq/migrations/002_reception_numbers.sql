-- 002: a store's reception number names one transaction (P-01, B-09). A restored kiosk could issue a number again;
-- HQ refuses the second transaction under a known number instead of storing both.

-- Which transaction holds each store + reception number. Settlements and cancellations share the numbers.
CREATE TABLE reception_numbers (
  store_code       TEXT NOT NULL,
  reception_number TEXT NOT NULL,
  kind             TEXT NOT NULL,
  aggregate_id     TEXT NOT NULL,
  claimed_at       TEXT NOT NULL,
  PRIMARY KEY (store_code, reception_number)
);

-- Numbers already stored: the first received keeps the number.
INSERT INTO reception_numbers (store_code, reception_number, kind, aggregate_id, claimed_at)
SELECT store_code, reception_number, kind, aggregate_id, received_at FROM (
  SELECT store_code, reception_number, 'settlement' AS kind, id AS aggregate_id, received_at FROM settlements
  UNION ALL
  SELECT store_code, reception_number, 'cancellation' AS kind, reception_id AS aggregate_id, received_at FROM cancellations
) AS claims WHERE true ORDER BY received_at, aggregate_id
ON CONFLICT (store_code, reception_number) DO NOTHING;

-- What HQ refused (conflict, invalid), for HQ staff to resolve; one row per item and reason, counting resends.
-- payload holds a refused conflict's body (personal data: HQ staff may read it, logs never hold it).
CREATE TABLE ingest_refusals (
  kind             TEXT NOT NULL,
  aggregate_id     TEXT NOT NULL,
  code             TEXT NOT NULL,
  status           TEXT NOT NULL, -- conflict | invalid | stored (a number clash stored before HQ checked numbers)
  terminal_id      TEXT,
  store_code       TEXT NOT NULL,
  terminal_code    TEXT NOT NULL,
  reception_number TEXT,
  held_by          TEXT,          -- the transaction that holds the reception number
  payload          TEXT,
  first_seen_at    TEXT NOT NULL,
  last_seen_at     TEXT NOT NULL,
  times            INTEGER NOT NULL,
  PRIMARY KEY (kind, aggregate_id, code)
);
CREATE INDEX ingest_refusals_last_seen ON ingest_refusals (last_seen_at);

-- The clashes the first release stored twice: listed so HQ staff see them.
INSERT INTO ingest_refusals (kind, aggregate_id, code, status, terminal_id, store_code, terminal_code,
  reception_number, held_by, payload, first_seen_at, last_seen_at, times)
SELECT 'settlement', s.id, 'RECEPTION_NUMBER_TAKEN', 'stored', NULL, s.store_code, s.terminal_code,
  s.reception_number, r.aggregate_id, NULL, s.received_at, s.received_at, 1
FROM settlements s JOIN reception_numbers r ON r.store_code = s.store_code AND r.reception_number = s.reception_number
WHERE r.aggregate_id <> s.id;
INSERT INTO ingest_refusals (kind, aggregate_id, code, status, terminal_id, store_code, terminal_code,
  reception_number, held_by, payload, first_seen_at, last_seen_at, times)
SELECT 'cancellation', c.reception_id, 'RECEPTION_NUMBER_TAKEN', 'stored', NULL, c.store_code, c.terminal_code,
  c.reception_number, r.aggregate_id, NULL, c.received_at, c.received_at, 1
FROM cancellations c JOIN reception_numbers r ON r.store_code = c.store_code AND r.reception_number = c.reception_number
WHERE r.aggregate_id <> c.reception_id
