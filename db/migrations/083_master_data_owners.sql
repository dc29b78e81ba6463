-- 083: HQ also publishes agreement terms, staff and chain-central buyback settings (A-04, issue 17). owner says who may
-- change a row: 'hq' rows came from HQ's master data and are read-only at the store; 'store' rows are the shop's own.
-- Terms: an HQ version gets the next local version number (settlements name local versions); hq_version is the HQ
-- change it came from. Staff: HQ-published staff carry HQ's PIN hash. Settings: a key HQ published stays HQ's.
ALTER TABLE agreement_terms ADD COLUMN owner TEXT NOT NULL DEFAULT 'store' CHECK (owner IN ('store', 'hq'));
ALTER TABLE agreement_terms ADD COLUMN hq_version INTEGER;
ALTER TABLE staff ADD COLUMN owner TEXT NOT NULL DEFAULT 'store' CHECK (owner IN ('store', 'hq'));
ALTER TABLE settings ADD COLUMN owner TEXT NOT NULL DEFAULT 'store' CHECK (owner IN ('store', 'hq'));
