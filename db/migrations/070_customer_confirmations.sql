-- 070 (issue 18, V-02): where and when the customer agreed to the terms and signed, written with the settlement in
-- the same transaction. 'customer' means on the customer's own screen across the counter: the time is the one
-- recorded when the customer pressed 同意する / 署名する there. 'clerk' means on the clerk's screen (the customer
-- ticked or signed on the clerk's side); its time to the second is not known, so it stays NULL.
CREATE TABLE settlement_confirmations (
  settlement_id   TEXT PRIMARY KEY REFERENCES settlements(id),
  terms_version   INTEGER,
  terms_agreed_on TEXT CHECK (terms_agreed_on IN ('clerk', 'customer')),
  terms_agreed_at TEXT,
  signed_on       TEXT CHECK (signed_on IN ('clerk', 'customer')),
  signed_at       TEXT,
  CHECK ((terms_agreed_on IS 'customer') = (terms_agreed_at IS NOT NULL)),
  CHECK ((signed_on IS 'customer') = (signed_at IS NOT NULL)),
  CHECK ((terms_agreed_on IS NULL) = (terms_version IS NULL))
);

-- Part of the settled record (migration 026): never changed, never deleted.
CREATE TRIGGER settlement_confirmations_no_update BEFORE UPDATE ON settlement_confirmations
BEGIN SELECT RAISE(ABORT, 'a settled transaction is a ledger record and cannot be changed'); END;
CREATE TRIGGER settlement_confirmations_no_delete BEFORE DELETE ON settlement_confirmations
BEGIN SELECT RAISE(ABORT, 'a settled transaction is a ledger record and cannot be deleted'); END;
