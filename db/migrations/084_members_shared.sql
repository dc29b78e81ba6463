-- N-03: members this PC registered before it joined its store's HQ (or before this version) are sent to HQ once, so
-- the store's other counters find them too. from_terminal marks a member that came from another PC through the store
-- feed (never sent back); members_shared says the one-time send is done.
ALTER TABLE customers ADD COLUMN from_terminal TEXT;
ALTER TABLE store_feed_state ADD COLUMN members_shared INTEGER NOT NULL DEFAULT 0;
