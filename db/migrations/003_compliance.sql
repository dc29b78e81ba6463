-- 003: the law at the counter (B-01, B-02, B-03; domain/kobutsu.md): ledger corrections, the suspected-stolen flag's
-- history, and database-level guards so a settled transaction's records cannot be deleted within the retention period.

-- kobutsu.md §4: a ledger record is never edited in place; a correction is a new row referring to the settlement.
CREATE TABLE ledger_corrections (
  id            TEXT PRIMARY KEY,               -- UUID
  settlement_id TEXT NOT NULL REFERENCES settlements(id),
  field         TEXT NOT NULL,                  -- one of the correctable fields of main/services/ledger.ts
  old_value     TEXT NOT NULL,
  new_value     TEXT NOT NULL,
  reason        TEXT NOT NULL,
  staff_id      TEXT NOT NULL REFERENCES staff(id),
  created_at    TEXT NOT NULL
);
CREATE INDEX ledger_corrections_settlement ON ledger_corrections(settlement_id, created_at);
CREATE TRIGGER ledger_corrections_no_update BEFORE UPDATE ON ledger_corrections
BEGIN SELECT RAISE(ABORT, 'ledger corrections are append-only'); END;
CREATE TRIGGER ledger_corrections_no_delete BEFORE DELETE ON ledger_corrections
BEGIN SELECT RAISE(ABORT, 'ledger corrections are append-only'); END;

-- kobutsu.md §8: every flag and unflag, with the clerk's note (personal data stays here, out of the audit log).
CREATE TABLE suspected_stolen_flags (
  id           TEXT PRIMARY KEY,                -- UUID
  reception_id TEXT NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  flagged      INTEGER NOT NULL CHECK (flagged IN (0, 1)),
  note         TEXT NOT NULL DEFAULT '',
  staff_id     TEXT NOT NULL REFERENCES staff(id),
  created_at   TEXT NOT NULL
);
CREATE INDEX suspected_stolen_flags_reception ON suspected_stolen_flags(reception_id, created_at);

-- kobutsu.md §4 (法18条): the services already refuse; these make it true of the file too, whatever code runs.
CREATE TRIGGER receptions_settled_no_delete BEFORE DELETE ON receptions
WHEN OLD.status = 'settled'
BEGIN SELECT RAISE(ABORT, 'a settled transaction is a ledger record and cannot be deleted'); END;

CREATE TRIGGER settlements_retention_no_delete BEFORE DELETE ON settlements
WHEN OLD.settled_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 years')
BEGIN SELECT RAISE(ABORT, 'settlement records are kept for 3 years'); END;
