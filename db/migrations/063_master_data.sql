-- 063: master data from headquarters (A-04, issue 17). The sync worker pulls what HQ published after the version this
-- kiosk holds and applies it in one transaction (main/sync/master-data.ts); offline, the kiosk keeps what it has.
-- owner: who may change a row — 'hq' rows are HQ's (read-only here), 'store' rows the shop's own. A category HQ
-- retires is deactivated (active = 0), never deleted: items and the ledger still name it.
ALTER TABLE categories ADD COLUMN owner TEXT NOT NULL DEFAULT 'store' CHECK (owner IN ('store', 'hq'));
ALTER TABLE categories ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

CREATE TABLE master_data_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  version    INTEGER NOT NULL,               -- the newest HQ change applied
  pulled_at  TEXT,                           -- UTC ISO-8601 of the last pull that reached HQ
  last_error TEXT                            -- why the last pull failed, NULL after a good one
);
INSERT INTO master_data_state (id, version) VALUES (1, 0);
