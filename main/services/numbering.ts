// Issue 13 §5 (P-01, P-07): a reception, stock or member number once issued is never issued again, also after a
// restore. Used by restoreDatabase on the copy about to go live, before it replaces the current database.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../db/open.ts';

/** What a database has issued so far: the counters' high-water marks and its restore generation. */
export interface NumberingMarks {
  counters: { name: string; last: number }[];
  sequences: { terminal_id: string; day: string; last: number }[];
  generation: number;
}

export interface NumberingOutcome {
  /** Where the counters were carried forward from; empty when nothing readable was there (a new PC, a dead disk). */
  carriedFrom: string[];
  /** The restore generation the restored database issues under (raised when the replaced database was unreadable). */
  generation: number;
  /** True when the generation had to be raised: numbers now carry "R<generation>". */
  raised: boolean;
}

// Same definition as db/migrations/028 (IF NOT EXISTS there too): a backup from before 028 gets the table here so the
// generation can be recorded before the migrations run at the next start.
const NUMBERING_STATE_DDL = `CREATE TABLE IF NOT EXISTS numbering_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  INTEGER NOT NULL DEFAULT 0,
  restored_at TEXT,
  restored_from TEXT
)`;

function hasTable(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function readNumberingMarks(db: Db): NumberingMarks {
  return {
    counters: hasTable(db, 'counters') ? (db.prepare('SELECT name, last FROM counters').all() as NumberingMarks['counters']) : [],
    sequences: hasTable(db, 'reception_sequences')
      ? (db.prepare('SELECT terminal_id, day, last FROM reception_sequences').all() as NumberingMarks['sequences'])
      : [],
    generation: hasTable(db, 'numbering_state')
      ? ((db.prepare('SELECT generation FROM numbering_state WHERE id = 1').get() as { generation: number } | undefined)?.generation ?? 0)
      : 0,
  };
}

/** Reads the marks of a database file read-only; null when it is missing or cannot be read (damaged, not SQLite). */
export function readNumberingMarksOfFile(file: string): NumberingMarks | null {
  if (!existsSync(file)) return null;
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return readNumberingMarks(db);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/**
 * Makes the database about to go live (`restored`, an open connection to the checked copy) issue numbers above
 * everything the database it replaces — and any earlier replaced copies kept beside it — had issued. When the replaced
 * database itself cannot be read, nobody on this PC can know what it issued after the backup was taken, so the
 * restored database moves to a new restore generation: its numbers carry "R<n>" and cannot meet any earlier one.
 */
export function carryNumberingForward(restored: Db, replacedFile: string, restoredAt: string, restoredFrom: string): NumberingOutcome {
  const folder = path.dirname(replacedFile);
  const earlierCopies = existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.startsWith(`${path.basename(replacedFile)}.before-restore-`))
        .map((name) => path.join(folder, name))
    : [];
  const replaced = readNumberingMarksOfFile(replacedFile);
  const sources = [replaced ? { file: replacedFile, marks: replaced } : null, ...earlierCopies.map((file) => ({ file, marks: readNumberingMarksOfFile(file) }))]
    .filter((source): source is { file: string; marks: NumberingMarks } => source !== null && source.marks !== null);
  const own = readNumberingMarks(restored);
  const generation = Math.max(own.generation, ...sources.map((s) => s.marks.generation));
  const raised = replaced === null;
  const finalGeneration = raised ? generation + 1 : generation;
  restored.transaction(() => {
    if (hasTable(restored, 'counters')) {
      const counter = restored.prepare(
        'INSERT INTO counters (name, last) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last = max(last, excluded.last)',
      );
      for (const { marks } of sources) for (const row of marks.counters) counter.run(row.name, row.last);
    }
    if (hasTable(restored, 'reception_sequences') && hasTable(restored, 'terminals')) {
      const sequence = restored.prepare(
        `INSERT INTO reception_sequences (terminal_id, day, last)
         SELECT @terminal_id, @day, @last WHERE EXISTS (SELECT 1 FROM terminals WHERE id = @terminal_id)
         ON CONFLICT (terminal_id, day) DO UPDATE SET last = max(last, excluded.last)`,
      );
      for (const { marks } of sources) for (const row of marks.sequences) sequence.run(row);
    }
    restored.exec(NUMBERING_STATE_DDL);
    restored
      .prepare(
        `INSERT INTO numbering_state (id, generation, restored_at, restored_from) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, restored_at = excluded.restored_at,
           restored_from = excluded.restored_from`,
      )
      .run(finalGeneration, restoredAt, restoredFrom);
  })();
  return { carriedFrom: sources.map((s) => s.file), generation: finalGeneration, raised };
}
