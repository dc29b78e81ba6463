-- 040: till sessions and cash movements (issue 15, M-02 / M-03). One till per counter PC (terminal): it is opened
-- with a counted float, and every cash settlement is a payout against it, written in the settlement's own
-- transaction. The expected cash is the float plus the movements (payouts are negative). Close (M-05) adds columns
-- later; a session without closed_at is open, and a terminal has at most one open session.
CREATE TABLE till_sessions (
  id              TEXT PRIMARY KEY,                 -- UUID (leaves the device with the close report, M-07)
  store_id        TEXT NOT NULL REFERENCES stores(id),
  terminal_id     TEXT NOT NULL REFERENCES terminals(id),
  opened_at       TEXT NOT NULL,
  opened_by       TEXT NOT NULL REFERENCES staff(id),
  opening_float   INTEGER NOT NULL CHECK (opening_float >= 0),
  -- The counted float per denomination, e.g. {"10000":2,"1000":20,"100":50}; only denominations with a count.
  opening_counts  TEXT NOT NULL CHECK (json_valid(opening_counts)),
  closed_at       TEXT
);
CREATE UNIQUE INDEX till_sessions_one_open ON till_sessions (terminal_id) WHERE closed_at IS NULL;

CREATE TABLE till_movements (
  id              TEXT PRIMARY KEY,                 -- UUID
  till_session_id TEXT NOT NULL REFERENCES till_sessions(id),
  kind            TEXT NOT NULL CHECK (kind IN ('payout')),
  -- Signed yen as the till sees it: cash leaving the drawer is negative.
  amount          INTEGER NOT NULL,
  settlement_id   TEXT UNIQUE REFERENCES settlements(id),
  staff_id        TEXT NOT NULL REFERENCES staff(id),
  at              TEXT NOT NULL,
  CHECK (kind <> 'payout' OR (settlement_id IS NOT NULL AND amount <= 0))
);
CREATE INDEX till_movements_session ON till_movements (till_session_id);
