// Shared set-up of the `_electron` tests: a throw-away data folder per app, and the flags a CI machine without a
// keyring needs. Read with the IT guide (README §4): the same flags are what IT passes on such a PC.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const executablePath = process.env.ELECTRON_PATH;

/** A fresh data folder (userData follows XDG_CONFIG_HOME on Linux, APPDATA on Windows; --user-data-dir wins). */
export function kioskProfile(prefix = 'kiosk-electron-') {
  const dataHome = mkdtempSync(path.join(tmpdir(), prefix));
  const userData = path.join(dataHome, 'user-data');
  const env = { ...process.env, XDG_CONFIG_HOME: dataHome, APPDATA: dataHome };
  delete env.ELECTRON_RENDERER_URL;
  delete env.ELECTRON_RUN_AS_NODE;
  const args = [
    root,
    `--user-data-dir=${userData}`,
    // CI has no keyring: IT's opt-in to Chromium's basic_text store, exactly as README §4 tells IT to on such a PC.
    '--vault-key-store=basic-text',
  ];
  return { dataHome, userData, env, args };
}

export async function waitFor(predicate, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await predicate()) return;
    } catch {
      // the renderer may be gone for a moment; keep polling
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The kiosk started with IT's export folder, its terminal and one staff member signed in through the real preload.
 * Returns the app, its window, the folder and `call(channel, request)` through window.kiosk.
 */
export async function launchWithExportFolder(profile, staff, { electron, assert }) {
  const exportFolder = path.join(profile.dataHome, 'usb-stick');
  mkdirSync(exportFolder);
  const app = await electron.launch({ executablePath, args: [...profile.args, `--export-folder=${exportFolder}`], env: profile.env, cwd: root, timeout: 60_000 });
  const page = await app.firstWindow();
  const call = (channel, request) => page.evaluate(([c, r]) => window.kiosk[c](r), [channel, request]);
  await waitFor(() => page.evaluate(() => typeof window.kiosk === 'object'), 30_000, 'window.kiosk');
  assert.equal((await call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).ok, true);
  assert.equal((await call('session:staffSignIn', staff)).ok, true);
  return { app, page, exportFolder, call };
}
