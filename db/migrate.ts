import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './open.ts';
import { writeTransaction } from './write-transaction.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) return null;
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .filter((m): m is Migration => m !== null)
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`two migrations share version ${migrations[i]!.version}`);
    }
  }
  return migrations;
}

/**
 * Applies every migration newer than PRAGMA user_version, each in its own transaction together with the
 * user_version bump, so a migration that fails leaves the database exactly as it was before it.
 * A database newer than this build (user_version above the last migration) is refused rather than guessed at.
 */
export function migrate(db: Db, migrations: Migration[]): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new Error(`database schema version ${from} is newer than this build (${latest}); refusing to open it`);
  }
  // Foreign keys cannot be switched inside a transaction; migrations that rebuild tables need them off.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      // IMMEDIATE, and the version read again under the lock: another connection (the sync worker, a second instance)
      // may have applied this migration meanwhile.
      writeTransaction(db, () => {
        if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${migration.version} broke foreign keys`);
        db.pragma(`user_version = ${migration.version}`);
      });
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return { from, to: Math.max(from, latest) };
}
