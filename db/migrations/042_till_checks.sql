-- 042: checks (点検) of a till kept as rows (issue 15, M-05 / M-07). A check counts the drawer mid-session without
-- closing it; until now it lived only in the audit log. The close report and the 現金管理 screen list a session's
-- checks, so they get their own table. Checks already made are copied from their audit entries (the audit stays).
CREATE TABLE till_checks (
  id              TEXT PRIMARY KEY,                 -- UUID
  till_session_id TEXT NOT NULL REFERENCES till_sessions(id),
  at              TEXT NOT NULL,
  staff_id        TEXT NOT NULL REFERENCES staff(id),
  expected        INTEGER NOT NULL,
  counted         INTEGER NOT NULL CHECK (counted >= 0),
  difference      INTEGER NOT NULL CHECK (difference = counted - expected),
  counts          TEXT NOT NULL CHECK (json_valid(counts))
);
CREATE INDEX till_checks_session ON till_checks (till_session_id, at);

INSERT INTO till_checks (id, till_session_id, at, staff_id, expected, counted, difference, counts)
SELECT a.id, a.entity_id, a.at, a.staff_id, json_extract(a.detail, '$.expected'), json_extract(a.detail, '$.counted'),
       json_extract(a.detail, '$.difference'), json_extract(a.detail, '$.counts')
  FROM audit_log a
 WHERE a.action = 'till.check' AND a.staff_id IS NOT NULL AND json_valid(a.detail)
   AND a.entity_id IN (SELECT id FROM till_sessions);
