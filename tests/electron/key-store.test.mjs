// Issue 11 §3 in the real shell (Linux): without a keyring the kiosk refuses to keep the vault key with Chromium's
// basic_text store unless IT opted in with --vault-key-store=basic-text (README §4); with the opt-in it starts and
// logs the warning. `--password-store=basic` stands in for "this PC has no keyring".
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { executablePath, kioskProfile, root, waitFor } from './support.mjs';

const linux = process.platform === 'linux';
const profiles = [];
after(() => {
  for (const profile of profiles) rmSync(profile.dataHome, { recursive: true, force: true });
});

describe('issue 11 §3 Linux key storage', { skip: linux ? false : 'Linux only: Windows and macOS always have DPAPI / Keychain' }, () => {
  it('without the opt-in and without a keyring: the error window, exit 1, no key file written', async () => {
    const profile = kioskProfile('kiosk-nokeyring-');
    profiles.push(profile);
    const args = [...profile.args.filter((arg) => !arg.startsWith('--vault-key-store')), '--password-store=basic'];
    const app = await electron.launch({ executablePath, args, env: profile.env, cwd: root, timeout: 60_000 });
    const page = await app.firstWindow();
    await waitFor(async () => (await page.textContent('body'))?.includes('--vault-key-store=basic-text'), 30_000, 'the error page');
    assert.match(await page.textContent('body'), /鍵保管庫（キーリング）が使えない/);
    assert.equal(existsSync(path.join(profile.userData, 'vault-key.bin')), false);
    const exited = new Promise((resolve) => app.process().on('exit', resolve));
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
    assert.equal(await exited, 1);
  });

  it('with --vault-key-store=basic-text: the kiosk starts, and the log warns about basic_text', async () => {
    const profile = kioskProfile('kiosk-basictext-');
    profiles.push(profile);
    const app = await electron.launch({ executablePath, args: profile.args, env: profile.env, cwd: root, timeout: 60_000 });
    try {
      const page = await app.firstWindow();
      await waitFor(() => page.evaluate(() => typeof window.kiosk === 'object'), 30_000, 'window.kiosk');
      const backend = await app.evaluate(({ safeStorage }) => safeStorage.getSelectedStorageBackend());
      assert.equal(backend, 'basic_text');
      assert.equal(readFileSync(path.join(profile.userData, 'vault-key.bin')).subarray(0, 3).toString('latin1'), 'v10');
      assert.match(readFileSync(path.join(profile.userData, 'logs', 'kiosk.log'), 'utf8'), /WARN \[keys\] the vault key is kept with basic_text/);
    } finally {
      await app.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => {});
      await app.close().catch(() => {});
    }
  });
});
