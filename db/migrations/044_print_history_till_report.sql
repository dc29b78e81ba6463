-- 044: the till's close report (issue 15, M-07) is a printed document like a receipt: its first print is the original,
-- any later print (from the 現金管理 screen) is marked 再発行 (Q-03). SQLite cannot alter the kind CHECK, so the
-- small table is rebuilt with its rows. subject_id of a close report is the till session id.
CREATE TABLE print_history_new (
  kind             TEXT NOT NULL CHECK (kind IN ('receipt', 'slip', 'label', 'till_report')),
  subject_id       TEXT NOT NULL,                -- reception id (receipt, slip), reception item id (label), till session id
  first_printed_at TEXT NOT NULL,
  PRIMARY KEY (kind, subject_id)
);
INSERT INTO print_history_new (kind, subject_id, first_printed_at) SELECT kind, subject_id, first_printed_at FROM print_history;
DROP TABLE print_history;
ALTER TABLE print_history_new RENAME TO print_history;
