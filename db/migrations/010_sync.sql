-- 010: headquarters sync (D-06, D-08, S-02).

-- Set when HQ refused the row for good (invalid payload, or its UUID already held with another body). The pusher
-- skips such rows so they never block the queue; they stay visible (sync badge, last_error) until IT requeues them.
ALTER TABLE outbox ADD COLUMN dead_at TEXT;
CREATE INDEX outbox_pending ON outbox(dead_at, seq);

-- The HQ connection set by IT (provisioning). One row. The token is AES-256-GCM encrypted with the key provider.
CREATE TABLE sync_config (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  hq_url           TEXT NOT NULL,
  store_code       TEXT NOT NULL,
  terminal_code    TEXT NOT NULL,
  token_key_id     TEXT NOT NULL,
  token_iv         BLOB NOT NULL,
  token_tag        BLOB NOT NULL,
  token_ciphertext BLOB NOT NULL,
  updated_at       TEXT NOT NULL
);

-- The last terminal lease HQ confirmed to this device (S-02), kept for the offline sign-in rule.
CREATE TABLE sync_lease (
  terminal_code TEXT PRIMARY KEY,
  device_id     TEXT NOT NULL,
  lease_id      TEXT NOT NULL,
  confirmed_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL
);

-- Small sync facts that must survive a restart (last_sync_at).
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
