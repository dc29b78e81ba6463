// `npx tsx bench/audit-chain.ts [rows]`: B-05 / issue 13 §4 — what the keyed audit chain costs at start-up with a
// five-year log (default 2,000,000 rows, 1,000 of them written since the last verified checkpoint), and what a
// manager's full check costs. Prints value, goal and met.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/open.ts';
import { createCore } from '../main/core.ts';
import { Keyring } from '../main/crypto/keyring.ts';
import { DATABASE_FILE } from '../main/data-folder.ts';
import { reportFigure } from './report.ts';
import { appendAudit, auditKeysFrom, bindAuditKeys, chainHead, writeCheckpoint } from '../main/services/audit.ts';

const rows = Number(process.argv[2] ?? 2_000_000);
const SINCE_CHECKPOINT = 1_000;
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-audit-'));
const key = randomBytes(32);
const config = {
  dataDir,
  migrationsDir: resolve(import.meta.dirname, '../db/migrations'),
  host: 'browser' as const,
  version: 'bench',
  keyProvider: { keyId: 'bench', getKey: () => key },
};
try {
  await (await createCore(config)).close();

  // Five years of audit rows, keyed exactly as the services write them.
  const seeding = performance.now();
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  db.pragma('synchronous = OFF');
  bindAuditKeys(db, auditKeysFrom(Keyring.fromProvider(config.keyProvider)));
  let n = 0;
  const append = (count: number) =>
    db.transaction(() => {
      for (let i = 0; i < count; i++, n++) {
        appendAudit(db, new Date(Date.UTC(2021, 0, 1) + n * 80_000).toISOString(), () => `row-${n}`, {
          staffId: 'staff-1',
          terminalId: 'terminal-1',
          action: 'settlement.execute',
          entity: 'reception',
          entityId: `reception-${n}`,
          detail: { settlementId: `settlement-${n}`, total: 25_000, items: 3, cancelledItems: 0, paymentMethod: 'cash' },
        });
      }
    })();
  while (n < rows - SINCE_CHECKPOINT) append(Math.min(100_000, rows - SINCE_CHECKPOINT - n));
  db.transaction(() => writeCheckpoint(db, chainHead(db).seq, new Date().toISOString()))();
  append(SINCE_CHECKPOINT);
  db.close();
  console.log(`seeded ${rows.toLocaleString()} keyed audit rows in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const started = performance.now();
  const core = await createCore({ ...config, seedDemo: false });
  const startMs = performance.now() - started;
  const check = core.services.integrity.status().lastCheck!;
  const goal = 50;
  console.log(
    `audit chain check at start (${rows.toLocaleString()} rows, ${check.checkedRows.toLocaleString()} since the checkpoint): ` +
      `value ${check.durationMs} ms, goal ≤ ${goal} ms, ${check.durationMs <= goal && check.ok ? 'met' : 'NOT met'}`,
  );
  reportFigure({ name: 'audit chain check at start (2 M audit rows)', value: check.durationMs, unit: 'ms', goal: { max: goal } });
  console.log(`createCore until services are ready, same database: ${startMs.toFixed(0)} ms (issue 14's whole start-up goal: ≤ 500 ms)`);
  const full = await core.services.integrity.verifyFull({ staffId: 'bench', terminalId: null });
  console.log(
    `manager's full check: ${full.checkedRows.toLocaleString()} rows in ${(full.durationMs / 1000).toFixed(1)} s ` +
      `(${((full.durationMs * 1000) / full.checkedRows).toFixed(2)} µs/row; runs on request in slices, and in slices after each start)`,
  );
  await core.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
