// Updates (D-09, issue 11 §4): electron-updater from an HTTPS generic feed. How an update is installed depends on
// how the app was installed (update-gate.ts): by itself when the counter is free, where that can finish unattended;
// otherwise it is downloaded and a manager installs it at closing; never on a .deb (the package manager does).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import electronUpdater from 'electron-updater';
import type { UpdateStatus } from '../../preload/types.ts';
import type { UpdatePort } from './desktop-port.ts';
import { isUpdateFeedUrlAllowed } from './policy.ts';
import { type CounterState, installGate, installKindOf, type UpdateMode, updateModeFor } from './update-gate.ts';

// electron-updater is CommonJS and defines autoUpdater with a lazy getter, which Node's ESM named-export detection
// cannot see; the default import is the documented way from an ES module.
const { autoUpdater } = electronUpdater;

export interface KioskUpdaterOptions {
  mode: Exclude<UpdateMode, 'off'>;
  /** Who is signed in, what prints, which screens are open: read at each install attempt. */
  counterState: () => CounterState;
  /** Called just before quitAndInstall: lets the kiosk window close (it refuses otherwise). */
  onBeforeInstall: () => void;
  /** Overrides the feed baked into app-update.yml (e.g. from HQ settings); must be https. */
  feedUrl?: string;
  /** Where app-update.yml lives: process.resourcesPath in a packaged app. */
  resourcesPath: string;
  platform: NodeJS.Platform;
  log: Pick<Console, 'info' | 'warn' | 'error'>;
  /** How often to check the feed, and how often to retry an install that had to wait. */
  checkIntervalMs?: number;
  installRetryMs?: number;
}

export interface KioskUpdater extends UpdatePort {
  stop(): void;
}

/**
 * On Windows, electron-updater checks the installer's Authenticode signer against `publisherName` in app-update.yml
 * — and silently skips the check when that key is missing. electron-builder writes it from
 * win.signtoolOptions.publisherName, so its absence means a mis-built package: refuse to update rather than run
 * an unverified installer as administrator.
 */
export function isPublisherPinned(appUpdateYml: string): boolean {
  return /^publisherName:\s*\S/m.test(appUpdateYml) || /^publisherName:\s*\n\s+-\s*\S/m.test(appUpdateYml);
}

/** How this copy is installed and whether it runs with administrator rights, read from the running app. */
export function detectUpdateMode(resourcesPath: string, platform: NodeJS.Platform): UpdateMode {
  const packageTypeFile = path.join(resourcesPath, 'package-type');
  const packageType = existsSync(packageTypeFile) ? readFileSync(packageTypeFile, 'utf8').trim() : null;
  const kind = installKindOf({ platform, resourcesPath, packageType });
  return updateModeFor(kind, kind === 'nsis-per-machine' && isElevatedOnWindows());
}

/** `net session` succeeds only in an elevated process (a standard kiosk user gets "Access is denied"). */
function isElevatedOnWindows(): boolean {
  const result = spawnSync('net', ['session'], { timeout: 5_000, windowsHide: true, stdio: 'ignore' });
  return result.status === 0;
}

export function startKioskUpdater(options: KioskUpdaterOptions): KioskUpdater | null {
  const { log } = options;
  const configFile = path.join(options.resourcesPath, 'app-update.yml');
  if (!existsSync(configFile) && options.feedUrl === undefined) {
    log.info('[updater] no app-update.yml and no feed configured: updates are off');
    return null;
  }
  if (options.platform === 'win32') {
    const text = existsSync(configFile) ? readFileSync(configFile, 'utf8') : '';
    if (!isPublisherPinned(text)) {
      log.error('[updater] app-update.yml has no publisherName: refusing unsigned-publisher updates');
      return null;
    }
  }
  if (options.feedUrl !== undefined) {
    if (!isUpdateFeedUrlAllowed(options.feedUrl)) {
      log.error('[updater] feed URL is not https: updates are off');
      return null;
    }
    autoUpdater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  }

  autoUpdater.logger = log;
  autoUpdater.autoDownload = true;
  // Installing on quit would also install after a manager exit in the middle of the day; we install explicitly.
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;

  let downloaded: string | null = null;
  let installTimer: NodeJS.Timeout | undefined;
  let installing = false;

  const install = (silent: boolean) => {
    if (installing) return;
    installing = true;
    log.info(`[updater] installing ${downloaded} (${silent ? 'silent' : 'with the installer shown'})`);
    options.onBeforeInstall();
    autoUpdater.quitAndInstall(silent, true);
  };

  const tryInstall = () => {
    installTimer = undefined;
    if (!downloaded || installing) return;
    const gate = installGate(options.counterState());
    if (!gate.install) {
      log.info(`[updater] ${downloaded} ready; waiting for: ${gate.waitingFor.join(', ')}`);
      installTimer = setTimeout(tryInstall, options.installRetryMs ?? 60_000);
      return;
    }
    install(true);
  };

  autoUpdater.on('update-downloaded', (info: { version: string }) => {
    downloaded = info.version;
    if (options.mode === 'unattended') {
      tryInstall();
    } else {
      log.info(`[updater] ${downloaded} downloaded; it needs administrator rights: a manager installs it at closing`);
    }
  });
  autoUpdater.on('error', (error: Error) => {
    log.warn(`[updater] ${error.message}`);
  });

  const check = () => {
    autoUpdater.checkForUpdates().catch((error: unknown) => {
      log.warn(`[updater] check failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  check();
  const checkTimer = setInterval(check, options.checkIntervalMs ?? 4 * 60 * 60_000);

  return {
    status: (): UpdateStatus | null => (downloaded ? { version: downloaded, mode: options.mode, waitingFor: [] } : null),
    // A manager at closing: the installer is shown, so its administrator prompt can be answered.
    install: () => install(false),
    stop() {
      clearInterval(checkTimer);
      if (installTimer) clearTimeout(installTimer);
    },
  };
}
