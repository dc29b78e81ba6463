import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The kiosk applies every migration numbered above the database's PRAGMA user_version (db/migrate.ts). A counter PC
 * that runs a released build is at that build's last number, so a migration added later with a LOWER number would be
 * skipped there forever while fresh installs and every test get it: the upgraded PC then fails on a missing column.
 * (It happened once: A-04's owners came as 064 after 080 had shipped, and was renumbered 083 at the merge.)
 *
 * RELEASED lists the migration files of the last landed release; when a release lands, add its new files here.
 */
const RELEASED = [
  '001_initial.sql', '002_catalogue_terms_drafts.sql', '003_compliance.sql', '010_sync.sql', '013_in_store_jan.sql',
  '014_print_history.sql', '020_outbox_kinds.sql', '025_audit_keyed.sql', '026_settled_guards.sql',
  '027_sign_in_attempts.sql', '028_keys_and_numbering.sql', '030_search_and_indexes.sql', '031_images_file.sql',
  '032_stock_search.sql', '040_till.sql', '041_till_close.sql', '042_till_checks.sql', '043_outbox_till_close.sql',
  '044_print_history_till_report.sql', '045_bank_transfers.sql', '050_documents.sql', '060_catalog.sql',
  '061_price_points.sql', '062_metals.sql', '063_master_data.sql', '070_customer_confirmations.sql',
  '080_reception_outbox.sql',
];

const versionOf = (file: string) => Number(file.slice(0, 3));

describe('kiosk migrations against the last release', () => {
  const files = readdirSync(join(import.meta.dirname, '../../db/migrations')).filter((f) => f.endsWith('.sql'));

  it('D-09 every released migration is still there, unchanged in name (a renamed one would run twice or never)', () => {
    expect(RELEASED.filter((f) => !files.includes(f))).toEqual([]);
  });

  it('D-09 every migration added since the release is numbered above it, so an upgraded counter PC applies it', () => {
    const lastReleased = Math.max(...RELEASED.map(versionOf));
    const added = files.filter((f) => !RELEASED.includes(f));
    expect(added.filter((f) => versionOf(f) <= lastReleased)).toEqual([]);
  });
});
