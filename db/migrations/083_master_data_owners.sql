-- 083: HQ also publishes agreement terms, staff and chain-central buyback settings (A-04, issue 17). owner says who may
-- change a row: 'hq' rows came from HQ's master data and are read-only at the store; 'store' rows are the shop's own.
-- Terms: an HQ version gets the next local version number (settlements name local versions); hq_version is the HQ
-- change it came from. Staff: HQ-published staff carry HQ's PIN hash. Settings: a key HQ published stays HQ's.
ALTER TABLE agreement_terms ADD COLUMN owner TEXT NOT NULL DEFAULT 'store' CHECK (owner IN ('store', 'hq'));
ALTER TABLE agreement_terms ADD COLUMN hq_version INTEGER;
ALTER TABLE staff ADD COLUMN owner TEXT NOT NULL DEFAULT 'store' CHECK (owner IN ('store', 'hq'));
ALTER TABLE settings ADD COLUMN owner TEXT NOT NULL DEFAULT 'store' CHECK (owner IN ('store', 'hq'));

-- What a pull applied, written in the pull's transaction, waiting for its audit entry. The pull runs in the sync
-- worker, whose connection does not hold the audit chain key (it stays in the main process): the main process turns
-- these rows into audit entries — in order, with the pull's time — and deletes them in one transaction.
CREATE TABLE master_data_journal (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail    TEXT NOT NULL
);
