-- 045: bank transfers (issue 15, M-08). A buyback paid by 銀行振込 records the seller's account here, in the
-- settlement's own transaction. The account (bank, branch, type, number, holder) is personal data: it is stored only
-- AES-256-GCM encrypted with the vault key that protects ID photos (B-04), bound to the row id; the amount and the
-- state are plain so a manager's list and the 全銀 export need no key until a row is shown or written. A transfer is
-- pending until a manager marks it paid; exporting it (any number of times) does not change that.
CREATE TABLE bank_transfers (
  id             TEXT PRIMARY KEY,                          -- UUID, also the additional data of the ciphertext
  settlement_id  TEXT NOT NULL UNIQUE REFERENCES settlements(id),
  -- The member the account belongs to, so their last account can be offered again; NULL for a walk-in seller.
  customer_id    TEXT REFERENCES customers(id),
  amount         INTEGER NOT NULL CHECK (amount >= 0),
  key_id         TEXT NOT NULL,
  iv             BLOB NOT NULL,
  tag            BLOB NOT NULL,
  ciphertext     BLOB NOT NULL,
  created_at     TEXT NOT NULL,
  exported_at    TEXT,                                      -- the last export; NULL until exported once
  export_count   INTEGER NOT NULL DEFAULT 0 CHECK (export_count >= 0),
  paid_at        TEXT,
  paid_by        TEXT REFERENCES staff(id),
  CHECK ((paid_at IS NULL) = (paid_by IS NULL)),
  CHECK (paid_at IS NULL OR exported_at IS NOT NULL)
);
CREATE INDEX bank_transfers_pending ON bank_transfers (created_at) WHERE paid_at IS NULL;
CREATE INDEX bank_transfers_customer ON bank_transfers (customer_id, created_at) WHERE customer_id IS NOT NULL;
