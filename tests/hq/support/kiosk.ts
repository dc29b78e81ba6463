/** A real kiosk database (tmp file, every migration) with outbox rows, as the settlement service would write them. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate } from '../../../db/migrate.ts';
import { type Db, openDatabase } from '../../../db/open.ts';
import type { CancellationPayload, SettlementPayload } from 'kaitori-sync-protocol';
import { Keyring } from '../../../main/crypto/keyring.ts';
import { fileKeyProvider } from '../../../main/host/file-key-provider.ts';
import { auditKeysFrom, bindAuditKeys } from '../../../main/services/audit.ts';
import { makeSettlementPayload } from './factory.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../db/migrations/', import.meta.url));

export interface KioskDb {
  db: Db;
  file: string;
  dir: string;
  dispose(): void;
}

export function createKioskDb(): KioskDb {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-sync-'));
  const file = join(dir, 'kiosk.sqlite3');
  const db = openDatabase(file);
  migrate(db, loadMigrations(MIGRATIONS_DIR));
  bindKioskKeys(db, dir);
  return {
    db,
    file,
    dir,
    dispose() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The audit chain key of the kiosk whose folder this is, bound to a connection as createCore binds it. */
export function bindKioskKeys(db: Db, dir: string): void {
  bindAuditKeys(db, auditKeysFrom(Keyring.fromProvider(fileKeyProvider(dir))));
}

export function enqueueSettlement(db: Db, payload: SettlementPayload, createdAt = payload.settledAt): void {
  db.prepare(
    "INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES (?, 'settlement', ?, ?, ?)",
  ).run(randomUUID(), payload.settlementId, JSON.stringify(payload), createdAt);
}

export function enqueueCancellation(db: Db, payload: CancellationPayload): void {
  db.prepare(
    "INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES (?, 'cancellation', ?, ?, ?)",
  ).run(randomUUID(), payload.receptionId, JSON.stringify(payload), payload.cancelledAt);
}

/** Queues n settlements in one transaction; returns their ids. */
export function enqueueMany(db: Db, n: number, run: string): string[] {
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const payload = makeSettlementPayload(i, { run });
      enqueueSettlement(db, payload);
      ids.push(payload.settlementId);
    }
  })();
  return ids.sort();
}

export function outboxRows(db: Db): { aggregate_id: string; attempts: number; last_error: string | null; dead_at: string | null; next_attempt_at: string | null }[] {
  return db
    .prepare('SELECT aggregate_id, attempts, last_error, dead_at, next_attempt_at FROM outbox ORDER BY seq')
    .all() as ReturnType<typeof outboxRows>;
}
