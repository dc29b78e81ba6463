-- 031: ID photos and signatures live in their own file, images.sqlite3 (issue 14: 10,000 image settlements made the
-- database 1.7 GB, and every backup with it). execute still writes an image in its own transaction, into this table
-- (renamed, rows kept), so the settlement and its images commit together in one file; right after the commit the
-- application moves them into images.sqlite3 — copy, then delete, each step committed in one file, so a crash leaves
-- an image in one place or both, never in none (main/services/image-store.ts). Existing images move the same way at
-- the first start after this migration. Readers see both places through the temporary view settlement_images.
ALTER TABLE settlement_images RENAME TO settlement_images_pending;
