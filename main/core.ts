// Composition root: builds every service from a plain config. Electron's main/index.ts and the browser host both
// call createCore(); nothing here or below imports electron (STYLE.md 1).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import type { Handlers } from './dispatch.ts';
import { KioskEventBus } from './events.ts';
import { buildHandlers } from './handlers.ts';
import { createPrintingService } from './printing/service.ts';
import type { PrintJob } from '../common/printing.ts';
import { AccountsService } from './services/accounts.ts';
import { CustomersService } from './services/customers.ts';
import { seedDemoData } from './services/demo.ts';
import { PROVISIONING_FILE, provisionFromDataDir } from './services/device-provisioning.ts';
import { DraftsService } from './services/drafts.ts';
import type { ServiceDeps } from './services/deps.ts';
import { KioskPrinting } from './services/printing.ts';
import { LedgerService } from './services/ledger.ts';
import { ReceptionsService } from './services/receptions.ts';
import { SettlementService } from './services/settlement.ts';
import { readSetting } from './services/settings.ts';
import { ImageVault } from './services/vault.ts';
import { KioskSync } from './sync/kiosk-sync.ts';
import type { SyncTuning } from './sync/sync-client.ts';
import { ensureDeviceId, HqTerminalLease } from './sync/terminal-lease.ts';

export interface KeyProvider {
  /** Identifies the key so a future rotation can tell old ciphertexts apart. */
  readonly keyId: string;
  /** A 32-byte AES-256 key. */
  getKey(): Buffer;
}

export interface CoreConfig {
  /** Folder holding kiosk.sqlite3 and the device's other files. */
  dataDir: string;
  /** Folder of db/migrations/NNN_name.sql. */
  migrationsDir: string;
  host: 'electron' | 'browser';
  version: string;
  /** Encrypts ID photos and signatures (B-04): Electron safeStorage in the app, a file key elsewhere. */
  keyProvider: KeyProvider;
  clock?: () => Date;
  newId?: () => string;
  /** Seed the demo store, accounts and receptions when the database is new and no provision.json is there. Default true. */
  seedDemo?: boolean;
  /** HQ sync (D-06) and the terminal lease (S-02); they start only once the kiosk is provisioned. */
  sync?: CoreSyncOptions;
  /** How often idle staff sessions are looked for and locked (P-05). Default 5 s. */
  idleCheckMs?: number;
}

export interface CoreSyncOptions {
  /** The sync worker's entry: Electron passes the bundled sync-worker.js; by default main/sync/worker.ts via tsx. */
  workerUrl?: URL;
  tuning?: SyncTuning;
  /** Lease heartbeat period; by default what HQ asks for. */
  leaseHeartbeatMs?: number;
  leaseRequestTimeoutMs?: number;
}

export interface Services {
  accounts: AccountsService;
  customers: CustomersService;
  receptions: ReceptionsService;
  settlement: SettlementService;
  /** 古物台帳 (B-02): ledger lines, CSV and corrections. */
  ledger: LedgerService;
  drafts: DraftsService;
  /** Receipts, labels and slips, the print queue and 周辺機器設定. */
  printing: KioskPrinting;
  /** HQ sync: provisioning, the worker, the badge's status (D-06, D-08). */
  sync: KioskSync;
  /** S-07: prints a price label for each selected item; refuses with PRINTER_OFF when the label printer is off. */
  printLabels(receptionId: string, itemIds: string[]): Promise<{ printed: number; job: PrintJob }>;
}

export interface Core {
  db: Db;
  events: KioskEventBus;
  services: Services;
  handlers: Handlers;
  config: CoreConfig;
  /** True when the demo store was seeded into this data folder. */
  demo: boolean;
  /** S-02 where HQ is provisioned: the lease the terminal sign-in holds. */
  lease: HqTerminalLease;
  /** Stops the sync worker and the lease heartbeat, then closes the database. */
  close(): Promise<void>;
}

export const DATABASE_FILE = 'kiosk.sqlite3';

export async function createCore(config: CoreConfig): Promise<Core> {
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  migrate(db, loadMigrations(config.migrationsDir));
  const events = new KioskEventBus();
  const deps: ServiceDeps = {
    db,
    events,
    clock: config.clock ?? (() => new Date()),
    newId: config.newId ?? randomUUID,
  };
  const receptions = new ReceptionsService(deps);
  const sync = new KioskSync({
    db,
    dbFile: join(config.dataDir, DATABASE_FILE),
    keyProvider: config.keyProvider,
    clock: deps.clock,
    onStatus: (status) => events.emit('sync:status', status),
    ...(config.sync?.workerUrl ? { workerUrl: config.sync.workerUrl } : {}),
    ...(config.sync?.tuning ? { tuning: config.sync.tuning } : {}),
  });
  const lease = new HqTerminalLease({
    db,
    connection: () => sync.connection(),
    deviceId: ensureDeviceId(db, deps.newId),
    clock: deps.clock,
    ...(config.sync?.leaseHeartbeatMs ? { heartbeatMs: config.sync.leaseHeartbeatMs } : {}),
    ...(config.sync?.leaseRequestTimeoutMs ? { requestTimeoutMs: config.sync.leaseRequestTimeoutMs } : {}),
  });
  const printing = new KioskPrinting(
    deps,
    receptions,
    createPrintingService({
      // Read at each job, so a settings change applies to the next print without a restart.
      getSettings: () => readSetting(db, 'printers'),
      clock: deps.clock,
      newId: deps.newId,
      onJobChanged: (job) => events.emit('print:job', job),
    }),
  );
  const services: Services = {
    accounts: new AccountsService(deps, lease),
    drafts: new DraftsService(deps),
    customers: new CustomersService(deps),
    receptions,
    ledger: new LedgerService(deps),
    settlement: new SettlementService(deps, receptions, new ImageVault(config.keyProvider), printing.settlementHooks(() => sync.wake())),
    printing,
    sync,
    printLabels: (receptionId, itemIds) => printing.printReceptionLabels(receptionId, itemIds),
  };
  const unprovisioned = (db.prepare('SELECT COUNT(*) AS n FROM stores').get() as { n: number }).n === 0;
  if (unprovisioned) {
    // A real counter PC starts from IT's provisioning file (applied at the first start that finds a valid one);
    // without one, a development run gets the demo store.
    const provisioned = provisionFromDataDir(db, join(config.dataDir, PROVISIONING_FILE), {
      now: deps.clock().toISOString(),
      newId: deps.newId,
      keys: config.keyProvider,
    });
    if (!provisioned && (config.seedDemo ?? true)) await seedDemoData(deps, services);
  }
  const demo = (db.prepare(`SELECT COUNT(*) AS n FROM stores WHERE code = 'S001'`).get() as { n: number }).n > 0;
  sync.start();
  // P-05: the idle lock is enforced by the main process and pushed to the screen, whatever the screen is doing.
  const idleWatch = setInterval(() => services.accounts.lockIdleSessions(), config.idleCheckMs ?? 5_000);
  idleWatch.unref();
  // A terminal session left open by the last run re-takes its HQ lease in the background: startup never waits for HQ.
  const resuming = sync.describe() ? services.accounts.resumeLease().catch(() => {}) : null;
  return {
    db,
    events,
    services,
    handlers: buildHandlers({ config, services, deps, demo }),
    config,
    demo,
    lease,
    close: async () => {
      clearInterval(idleWatch);
      // Synchronous when nothing runs, so a caller that does not await still closes the database.
      if (sync.running || lease.busy || resuming) {
        await resuming;
        await Promise.all([sync.stop(), lease.close()]);
      }
      db.close();
    },
  };
}
