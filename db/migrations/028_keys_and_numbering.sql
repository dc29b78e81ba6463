-- 028: numbers never issued twice, also after a restore; keys of the PC a database came from (issue 13 §5).

-- Vault keys IT imported from another PC (the one a restored database was made on), so the ID photos, signatures and
-- audit rows sealed there still open here. Each is AES-256-GCM sealed with this PC's own key (sealed_with); on any
-- other PC the row cannot be opened and is ignored until IT imports the key file there too.
CREATE TABLE vault_keys (
  key_id      TEXT PRIMARY KEY,
  sealed_with TEXT NOT NULL,
  iv          BLOB NOT NULL,
  tag         BLOB NOT NULL,
  ciphertext  BLOB NOT NULL,
  imported_at TEXT NOT NULL
);

-- The restore generation. 0 until a backup is restored without the database it replaces being readable (a new PC, a
-- dead disk): the restore cannot know what was issued after the backup, so from then on every number this PC issues
-- carries "R<generation>" in its issuer part (S001-01R1-…), a range no earlier number used. A restore that can read
-- the replaced database carries its counters forward instead and keeps the generation (main/services/numbering.ts).
CREATE TABLE IF NOT EXISTS numbering_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  INTEGER NOT NULL DEFAULT 0,
  restored_at TEXT,
  restored_from TEXT
);
INSERT OR IGNORE INTO numbering_state (id, generation) VALUES (1, 0);
