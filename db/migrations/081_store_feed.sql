-- 081: several counters, one store (issue 19, N-03). Every PC of a store sees the whole store's receptions: the sync
-- worker pulls the store's reception changes from HQ since a cursor and keeps other PCs' receptions as ordinary rows
-- of `receptions`, so the list, the appraisal screen and the settlement wizard work on them unchanged.

-- The terminal of the newest change of a reception when that change came from another PC through the store feed;
-- set to this PC's terminal by every change made here (main/services/reception-sync.ts). The list shows it as "the
-- PC that last changed it"; a reception created or last changed elsewhere needs a claim before it is edited here.
ALTER TABLE receptions ADD COLUMN changed_by_terminal TEXT;

-- Another PC's terminal and staff, known only from the store feed so its receptions keep their real creator: they
-- never sign in here (their secrets are not valid hashes) and are not listed among this PC's staff.
ALTER TABLE terminals ADD COLUMN remote INTEGER NOT NULL DEFAULT 0 CHECK (remote IN (0, 1));
ALTER TABLE staff ADD COLUMN remote INTEGER NOT NULL DEFAULT 0 CHECK (remote IN (0, 1));

-- Where the pull stands: HQ's store change sequence of the last change applied (every page is applied in one
-- transaction with this cursor, so a pull killed mid-way resumes without gaps or duplicates).
CREATE TABLE store_feed_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  cursor     INTEGER NOT NULL,
  pulled_at  TEXT,              -- UTC ISO-8601 of the last pull that reached HQ
  applied_at TEXT,              -- UTC ISO-8601 of the last page that changed a reception here
  last_error TEXT               -- why the last pull failed, NULL after a good one
);
INSERT INTO store_feed_state (id, cursor) VALUES (1, 0);
