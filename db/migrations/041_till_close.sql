-- 041: closing a till (issue 15, M-05). The close counts the drawer per denomination and keeps what was expected,
-- what was counted and the difference (counted − expected), with the manager who approved a difference above the
-- shop's limit. A closed session is history: nothing is added to it again (till_movements refuse a closed session
-- in the service, and the one-open index lets the counter open a new session).
ALTER TABLE till_sessions ADD COLUMN closed_by TEXT REFERENCES staff(id);
ALTER TABLE till_sessions ADD COLUMN closing_counts TEXT CHECK (closing_counts IS NULL OR json_valid(closing_counts));
ALTER TABLE till_sessions ADD COLUMN closing_expected INTEGER;
ALTER TABLE till_sessions ADD COLUMN closing_counted INTEGER CHECK (closing_counted IS NULL OR closing_counted >= 0);
ALTER TABLE till_sessions ADD COLUMN closing_difference INTEGER;
ALTER TABLE till_sessions ADD COLUMN close_approved_by TEXT REFERENCES staff(id);
