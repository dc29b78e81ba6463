-- 050: documents the customer takes home (Q-01, Q-02, Q-03).

-- The public-safety commission that issued the 古物商許可 (e.g. 東京都公安委員会): the licence number means nothing
-- without it, and the statement prints both. Edited by a manager with the rest of the shop's details.
ALTER TABLE stores ADD COLUMN public_safety_commission TEXT NOT NULL DEFAULT '';

-- Until now both were typed into the licence field ("東京都公安委員会 第301234567890号"). Split them where the text
-- names a commission; the licence keeps its 12 digits. Anything else stays as typed, for a manager to tidy up.
UPDATE stores
   SET public_safety_commission = trim(substr(licence_number, 1, instr(licence_number, '公安委員会') + 4)),
       licence_number = trim(replace(replace(replace(trim(substr(licence_number, instr(licence_number, '公安委員会') + 5)), '第', ''), '号', ''), ' ', ''))
 WHERE instr(licence_number, '公安委員会') > 0;

-- What the statement's header said when the buyback was settled: the shop's name, address, licence and the payment
-- method's name. A statement printed again next year (the shop moved, a payment method was renamed) reproduces the
-- document the customer signed, with 再発行, instead of today's details. The rest of the statement is read from the
-- settlement, its items, the terms version it names and its signature, all of which never change (026).
CREATE TABLE statement_snapshots (
  settlement_id        TEXT PRIMARY KEY REFERENCES settlements(id),
  shop                 TEXT NOT NULL,   -- JSON: name, postalCode, address, phone, licenceNumber, publicSafetyCommission, invoiceNumber
  payment_method_label TEXT NOT NULL,   -- JSON: { ja, en }
  created_at           TEXT NOT NULL
);

CREATE TRIGGER statement_snapshots_no_update BEFORE UPDATE ON statement_snapshots
BEGIN SELECT RAISE(ABORT, 'a statement snapshot is part of the settlement record and cannot be changed'); END;
CREATE TRIGGER statement_snapshots_no_delete BEFORE DELETE ON statement_snapshots
BEGIN SELECT RAISE(ABORT, 'a statement snapshot is part of the settlement record and cannot be deleted'); END;

-- Every statement and quote handed out, as PDF or on paper. The first statement of a settlement is the original;
-- every later one is marked 再発行 with its own time (Q-03). Quotes are recorded with their amount and validity, so a
-- customer who comes back with one can be told what it said. Deleting an unsettled reception takes its quotes along
-- (the audit log keeps the issue).
CREATE TABLE document_issues (
  id           TEXT PRIMARY KEY,                                   -- UUID
  kind         TEXT NOT NULL CHECK (kind IN ('statement', 'quote')),
  reception_id TEXT NOT NULL REFERENCES receptions(id) ON DELETE CASCADE,
  output       TEXT NOT NULL CHECK (output IN ('pdf', 'printer')),
  reprint      INTEGER NOT NULL CHECK (reprint IN (0, 1)),
  total_amount INTEGER NOT NULL,
  valid_until  TEXT,                                               -- quotes: YYYY-MM-DD (Tokyo), the last valid day
  staff_id     TEXT NOT NULL REFERENCES staff(id),
  issued_at    TEXT NOT NULL
);
CREATE INDEX document_issues_reception ON document_issues(reception_id, kind, issued_at);
