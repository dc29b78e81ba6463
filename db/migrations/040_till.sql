-- 040: till sessions and cash movements (issue 15, M-02 / M-03 / M-04). One till per counter PC (terminal): it is
-- opened with a counted float, every cash settlement is a payout against it, written in the settlement's own
-- transaction, and cash put in or taken out without a sale (入金 / 出金) or changed into other notes (両替) is a
-- movement with its reason. The expected cash is the float plus the movements (payouts are negative). Close (M-05) adds columns
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
  kind            TEXT NOT NULL CHECK (kind IN ('payout', 'pay_in', 'pay_out', 'exchange')),
  -- Signed yen as the till sees it: cash leaving the drawer is negative; an exchange leaves the total as it was.
  amount          INTEGER NOT NULL,
  settlement_id   TEXT UNIQUE REFERENCES settlements(id),
  -- Why cash moved without a sale; for an exchange, what was changed into what.
  reason          TEXT,
  -- An exchange's sum (e.g. one ¥10,000 note into ten ¥1,000 notes: 10000); it does not change what is in the till.
  exchanged       INTEGER CHECK (exchanged IS NULL OR exchanged > 0),
  staff_id        TEXT NOT NULL REFERENCES staff(id),
  at              TEXT NOT NULL,
  CHECK (kind <> 'payout' OR (settlement_id IS NOT NULL AND amount <= 0)),
  CHECK (kind = 'payout' OR (settlement_id IS NULL AND length(trim(reason)) > 0)),
  CHECK (kind <> 'pay_in' OR amount > 0),
  CHECK (kind <> 'pay_out' OR amount < 0),
  CHECK ((kind = 'exchange') = (exchanged IS NOT NULL) AND (kind <> 'exchange' OR amount = 0))
);
CREATE INDEX till_movements_session ON till_movements (till_session_id);
