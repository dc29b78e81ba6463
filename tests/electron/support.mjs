// Shared set-up of the `_electron` tests: a throw-away data folder per app, and the flags a CI machine without a
// keyring needs. Read with the IT guide (README §4): the same flags are what IT passes on such a PC.
import { mkdtempSync } from 'node:fs';
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
