// Electron main entry (the only runtime electron importer in main/ besides main/shell/electron-*.ts). It wires the
// pure policies of main/shell/policy.ts into Electron's hooks and builds the core; it holds no business logic.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  type IpcMainInvokeEvent,
  ipcMain,
  Menu,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  screen,
  session,
  type WebContents,
  webContents,
} from 'electron';
import { setSqliteAddon } from '../db/sqlite-addon.ts';
import type { WindowKind } from '../preload/contract.ts';
import { type Core, createCore } from './core.ts';
import { clientIdOf, forwardEvents, registerIpc, webContentsIdOf } from './ipc.ts';
import { KioskError } from './errors.ts';
import { serveAppAsset } from './shell/assets.ts';
import { type CustomerDisplayTarget, keepCustomerWindow, parseCustomerDisplayOption } from './shell/customer-display-choice.ts';
import { netFetch } from './shell/electron-net-fetch.ts';
import { electronDocumentRenderer } from './shell/electron-documents.ts';
import { type ExportExtension, FileExporter, parseExportFolder } from './shell/file-export.ts';
import { utilityProcessSpawner } from './shell/electron-sync-process.ts';
import { detectUpdateMode, type KioskUpdater, startKioskUpdater } from './shell/electron-updater.ts';
import { MaintenanceExit, parseMaintenanceCommand, runMaintenance } from './shell/maintenance.ts';
import {
  APP_ORIGIN,
  APP_SCHEME,
  devServerUrlFrom,
  isBlockedShortcut,
  isNavigationAllowed,
  isPermissionAllowed,
  isTrustedIpcSender,
  rendererRecoveryDelayMs,
  windowOpenPolicy,
} from './shell/policy.ts';
import { choosePasswordStore, parseKeyStoreOptIn } from './shell/key-store-policy.ts';
import { probeSecretService } from './shell/keyring-probe.ts';
import { createFileLog, errorForLog, teeConsole } from './shell/log.ts';
import { electronAddonFile } from './shell/native-addon.ts';
import { setQuitHandler } from './shell/quit.ts';
import { type StartFailure, startFailurePage, startFailureText } from './shell/start-failure.ts';
import { installProcessErrorLogging, startKiosk } from './shell/startup.ts';
import { readCounterState } from './shell/counter-state.ts';
import { createVaultKeyProvider } from './shell/vault-key.ts';

export { requestQuit } from './shell/quit.ts';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const rendererDir = path.join(here, '../renderer');
const preloadFile = path.join(here, '../preload/index.cjs');
// V-01/V-03: the customer window's own preload, which exposes only the customer channels.
const customerPreloadFile = path.join(here, '../preload/customer.cjs');

// Development means "not packaged AND electron-vite gave us a loopback dev server"; everything else, including
// `electron .` on a built out/ folder (the _electron tests), behaves as production: kiosk, no devtools.
const devServerUrl = devServerUrlFrom(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
const production = devServerUrl === undefined;
const startUrl = devServerUrl ?? `${APP_ORIGIN}/`;
const customerUrl = `${devServerUrl ?? APP_ORIGIN}/customer.html`;
// V-01: where the customer's window opens (IT: --customer-display=auto|off|window|<display id>).
const customerDisplayOption = parseCustomerDisplayOption(process.argv);
if (customerDisplayOption.unknownValue !== null) console.warn(`[shell] ignoring --customer-display=${customerDisplayOption.unknownValue}`);

// Must happen before 'ready'. standard+secure give app:// a real origin and a secure context (getUserMedia needs
// one); no bypassCSP, no corsEnabled, no stream: nothing more than a static site needs.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
// Every renderer sandboxed, including any that some future code might create without saying so.
app.enableSandbox();

// IT guide §4: <data folder>/logs/kiosk.log. Everything printed with console.* lands there too.
const log = createFileLog(path.join(app.getPath('userData'), 'logs'));
teeConsole(console, log);
installProcessErrorLogging(process, log, (code) => app.exit(code));

// B-04 / issue 11 §3: decided before 'ready', because Chromium picks its password store as the browser starts. A
// keyring that would prompt for unlocking is never touched (the kiosk then refuses with KEYRING_LOCKED), and IT's
// --vault-key-store=basic-text means "this PC has no keyring": Chromium's basic store, accepted with a warning.
const keyStoreOptIn = parseKeyStoreOptIn(process.argv);
if (keyStoreOptIn.unknownValue !== null) console.warn(`[keys] ignoring --vault-key-store=${keyStoreOptIn.unknownValue} (only basic-text)`);
const passwordStore = choosePasswordStore({
  platform: process.platform,
  optIn: keyStoreOptIn.optIn,
  passwordStoreSwitch: app.commandLine.getSwitchValue('password-store'),
  desktop: process.env.XDG_CURRENT_DESKTOP ?? '',
  probeKeyring: () => probeSecretService(),
});
if (passwordStore.forceBasic) app.commandLine.appendSwitch('password-store', 'basic');
if (passwordStore.avoidedKeyring) console.warn(`[keys] the OS keyring is ${passwordStore.avoidedKeyring}: not touching it`);

// A run from a checkout loads the Electron-ABI better-sqlite3 that scripts/electron-native.mjs built (npm start and
// npm run test:electron build it first); node_modules keeps the Node build the unit tests need. Without it the
// start fails with NATIVE_MODULE_MISMATCH, which says what to run.
const sqliteAddonWanted = app.isPackaged
  ? null
  : electronAddonFile(app.getAppPath(), process.versions.electron, process.platform, process.arch);
const sqliteAddon = sqliteAddonWanted !== null && existsSync(sqliteAddonWanted) ? sqliteAddonWanted : null;
if (sqliteAddon !== null) setSqliteAddon(sqliteAddon);
else if (sqliteAddonWanted !== null) console.warn(`[shell] no Electron build of better-sqlite3 at ${sqliteAddonWanted}: run node scripts/electron-native.mjs`);

let mainWindow: BrowserWindow | null = null;
/** V-01: the customer's window on the second display, while there is one. */
let customerWindow: BrowserWindow | null = null;
/** The start-failure window, while one is shown: a second start brings it forward instead. */
let failureWindow: BrowserWindow | null = null;
let quitting = false;
let core: Core | null = null;
let updater: KioskUpdater | null = null;
const cleanups: (() => void)[] = [];

const maintenance = parseMaintenanceCommand(process.argv);
if (maintenance) {
  void runMaintenanceAndExit();
} else if (!app.requestSingleInstanceLock()) {
  // S-02: one kiosk per terminal. The running instance is told (second-instance) and brings itself forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    const shown = mainWindow ?? failureWindow;
    if (!shown || shown.isDestroyed()) return;
    if (shown.isMinimized()) shown.restore();
    shown.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    // The sync worker must stop before the database closes: hold the quit until the core has closed, then go on.
    const closing = core;
    core = null;
    if (closing) {
      event.preventDefault();
      void closing.close().finally(() => app.quit());
    }
  });
  void startKiosk({
    whenReady: async () => {
      await app.whenReady();
      prepareShell();
    },
    dataDir: app.getPath('userData'),
    migrationsDir: path.join(app.getAppPath(), 'db/migrations'),
    createKeyProvider: () =>
      createVaultKeyProvider({
        safeStorage,
        userDataDir: app.getPath('userData'),
        production,
        platform: process.platform,
        optIn: keyStoreOptIn.optIn,
        avoidedKeyring: passwordStore.avoidedKeyring,
        log: console,
      }),
    createCore: async (keyProvider) => {
      core = await createCore({
        dataDir: app.getPath('userData'),
        migrationsDir: path.join(app.getAppPath(), 'db/migrations'),
        host: 'electron',
        version: app.getVersion(),
        keyProvider,
        // An installed kiosk starts from IT's provision.json, never from demo data (KIOSK_DEMO=1 for a showroom PC).
        seedDemo: !app.isPackaged || process.env.KIOSK_DEMO === '1',
        // The sync worker runs in a utility process and, like the lease, talks to HQ through Chromium's net.
        sync: { spawnWorker: utilityProcessSpawner(path.join(here, 'electron-sync-worker.js'), sqliteAddon) },
        fetch: netFetch,
        // statements and quotes in a hidden window of the print page (PDF, or the default printer).
        documents: electronDocumentRenderer(devServerUrl ? new URL('print.html', devServerUrl).href : `${APP_ORIGIN}/print.html`),
        desktop: {
          // The updater starts with the window (openKiosk); until then there is nothing to report or install.
          update: { status: () => updater?.status() ?? null, install: () => updater?.install() },
          saveFile: (name, extension, content) => exporter.save(name, extension, content),
          printPage,
          pagePdf: (clientId) =>
            callerContents(clientId).printToPDF({ printBackground: true, preferCSSPageSize: true, pageSize: 'A4' }),
        },
      });
      return core;
    },
    openWindow: openKiosk,
    showFailure: showStartFailure,
    releaseSingleInstanceLock: () => app.releaseSingleInstanceLock(),
    exit: (code) => app.exit(code),
    log,
  }).then((outcome) => {
    // startKiosk has closed a core it opened before failing.
    if (!outcome.ok) core = null;
  });
}

async function runMaintenanceAndExit(): Promise<void> {
  if (!maintenance) return;
  // A restore replaces the database under the app's feet, so it runs only when no kiosk holds the lock.
  if (maintenance.kind === 'restore' && !app.requestSingleInstanceLock()) {
    console.error('restore refused: Kaitori Kiosk is running on this terminal; close it first');
    app.exit(MaintenanceExit.IN_USE);
    return;
  }
  const code = await runMaintenance(maintenance, app.getPath('userData'), console);
  app.exit(code);
}

/**
 * S-20 / B-02: files go where the person chooses in the save dialog (parented to the kiosk window, so it cannot open
 * behind it), or — started with --export-folder=<path> — straight into IT's folder, with no dialog to browse the disk.
 */
const exportFolder = parseExportFolder(process.argv);
const exporter = new FileExporter(
  exportFolder !== null ? { kind: 'folder', folder: exportFolder } : { kind: 'dialog', choose: chooseSavePath },
);

async function chooseSavePath(suggestedName: string, extension: ExportExtension): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: [{ name: extension === '.csv' ? 'CSV' : 'PDF', extensions: [extension.slice(1)] }],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled ? null : result.filePath;
}

/** The webContents a contract call came from (printing prints the caller's own page). */
function callerContents(clientId: string): WebContents {
  const id = webContentsIdOf(clientId);
  const contents = id === null ? undefined : webContents.fromId(id);
  if (!contents || contents.isDestroyed()) throw new KioskError('PRINT_PAGE_FAILED');
  return contents;
}

/**
 * B-02: the ledger to a printer from the main process. window.print() in the page opened the OS dialog without a
 * preview, could open it behind the kiosk window, and blocked the renderer until the hang watchdog killed it; this
 * shows the dialog parented to the window while the page stays responsive.
 */
function printPage(clientId: string): Promise<'printed' | 'cancelled'> {
  const contents = callerContents(clientId);
  return new Promise((resolve, reject) => {
    contents.print({ silent: false, printBackground: true }, (success, failureReason) => {
      if (success) resolve('printed');
      else if (failureReason === 'cancelled') resolve('cancelled');
      else reject(new KioskError('PRINT_PAGE_FAILED'));
    });
  });
}

/** What needs 'ready' before anything else: no menu, the app:// protocol and the session's rules, OS shutdown. */
function prepareShell(): void {
  Menu.setApplicationMenu(null);
  configureSession();
  // The window refuses to close while the kiosk runs; an OS shutdown must not be blocked by that. (powerMonitor is
  // usable only after 'ready'.)
  powerMonitor.on('shutdown', () => {
    quitting = true;
    app.quit();
  });
}

function openKiosk(openedCore: Core): void {
  cleanups.push(registerIpc(ipcMain, openedCore, windowKindOf));
  setQuitHandler((reason) => {
    console.info(`[shell] quit requested: ${reason}`);
    quitting = true;
    app.quit();
  });
  cleanups.push(() => setQuitHandler(null));

  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  cleanups.push(() => powerSaveBlocker.stop(blocker));

  mainWindow = createKioskWindow();
  cleanups.push(forwardEvents(openedCore.events, openedCore.services.accounts, mainWindow.webContents, 'clerk'));
  const kioskClientId = clientIdOf(mainWindow.webContents.id);
  // The customer's window lives as long as the clerk's: without it nobody could serve, and the app quits.
  const stopCustomerWindow = keepCustomerWindowOpen(openedCore);
  cleanups.push(stopCustomerWindow);
  mainWindow.on('closed', () => {
    openedCore.services.screens.forget(kioskClientId);
    stopCustomerWindow();
  });

  const updateMode = app.isPackaged ? detectUpdateMode(process.resourcesPath, process.platform) : 'off';
  if (updateMode === 'off') {
    console.info(`[updater] off (${app.isPackaged ? 'updated by the package manager' : 'not packaged'})`);
  } else {
    const { services } = openedCore;
    updater = startKioskUpdater({
      mode: updateMode,
      counterState: () => readCounterState(services),
      onBeforeInstall: () => {
        quitting = true;
      },
      resourcesPath: process.resourcesPath,
      platform: process.platform,
      log: console,
    });
    cleanups.push(() => updater?.stop());
  }
}

/**
 * Issue 11 §2: a start that failed shows what failed, what IT should do and where the log is, in a window with no
 * script at all (javascript: false, a CSP of default-src 'none'). Resolves when it is closed; startKiosk then exits
 * non-zero. Before 'ready' no window can exist, so the OS message box says it instead.
 */
function showStartFailure(failure: StartFailure): Promise<void> {
  return new Promise((resolve) => {
    mainWindow?.destroy();
    mainWindow = null;
    let win: BrowserWindow;
    try {
      win = new BrowserWindow({
        // A normal window with its frame, so IT can read it and close it (closing exits the app, see above).
        width: 960,
        height: 760,
        autoHideMenuBar: true,
        backgroundColor: '#ffffff',
        title: 'Kaitori Kiosk',
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, devTools: false, spellcheck: false },
      });
    } catch (error) {
      console.error(`[shell] no error window: ${errorForLog(error)}`);
      const ja = startFailureText('ja', failure, log.file);
      const en = startFailureText('en', failure, log.file);
      dialog.showErrorBox(`${ja.title} / ${en.title}`, [ja.what, ja.it, ja.log, '', en.what, en.it, en.log].join('\n'));
      resolve();
      return;
    }
    failureWindow = win;
    win.on('closed', () => {
      failureWindow = null;
      resolve();
    });
    void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(startFailurePage(failure, log.file))}`);
  });
}

function configureSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(
      isPermissionAllowed(
        { permission, requestingOrigin: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes },
        APP_ORIGIN,
        devServerUrl,
      ),
    );
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(
      {
        permission,
        requestingOrigin,
        isMainFrame: details.isMainFrame,
        ...(details.mediaType ? { mediaTypes: [details.mediaType] } : {}),
      },
      APP_ORIGIN,
      devServerUrl,
    ),
  );
  // WebHID / WebSerial / WebUSB from the page: never. Printers are driven by the main process.
  ses.setDevicePermissionHandler(() => false);
  // A kiosk has nowhere to save a download to and no reason to.
  ses.on('will-download', (event) => event.preventDefault());

  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const asset = await serveAppAsset(rendererDir, request.url, devServerUrl ? { devServerUrl } : {});
    const body = asset.body && request.method === 'GET' ? new Uint8Array(asset.body) : null;
    return new Response(body, { status: asset.status, headers: asset.headers });
  });
}

/**
 * V-01: the customer's window follows the displays (opened on a second display, moved, closed when it is unplugged).
 * The main process stays the only source of what it shows: it gets its events (customer ones only) and its calls are
 * checked as the customer window's.
 */
function keepCustomerWindowOpen(openedCore: Core): () => void {
  const display = openedCore.services.customerDisplay;
  display.setOpening({ kind: 'second-display', display: null });
  return keepCustomerWindow({
    screen: {
      getAllDisplays: () => screen.getAllDisplays(),
      getPrimaryDisplay: () => screen.getPrimaryDisplay(),
      onChange: (listener) => {
        screen.on('display-added', listener);
        screen.on('display-removed', listener);
        screen.on('display-metrics-changed', listener);
        return () => {
          screen.removeListener('display-added', listener);
          screen.removeListener('display-removed', listener);
          screen.removeListener('display-metrics-changed', listener);
        };
      },
    },
    option: customerDisplayOption.option,
    onTarget: (target) => display.setOpening({ kind: 'second-display', display: target?.display.label || (target ? String(target.display.id) : null) }),
    open: (target) => {
      const win = createCustomerWindow(target);
      customerWindow = win;
      const stopEvents = forwardEvents(openedCore.events, openedCore.services.accounts, win.webContents, 'customer');
      const detach = display.attach();
      win.on('closed', () => {
        stopEvents();
        detach();
        if (customerWindow === win) customerWindow = null;
      });
      return () => {
        if (!win.isDestroyed()) win.destroy();
      };
    },
  });
}

function createCustomerWindow(target: CustomerDisplayTarget): BrowserWindow {
  const { bounds } = target.display;
  const kiosk = production && target.fullscreen;
  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: target.fullscreen ? bounds.width : Math.min(1280, bounds.width),
    height: target.fullscreen ? bounds.height : Math.min(900, bounds.height),
    show: false,
    fullscreen: kiosk,
    kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'Kaitori Kiosk',
    // The clerk window's hardening, written out again: electronegativity checks each BrowserWindow literally.
    webPreferences: {
      preload: customerPreloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in a new window; window.open is denied anyway, this removes the attempt.
      disableBlinkFeatures: 'Auxclick',
      devTools: !production,
    },
  });
  // Never takes the focus from the clerk's window: the clerk keeps typing while the customer's screen changes.
  win.once('ready-to-show', () => win.showInactive());
  win.on('close', (event) => {
    // Like the clerk's window: nobody at the counter closes it; unplugging the display (destroy) or quitting does.
    if (kiosk && !quitting) event.preventDefault();
  });
  win.webContents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, { production })) event.preventDefault();
  });
  watchRendererHealth(win, customerUrl);
  void win.loadURL(customerUrl);
  return win;
}

function createKioskWindow(): BrowserWindow {
  const win = new BrowserWindow({
    show: false,
    fullscreen: production,
    kiosk: production,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'Kaitori Kiosk',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in a new window; window.open is denied anyway, this removes the attempt.
      disableBlinkFeatures: 'Auxclick',
      devTools: !production,
    },
  });
  win.once('ready-to-show', () => win.show());

  win.on('close', (event) => {
    // The manager-only exit (D-07): closing is refused unless requestQuit(), an update or an OS shutdown said so.
    if (production && !quitting) event.preventDefault();
  });
  // Windows logoff/shutdown: let the window go (powerMonitor 'shutdown' covers Linux and macOS).
  win.on('session-end', () => {
    quitting = true;
  });

  win.webContents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, { production })) event.preventDefault();
  });

  watchRendererHealth(win, startUrl);
  void win.loadURL(startUrl);
  return win;
}

/**
 * D-07 / B-06: a renderer that crashes or hangs is replaced within seconds. The wizard's draft lives in the main
 * process (and its database), so the reloaded page picks up where the clerk was.
 */
function watchRendererHealth(win: BrowserWindow, url: string): void {
  const failures: number[] = [];
  let reloadTimer: NodeJS.Timeout | undefined;
  let hangTimer: NodeJS.Timeout | undefined;

  const scheduleReload = (why: string) => {
    if (quitting || win.isDestroyed() || reloadTimer) return;
    const now = Date.now();
    failures.push(now);
    const delay = rendererRecoveryDelayMs(failures, now);
    console.warn(`[shell] renderer ${why}; reloading in ${delay} ms`);
    reloadTimer = setTimeout(() => {
      reloadTimer = undefined;
      if (!win.isDestroyed()) void win.loadURL(url);
    }, delay);
  };

  win.webContents.on('render-process-gone', (_event, details) => {
    if (hangTimer) clearTimeout(hangTimer);
    scheduleReload(`gone (${details.reason})`);
  });
  win.on('unresponsive', () => {
    // Give a busy page a moment before killing it; 'responsive' cancels. The kill raises render-process-gone.
    hangTimer = setTimeout(() => {
      if (!win.isDestroyed()) win.webContents.forcefullyCrashRenderer();
    }, 3_000);
  });
  win.on('responsive', () => {
    if (hangTimer) clearTimeout(hangTimer);
  });
}

/** Applied to every WebContents the app ever creates, so no later code path can forget a rule. */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // A preload that throws leaves the page without window.kiosk; the page says so (BridgeMissing), the log says why.
  contents.on('preload-error', (_event, preloadPath, error) => {
    console.error(`[shell] preload failed (${path.basename(preloadPath)}): ${errorForLog(error)}`);
  });
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, APP_ORIGIN, devServerUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, APP_ORIGIN, devServerUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => windowOpenPolicy());
}

/**
 * IPC only from the main frame of one of our own windows, showing our own origin (ipc.ts calls this for every
 * request); the answer is which kind of window it is, so dispatch can apply the channel's declared window (V-03).
 */
function windowKindOf(event: IpcMainInvokeEvent): WindowKind | null {
  const kind = senderIs(mainWindow, event) ? 'clerk' : senderIs(customerWindow, event) ? 'customer' : null;
  if (kind === null) return null;
  const frame = event.senderFrame;
  if (!frame) return null;
  return isTrustedIpcSender(frame.url, frame === event.sender.mainFrame, APP_ORIGIN, devServerUrl) ? kind : null;
}

function senderIs(win: BrowserWindow | null, event: IpcMainInvokeEvent): boolean {
  return win !== null && !win.isDestroyed() && event.sender === win.webContents;
}
