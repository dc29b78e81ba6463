-- N-02: a settlement HQ stores closes its reception's claim for good instead of deleting it. Deleting left a window:
-- a claim that had checked "no settlement yet" just before the settlement committed then found no row and was
-- granted, and the second PC settled the reception again (seen 1 round in 150 of two PCs pressing 精算実行 together on
-- PostgreSQL). A closed row makes the claim's own conditional upsert fail, atomically, whatever the interleaving.
ALTER TABLE reception_claims ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
