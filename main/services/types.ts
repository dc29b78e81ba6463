// What the composition root (main/core.ts) is configured with and what it hands out. Kept apart from core.ts so
// handlers and services can name these types without importing the root that imports them (STYLE.md 17).
import type { TillService } from './till.ts';
import type { PrintJob } from '../../common/printing.ts';
import type { KeyProvider } from '../crypto/keys.ts';
import type { KioskSync } from '../sync/kiosk-sync.ts';
import type { OpenScreens } from '../shell/counter-state.ts';
import type { DesktopPort } from '../shell/desktop-port.ts';
import type { SpawnSyncWorker, SyncTuning } from '../sync/sync-client.ts';
import type { AccountsService } from './accounts.ts';
import type { CustomerDisplayService } from './customer-display.ts';
import type { CustomersService } from './customers.ts';
import type { DocumentRenderer, DocumentsService } from './documents.ts';
import type { DraftsService } from './drafts.ts';
import type { IntegrityService } from './integrity.ts';
import type { LedgerService } from './ledger.ts';
import type { KioskPrinting } from './printing.ts';
import type { ReceptionsService } from './receptions.ts';
import type { SettlementService } from './settlement.ts';
import type { VaultKeysService } from './vault-keys.ts';

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
  /** What only the Electron shell can do (updates, …); the browser host has none. */
  desktop?: DesktopPort;
  /**
   * The HTTP client for HQ calls made in this process (the terminal lease). Electron passes net.fetch, Chromium's
   * stack, which honours the OS proxy/PAC and certificate store like the updater does; by default Node's fetch.
   */
  fetch?: typeof fetch;
  /** How often idle staff sessions are looked for and locked (P-05). Default 5 s. */
  idleCheckMs?: number;
  /** V-01: how long the customer's screen shows its thank-you after a settlement (default THANKS_MS). */
  customerThanksMs?: number;
  /**
   * what turns a document into a PDF (and, in Electron, prints it): a hidden window in Electron, headless
   * Chromium in the browser host. Without one, documents can still be printed by the page itself, not saved as PDF.
   */
  documents?: DocumentRenderer;
}

export interface CoreSyncOptions {
  /** The sync worker's entry for a worker_thread; by default main/sync/worker.ts via tsx (or worker.js when built). */
  workerUrl?: URL;
  /** What runs the sync worker: Electron passes a utility-process spawner; by default a worker_thread on workerUrl. */
  spawnWorker?: SpawnSyncWorker;
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
  /** M-02 / M-03: this counter's till: opening float, payouts, expected cash. */
  till: TillService;
  /** HQ sync: provisioning, the worker, the badge's status (D-06, D-08). */
  sync: KioskSync;
  /** B-05: the keyed audit chain's checks and the tamper alert (issue 13 §4). */
  integrity: IntegrityService;
  /** B-04: the keys for ID photos and signatures; export for a PC move, import on the new PC (issue 13 §5). */
  vaultKeys: VaultKeysService;
  /** D-09: the screens each renderer has open, for the update gate. */
  screens: OpenScreens;
  /** V-01, V-02: what the customer's own screen shows, and what it asks of the customer. */
  customerDisplay: CustomerDisplayService;
  /** Q-01 … Q-03: the statement and the quote, as PDF or on the system printer. */
  documents: DocumentsService;
  /** S-07: prints a price label for each selected item; refuses with PRINTER_OFF when the label printer is off. */
  printLabels(receptionId: string, itemIds: string[]): Promise<{ printed: number; job: PrintJob }>;
}
