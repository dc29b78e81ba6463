-- 052: the store feed (issue 19, N-03). Every counter PC of a store pulls the store's reception changes after a
-- cursor. The cursor is the store's change sequence: `store_feed.seq` is bumped, and the changed receptions stamped
-- with the new values, inside the ingest transaction that stores the change. The bump locks the store's row until
-- that transaction commits, so on PostgreSQL two ingests of one store commit in the order of their numbers and a
-- reader's cursor can never pass a number whose transaction has not committed yet (an identity column or a sequence
-- would hand out numbers that commit out of order, and a cursor would skip the slower one).
CREATE TABLE store_feed (
  store_code TEXT PRIMARY KEY,
  seq        BIGINT NOT NULL
);
-- The change's payload as the kiosk sent it (items and seller's name; see packages/sync-protocol receptions.ts), and
-- its place in the store's sequence. Rows stored before this migration have neither and are not in the feed.
ALTER TABLE store_receptions ADD COLUMN feed_seq BIGINT;
ALTER TABLE store_receptions ADD COLUMN payload TEXT;
CREATE INDEX store_receptions_feed ON store_receptions (store_code, feed_seq)
