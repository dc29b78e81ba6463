// Composition root: builds every service from a plain config. Electron's main/index.ts and the browser host both
// call createCore(); nothing here or below imports electron (STYLE.md 1).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { type Db, openDatabase } from '../db/open.ts';
import { Keyring } from './crypto/keyring.ts';
import type { KeyProvider } from './crypto/keys.ts';
import type { Handlers } from './dispatch.ts';
import { KioskEventBus } from './events.ts';
import { buildHandlers } from './handlers.ts';
import { createPrintingService } from './printing/service.ts';
import { AccountsService } from './services/accounts.ts';
import { auditKeysFrom, bindAuditKeys } from './services/audit.ts';
import { latestHqTermsVersion } from './sync/master-data.ts';
import { CustomerDisplayService } from './services/customer-display.ts';
import { CustomersService } from './services/customers.ts';
import { refreshCatalogSearchIndex, refreshSearchIndex, refreshStockSearchIndex, registerSearchFunctions } from './search/index.ts';
import { seedDemoData } from './services/demo.ts';
import { attachImages, createImagesView, IMAGES_FILE, ImageStore } from './services/image-store.ts';
import { PROVISIONING_FILE, provisionFromDataDir } from './services/device-provisioning.ts';
import { DocumentsService } from './services/documents.ts';
import { DraftsService } from './services/drafts.ts';
import { IntegrityService } from './services/integrity.ts';
import type { ServiceDeps } from './services/deps.ts';
import type { CoreConfig, Services } from './services/types.ts';
import { KioskPrinting } from './services/printing.ts';
import { TillService } from './services/till.ts';
import { BankTransferService } from './services/bank-transfers.ts';
import { LedgerService } from './services/ledger.ts';
import { ReceptionsService } from './services/receptions.ts';
import { claimGuard, isForeignReception } from './services/foreign-receptions.ts';
import { ReceptionClaimsService } from './services/reception-claims.ts';
import { currentTerms, SettlementService } from './services/settlement.ts';
import { findReceptionRow } from './services/reception-queries.ts';
import { readSetting } from './services/settings.ts';
import { OpenScreens } from './shell/counter-state.ts';
import { ImageVault } from './services/vault.ts';
import { loadImportedKeys, VaultKeysService } from './services/vault-keys.ts';
import { KioskSync } from './sync/kiosk-sync.ts';
import { ensureDeviceId, HqTerminalLease } from './sync/terminal-lease.ts';
import { DATABASE_FILE, preparePrivateFolder } from './data-folder.ts';

// Re-exported so callers that build a core need one import; the definitions live where services can reach them.
export type { CoreConfig, CoreSyncOptions, Services } from './services/types.ts';
export type { KeyProvider };
export { DATABASE_FILE };

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


export async function createCore(config: CoreConfig): Promise<Core> {
  preparePrivateFolder(config.dataDir);
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  registerSearchFunctions(db);
  attachImages(db, join(config.dataDir, IMAGES_FILE));
  const migrations = loadMigrations(config.migrationsDir);
  migrate(db, migrations);
  createImagesView(db);
  // Receptions and stock changed while the app was not running (or every one, the first time after the upgrade that
  // added a search index) are folded into it now; normally there are none and this costs one indexed read each.
  refreshSearchIndex(db);
  refreshStockSearchIndex(db);
  refreshCatalogSearchIndex(db);
  const events = new KioskEventBus();
  const deps: ServiceDeps = {
    db,
    events,
    clock: config.clock ?? (() => new Date()),
    newId: config.newId ?? randomUUID,
  };
  // This PC's key plus any IT imported from the PC this database came from (issue 13 §5).
  const keyring = Keyring.fromProvider(config.keyProvider, loadImportedKeys(db, config.keyProvider));
  const auditKeys = auditKeysFrom(keyring);
  bindAuditKeys(db, auditKeys);
  // B-05: before anyone works, the audit chain since the last verified checkpoint (issue 13 §4).
  const integrity = new IntegrityService(deps, migrations);
  integrity.checkAtStart();
  // A-04 V-02: the sync worker applies (and audits) HQ's master data on its own connection; HQ's new terms void a
  // customer's agreement to the old ones on their screen, as a manager's save does. Each worker status asks.
  let onPulledTerms = () => {};
  let heldHqTerms = latestHqTermsVersion(db);
  const noticePulledTerms = () => {
    // A status can still arrive while the core closes; a read on the closed connection would throw in the listener.
    if (!db.open) return;
    const latest = latestHqTermsVersion(db);
    if (latest === heldHqTerms) return;
    heldHqTerms = latest;
    onPulledTerms();
  };
  const receptions = new ReceptionsService(deps);
  const images = new ImageStore(deps);
  const sync = new KioskSync({
    db,
    dbFile: join(config.dataDir, DATABASE_FILE),
    keyProvider: config.keyProvider,
    clock: deps.clock,
    onStatus: (status) => {
      noticePulledTerms();
      events.emit('sync:status', status);
    },
    ...(config.sync?.workerUrl ? { workerUrl: config.sync.workerUrl } : {}),
    ...(config.sync?.tuning ? { tuning: config.sync.tuning } : {}),
    ...(config.sync?.spawnWorker ? { spawnWorker: config.sync.spawnWorker } : {}),
    auditKey: { keyId: auditKeys.current.keyId, keyHex: auditKeys.current.key.toString('hex') },
  });
  receptions.onCommitted(() => sync.wake());
  const customers = new CustomersService(deps);
  customers.onCommitted(() => sync.wake());
  const lease = new HqTerminalLease({
    db,
    connection: () => sync.connection(),
    deviceId: ensureDeviceId(db, deps.newId),
    clock: deps.clock,
    ...(config.fetch ? { fetch: config.fetch } : {}),
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
  const till = new TillService(deps);
  const accounts = new AccountsService(deps, lease);
  const drafts = new DraftsService(deps);
  const vault = new ImageVault(keyring);
  const bankTransfers = new BankTransferService(deps, vault);
  const settlement = new SettlementService(
    deps,
    receptions,
    vault,
    printing.settlementHooks(() => {
      sync.wake();
      images.scheduleMove();
    }),
    till,
    bankTransfers,
  );
  const customerDisplay = new CustomerDisplayService(
    deps,
    {
      reception: (receptionId) => (findReceptionRow(db, receptionId) ? receptions.get(receptionId) : null),
      cancelledItemIds: (receptionId) => drafts.load(receptionId)?.cancelledItemIds ?? [],
      terms: () => currentTerms(db),
      terminal: () => accounts.currentTerminal(),
      stageSignature: (receptionId, dataUrl) => void settlement.stageImage(receptionId, 'signature', dataUrl),
      dropSignature: (receptionId) => settlement.dropImage(receptionId, 'signature'),
    },
    config.customerThanksMs,
  );
  onPulledTerms = () => customerDisplay.termsSaved();
  const services: Services = {
    accounts,
    drafts,
    customers,
    receptions,
    ledger: new LedgerService(deps),
    settlement,
    printing,
    till,
    bankTransfers,
    sync,
    integrity,
    vaultKeys: new VaultKeysService(deps, keyring),
    screens: new OpenScreens(),
    customerDisplay,
    documents: new DocumentsService(deps, receptions, {
      imageOf: (imageId) => settlement.settledImage(imageId),
      ...(config.documents ? { renderer: config.documents } : {}),
      ...(config.desktop?.saveFile ? { saveFile: config.desktop.saveFile } : {}),
    }),
    printLabels: (receptionId, itemIds) => printing.printReceptionLabels(receptionId, itemIds),
    // N-02, N-03: one record of the claims this PC holds (the guard below reads it); another PC's reception (the store
    // feed's) is only edited under a live claim.
    claims: new ReceptionClaimsService({
      db,
      provisioned: () => sync.describe() !== null,
      send: (call) => sync.claim(call),
      isForeignReception: (id) => isForeignReception(db, id),
      signedIn: (clientId) => ['staff', 'manager'].includes(accounts.heldRole(clientId)),
    }),
  };
  receptions.guardEdits(claimGuard(db, services.claims));
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
  const backgroundCheck = new AbortController();
  const checking = integrity.checkInBackground(backgroundCheck.signal).catch(() => {});
  // Image housekeeping never delays start-up: moving what execute left in the kiosk database (and, once after the
  // upgrade, every older image), orphans after a mismatched restore, and the 3-year retention purge (audited), now and
  // then daily while the app runs.
  const imageJobs = () => {
    if (!db.open) return;
    try {
      images.moveIntoFile();
      images.sweepOrphans();
      images.purgeExpired();
    } catch (error) {
      console.error('images: housekeeping failed:', error instanceof Error ? error.message : error);
    }
  };
  const firstImageJobs = setImmediate(imageJobs);
  const dailyImageJobs = setInterval(imageJobs, 24 * 3_600_000).unref();
  // P-05: the idle lock is enforced by the main process and pushed to the screen, whatever the screen is doing.
  const idleWatch = setInterval(() => {
    services.accounts.lockIdleSessions();
    // N-02: a locked clerk's screen can no longer release its claim itself.
    services.claims.releaseAbandoned();
  }, config.idleCheckMs ?? 5_000);
  idleWatch.unref();
  events.on('session:changed', () => services.claims.releaseAbandoned());
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
      backgroundCheck.abort();
      customerDisplay.close();
      clearInterval(idleWatch);
      // Synchronous when nothing runs, so a caller that does not await still closes the database.
      if (sync.running || lease.busy || resuming) {
        await checking;
        await resuming;
        await Promise.all([sync.stop(), lease.close()]);
      }
      clearImmediate(firstImageJobs);
      clearInterval(dailyImageJobs);
      db.close();
    },
  };
}
