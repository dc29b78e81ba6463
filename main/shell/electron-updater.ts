// Updates (D-09): electron-updater from an HTTPS generic feed. Downloads happen in the background; installing
// restarts the app, so it waits until no settlement is in progress.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import electronUpdater from 'electron-updater';
import { isUpdateAllowed, isUpdateFeedUrlAllowed } from './policy.ts';

// electron-updater is CommonJS and defines autoUpdater with a lazy getter, which Node's ESM named-export detection
// cannot see; the default import is the documented way from an ES module.
const { autoUpdater } = electronUpdater;

export interface KioskUpdaterOptions {
  /** True while a settlement wizard is open or executing; an update never restarts the app then. */
  isSettlementInProgress: () => boolean;
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

export interface KioskUpdater {
  stop(): void;
}

/**
 * On Windows, electron-updater checks the installer's Authenticode signer against `publisherName` in app-update.yml
 * — and silently skips the check when that key is missing. electron-builder writes it from
 * win.signtoolOptions.publisherName, so its absence means a mis-built package: refuse to update rather than run
 * an unverified installer as administrator (the install is per-machine).
 */
export function isPublisherPinned(appUpdateYml: string): boolean {
  return /^publisherName:\s*\S/m.test(appUpdateYml) || /^publisherName:\s*\n\s+-\s*\S/m.test(appUpdateYml);
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

  let downloaded = false;
  let installTimer: NodeJS.Timeout | undefined;

  const tryInstall = () => {
    if (!downloaded) return;
    if (!isUpdateAllowed({ settlementInProgress: options.isSettlementInProgress() })) {
      log.info('[updater] update ready; waiting for the settlement to finish');
      installTimer = setTimeout(tryInstall, options.installRetryMs ?? 60_000);
      return;
    }
    log.info('[updater] installing update');
    options.onBeforeInstall();
    // Silent per-machine NSIS install, then start the kiosk again.
    autoUpdater.quitAndInstall(true, true);
  };

  autoUpdater.on('update-downloaded', () => {
    downloaded = true;
    tryInstall();
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
    stop() {
      clearInterval(checkTimer);
      if (installTimer) clearTimeout(installTimer);
    },
  };
}
