-- 014: Q-03 — which documents have been printed once, so any later print of the same one is marked 再発行 with the
-- time of the reprint. One row per document: a settlement's receipt, a reception's slip, an item's label.
CREATE TABLE print_history (
  kind             TEXT NOT NULL CHECK (kind IN ('receipt', 'slip', 'label')),
  subject_id       TEXT NOT NULL,                -- reception id (receipt, slip) or reception item id (label)
  first_printed_at TEXT NOT NULL,
  PRIMARY KEY (kind, subject_id)
);
