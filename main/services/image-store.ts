/**
 * ID photos and signatures (B-04, S-11) in their own file, images.sqlite3, attached to the kiosk database as `images`,
 * so the transactional database and its backups stay small (issue 14).
 *
 * A transaction that writes two attached WAL databases is atomic per file, not across them (sqlite.org/lang_attach),
 * so no transaction here writes both. execute writes its images into main.settlement_images_pending in its own
 * transaction (one file, one commit: a settlement never exists without its images); after the commit the images are
 * copied into the images file (one commit there) and then deleted from the pending table (one commit in the main
 * file). A crash between the two leaves a copy in both places, which the next move resolves; never in neither.
 * Readers use the temporary view settlement_images, which shows each image once wherever it is.
 */
import { join } from 'node:path';
import { retentionEndsOn } from '../../common/compliance.ts';
import { tokyoDate, tokyoDayStartUtc } from '../../common/tokyo-time.ts';
import type { Db } from '../../db/open.ts';
import { cachedStatement } from '../../db/statements.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';
import { writeTransaction } from '../../db/write-transaction.ts';

export const IMAGES_FILE = 'images.sqlite3';

/** The images file that belongs beside a database or a backup: kiosk.sqlite3 → images.sqlite3 in the data folder,
 * a backup `x.sqlite3` → `x.images.sqlite3`. */
export function imagesFileBeside(databaseFile: string, kind: 'data-folder' | 'backup'): string {
  if (kind === 'data-folder') return join(databaseFile, '..', IMAGES_FILE);
  return `${databaseFile.replace(/\.sqlite3$/, '')}.images.sqlite3`;
}

/** Rows copied per round while moving, so a move of 10,000 old images (1.7 GB) never holds one huge transaction. */
const MOVE_BATCH = 50;

/** Attaches the images file (creating it) and the view readers use. Call once per connection, before migrations. */
export function attachImages(db: Db, file: string): void {
  const attached = (db.pragma('database_list') as { name: string }[]).some((d) => d.name === 'images');
  if (!attached) db.prepare('ATTACH DATABASE ? AS images').run(file);
  db.pragma('images.journal_mode = WAL');
  // Purged images are personal data: overwrite their bytes rather than leave them in free pages.
  db.pragma('images.secure_delete = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS images.settlement_images (
      id            TEXT PRIMARY KEY,
      settlement_id TEXT NOT NULL,           -- settlements.id in the kiosk database (no foreign key across files)
      kind          TEXT NOT NULL CHECK (kind IN ('id_photo', 'signature')),
      mime          TEXT NOT NULL,
      key_id        TEXT NOT NULL,
      iv            BLOB NOT NULL,
      tag           BLOB NOT NULL,
      ciphertext    BLOB NOT NULL,
      created_at    TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS images.settlement_images_settlement ON settlement_images(settlement_id);`);
}

/** After migration 031: the view that shows every image once, moved or not. */
export function createImagesView(db: Db): void {
  db.exec(`
    CREATE TEMP VIEW IF NOT EXISTS settlement_images AS
      SELECT * FROM images.settlement_images
      UNION ALL
      SELECT * FROM main.settlement_images_pending p
       WHERE NOT EXISTS (SELECT 1 FROM images.settlement_images i WHERE i.id = p.id)`);
}

export class ImageStore {
  private scheduled = false;

  constructor(private readonly deps: ServiceDeps) {}

  /** Moves every image still in the kiosk database into the images file. Returns how many moved. */
  moveIntoFile(): number {
    const { db } = this.deps;
    let moved = 0;
    const pending = (cachedStatement(db, 'SELECT COUNT(*) FROM main.settlement_images_pending').pluck().get() as number) + 1;
    // Bounded by the rows there were at the start: each round moves up to MOVE_BATCH of them.
    for (let round = 0; round * MOVE_BATCH < pending; round++) {
      const ids = cachedStatement(db, `SELECT id FROM main.settlement_images_pending ORDER BY created_at LIMIT ${MOVE_BATCH}`).pluck().all() as string[];
      if (ids.length === 0) break;
      const batch = JSON.stringify(ids);
      writeTransaction(db, () => {
        cachedStatement(
          db,
          `INSERT OR IGNORE INTO images.settlement_images
             SELECT * FROM main.settlement_images_pending WHERE id IN (SELECT value FROM json_each(?))`,
        ).run(batch);
      });
      writeTransaction(db, () => {
        cachedStatement(
          db,
          `DELETE FROM main.settlement_images_pending
            WHERE id IN (SELECT value FROM json_each(?)) AND id IN (SELECT id FROM images.settlement_images)`,
        ).run(batch);
      });
      moved += ids.length;
    }
    return moved;
  }

  /** After a commit that stored images: move them once the answer has gone back to the clerk. */
  scheduleMove(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.deps.db.open) return;
      try {
        this.moveIntoFile();
      } catch (error) {
        // Left in the kiosk database they are still shown and still safe; the next start moves them.
        console.error('images: moving into images.sqlite3 failed:', error instanceof Error ? error.message : error);
      }
    });
  }

  /**
   * Images whose settlement the kiosk database does not know (a restore put an older database beside a newer images
   * file): personal data with no record to justify it. Deleted, and the count audited.
   */
  sweepOrphans(): number {
    const { db } = this.deps;
    const orphans = cachedStatement(
      db,
      'SELECT i.id FROM images.settlement_images i WHERE NOT EXISTS (SELECT 1 FROM main.settlements s WHERE s.id = i.settlement_id)',
    ).pluck().all() as string[];
    if (orphans.length === 0) return 0;
    this.auditThenDelete('images.sweep_orphans', orphans, {});
    return orphans.length;
  }

  /**
   * kobutsu.md §4 (法18条): records are kept 3 years; after that an ID photo or signature has no reason to stay.
   * Purges the images of settlements whose retention has ended, audited (count and the last settlement day purged).
   */
  purgeExpired(): { purged: number; settledUpTo: string | null } {
    const { db } = this.deps;
    const today = tokyoDate(this.deps.clock());
    // retentionEndsOn is exact about leap days; the SQL bound only keeps the candidates few.
    const bound = tokyoDayStartUtc(`${Number(today.slice(0, 4)) - 3}${today.slice(4, 8)}01`);
    const candidates = cachedStatement(
      db,
      `SELECT i.id, s.settled_at FROM images.settlement_images i JOIN main.settlements s ON s.id = i.settlement_id
        WHERE s.settled_at < date(@bound, '+1 month')`,
    ).all({ bound }) as { id: string; settled_at: string }[];
    const expired = candidates.filter((c) => retentionEndsOn(tokyoDate(c.settled_at)) <= today);
    if (expired.length === 0) return { purged: 0, settledUpTo: null };
    const settledUpTo = expired.map((c) => tokyoDate(c.settled_at)).sort().at(-1)!;
    this.auditThenDelete('images.purge_expired', expired.map((c) => c.id), { settledUpTo, retentionYears: 3 });
    return { purged: expired.length, settledUpTo };
  }

  /**
   * The audit row commits first (kiosk database), then the deletion (images file): a crash between them leaves images
   * that the next run deletes again under a new audit row — never a deletion nobody recorded.
   */
  private auditThenDelete(action: string, ids: string[], detail: Record<string, unknown>): void {
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    writeTransaction(db, () => {
      appendAudit(db, at, this.deps.newId, { staffId: null, terminalId: null, action, entity: 'settlement_images', entityId: 'images.sqlite3', detail: { ...detail, count: ids.length } });
    });
    writeTransaction(db, () => {
      cachedStatement(db, 'DELETE FROM images.settlement_images WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
    });
  }
}
