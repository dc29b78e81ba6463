-- 027: terminal sign-in attempts (issue 13 §6). Failures in a row per terminal code typed (known or not), kept in the
-- database so a restart does not wipe them; a success clears the row. The wait itself is main/domain/attempt-limits.ts.
CREATE TABLE terminal_sign_in_failures (
  code            TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  blocked_until   TEXT
);
