// Issue 11 §3 / issue 13 §6: the vault key on Linux. The default refuses Chromium's basic_text store (a password
// built into Chromium) with a clear screen; IT opts in with --vault-key-store=basic-text; a keyring that would prompt
// for unlocking is never touched. Electron's safeStorage is emulated by its v41 rules (tests/support/safe-storage.ts).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  choosePasswordStore,
  decideVaultKeyStore,
  type KeyringState,
  parseKeyStoreOptIn,
  VAULT_KEY_STORE_FLAG,
} from '../../../main/shell/key-store-policy.ts';
import { keyringStateFrom, probeSecretService } from '../../../main/shell/keyring-probe.ts';
import { StartupError } from '../../../main/shell/start-failure.ts';
import { createVaultKeyProvider, VAULT_KEY_FILE, type VaultKeyOptions } from '../../../main/shell/vault-key.ts';
import { emulatedSafeStorage } from '../../support/safe-storage.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('B-04 the opt-in flag', () => {
  it.each([
    [['kaitori-kiosk'], null, null],
    [['kaitori-kiosk', '--vault-key-store=basic-text'], 'basic-text', null],
    [['electron', '.', '--user-data-dir=/x', '--vault-key-store=basic-text'], 'basic-text', null],
    [['kaitori-kiosk', '--vault-key-store=basic'], null, 'basic'],
    [['kaitori-kiosk', '--vault-key-store=plain'], null, 'plain'],
    [['kaitori-kiosk', '--vault-key-store'], null, null], // no value: not an opt-in
  ] as const)('%j → %s', (argv, optIn, unknownValue) => {
    expect(parseKeyStoreOptIn(argv)).toEqual({ optIn, unknownValue });
  });
});

describe('B-04 before ready: never touch a keyring that would prompt', () => {
  const probe = (state: KeyringState) => vi.fn(() => state);
  it.each([
    // platform, optIn, --password-store, desktop, keyring → forceBasic, avoided, probed
    ['win32', null, '', '', 'locked', false, null, false],
    ['linux', 'basic-text', '', 'GNOME', 'locked', true, null, false],
    ['linux', null, 'gnome-libsecret', 'GNOME', 'locked', false, null, false], // IT's explicit choice wins
    ['linux', null, '', '', 'locked', false, null, false], // cage / no desktop: Chromium picks basic_text itself
    ['linux', null, '', 'KDE', 'locked', false, null, false], // KWallet: its own API, set it to open at login
    ['linux', null, '', 'ubuntu:GNOME', 'unlocked', false, null, true],
    ['linux', null, '', 'ubuntu:GNOME', 'locked', true, 'locked', true],
    ['linux', null, '', 'XFCE', 'missing', true, 'missing', true], // no default collection: a creation prompt
    ['linux', null, '', 'X-Cinnamon', 'unresponsive', true, 'unresponsive', true],
    ['linux', null, '', 'GNOME', 'unavailable', false, null, true], // no secret service: basic_text, refused later
  ] as const)('%s opt-in %s switch %j desktop %j keyring %s → basic %s avoided %s', (platform, optIn, passwordStoreSwitch, desktop, state, forceBasic, avoidedKeyring, probed) => {
    const probeKeyring = probe(state);
    expect(choosePasswordStore({ platform, optIn, passwordStoreSwitch, desktop, probeKeyring })).toEqual({ forceBasic, avoidedKeyring });
    expect(probeKeyring).toHaveBeenCalledTimes(probed ? 1 : 0);
  });
});

describe('B-04 after ready: which store keeps the vault key', () => {
  it.each([
    ['win32', true, null, true, undefined, null, { use: 'os' }],
    ['win32', true, null, false, undefined, null, { use: 'refuse', code: 'KEY_STORE_UNAVAILABLE' }],
    ['darwin', false, null, true, undefined, null, { use: 'os' }],
    ['linux', true, null, true, 'gnome_libsecret', null, { use: 'os' }],
    ['linux', true, null, true, 'kwallet6', null, { use: 'os' }],
    ['linux', true, null, false, 'basic_text', null, { use: 'refuse', code: 'KEY_STORE_UNAVAILABLE' }],
    ['linux', true, 'basic-text', false, 'basic_text', null, { use: 'basic-text' }],
    ['linux', false, null, false, 'basic_text', null, { use: 'basic-text' }], // electron-vite dev on a laptop
    ['linux', true, null, false, 'basic_text', 'locked', { use: 'refuse', code: 'KEYRING_LOCKED' }],
    ['linux', true, null, false, 'basic_text', 'missing', { use: 'refuse', code: 'KEYRING_LOCKED' }],
    ['linux', true, null, false, 'unknown', null, { use: 'refuse', code: 'KEY_STORE_UNAVAILABLE' }],
  ] as const)('%s production %s opt-in %s available %s backend %s avoided %s → %j', (platform, production, optIn, available, backend, avoidedKeyring, decision) => {
    const isEncryptionAvailable = vi.fn(() => available);
    expect(
      decideVaultKeyStore({ platform, production, optIn, isEncryptionAvailable, avoidedKeyring, ...(backend ? { backend } : {}) }),
    ).toEqual(decision);
    // On Linux, asking isEncryptionAvailable() fetches the keyring's secret: never when the answer decides nothing.
    if (platform === 'linux' && backend !== 'gnome_libsecret' && backend !== 'kwallet6') expect(isEncryptionAvailable).not.toHaveBeenCalled();
  });
});

describe('B-04 reading gdbus: is the keyring unlocked', () => {
  const ok = (stdout: string) => ({ status: 0, stdout, stderr: '', error: undefined });
  const failed = (stderr: string) => ({ status: 1, stdout: '', stderr, error: undefined });
  const spawnError = (code: string) => ({ status: null, stdout: '', stderr: '', error: Object.assign(new Error(code), { code }) });
  it.each([
    [ok('(<false>,)\n'), 'unlocked'],
    [ok('(<true>,)\n'), 'locked'],
    [failed("Error: GDBus.Error:org.freedesktop.DBus.Error.UnknownObject: No such object path '/org/freedesktop/secrets/aliases/default'"), 'missing'],
    [failed('Error: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided'), 'unavailable'],
    [failed('Error connecting: Could not connect: No such file or directory'), 'unavailable'],
    [spawnError('ENOENT'), 'unavailable'],
    [spawnError('ETIMEDOUT'), 'unresponsive'],
    [ok('(<"odd">,)'), 'unavailable'],
  ] as const)('%j → %s', (result, state) => {
    expect(keyringStateFrom(result)).toBe(state);
  });

  // The real spawn, with a stand-in gdbus on PATH: a secret service that answers, one that hangs, none at all.
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'kiosk-gdbus-'));
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));
  const fakeGdbus = (script: string) => {
    writeFileSync(join(bin, 'gdbus'), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, 'gdbus'), 0o755);
  };
  it('asks org.freedesktop.secrets for the Locked property of the default collection', () => {
    fakeGdbus(`echo "$@" > "${bin}/args"; echo '(<true>,)'`);
    expect(probeSecretService({ env: { PATH: bin } })).toBe('locked');
    expect(readFileSync(join(bin, 'args'), 'utf8').trim()).toBe(
      'call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets/aliases/default ' +
        '--method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection Locked',
    );
  });
  it('a secret service that does not answer in time counts as unresponsive (and the start does not wait on it)', () => {
    fakeGdbus('exec /bin/sleep 5');
    const started = Date.now();
    expect(probeSecretService({ env: { PATH: bin }, timeoutMs: 300 })).toBe('unresponsive');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
  it('no gdbus at all is unavailable', () => {
    expect(probeSecretService({ env: { PATH: bin } })).toBe('unavailable');
  });
});

describe('B-04 the vault key file under each store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-vault-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const logs = { info: [] as string[], warn: [] as string[] };
  const options = (overrides: Partial<VaultKeyOptions>): VaultKeyOptions => ({
    safeStorage: emulatedSafeStorage({ backend: 'gnome_libsecret' }),
    userDataDir: dir,
    production: true,
    platform: 'linux',
    optIn: null,
    avoidedKeyring: null,
    log: { info: (line: string) => logs.info.push(line), warn: (line: string) => logs.warn.push(line) },
    ...overrides,
  });
  const prefix = () => readFileSync(join(dir, VAULT_KEY_FILE)).subarray(0, 3).toString('latin1');
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof StartupError ? error.code : `not a StartupError: ${String(error)}`;
    }
    return 'did not throw';
  };

  it('a keyring keeps the key (v11), and the next start reads the same key', () => {
    const safeStorage = emulatedSafeStorage({ backend: 'gnome_libsecret' });
    const first = createVaultKeyProvider(options({ safeStorage }));
    expect(prefix()).toBe('v11');
    expect(createVaultKeyProvider(options({ safeStorage })).keyId).toBe(first.keyId);
  });

  it('without a keyring a production kiosk refuses, and writes no key file', () => {
    expect(refusal(() => createVaultKeyProvider(options({ safeStorage: emulatedSafeStorage({ backend: 'basic_text' }) })))).toBe(
      'KEY_STORE_UNAVAILABLE',
    );
    expect(existsSync(join(dir, VAULT_KEY_FILE))).toBe(false);
  });

  it("with IT's opt-in it keeps the key with basic_text (v10) and warns at every start", () => {
    logs.warn.length = 0;
    const first = createVaultKeyProvider(options({ safeStorage: emulatedSafeStorage({ backend: 'basic_text' }), optIn: 'basic-text' }));
    expect(prefix()).toBe('v10');
    const again = createVaultKeyProvider(options({ safeStorage: emulatedSafeStorage({ backend: 'basic_text' }), optIn: 'basic-text' }));
    expect(again.keyId).toBe(first.keyId);
    expect(logs.warn).toHaveLength(2);
    expect(logs.warn[0]).toMatch(/basic_text/);
  });

  it('a basic_text key moves into the keyring once one exists, keeping the same key', () => {
    const first = createVaultKeyProvider(options({ safeStorage: emulatedSafeStorage({ backend: 'basic_text' }), optIn: 'basic-text' }));
    const moved = createVaultKeyProvider(options({ safeStorage: emulatedSafeStorage({ backend: 'gnome_libsecret' }) }));
    expect(moved.keyId).toBe(first.keyId);
    expect(prefix()).toBe('v11');
  });

  it('a keyring key seen without its keyring is refused as unreadable, never replaced by a new key', () => {
    createVaultKeyProvider(options({ safeStorage: emulatedSafeStorage({ backend: 'gnome_libsecret' }) }));
    const sealed = readFileSync(join(dir, VAULT_KEY_FILE));
    expect(
      refusal(() => createVaultKeyProvider(options({ safeStorage: emulatedSafeStorage({ backend: 'basic_text' }), optIn: 'basic-text' }))),
    ).toBe('KEY_FILE_UNREADABLE');
    expect(readFileSync(join(dir, VAULT_KEY_FILE)).equals(sealed)).toBe(true);
  });

  it('a keyring avoided as locked refuses with KEYRING_LOCKED without asking safeStorage anything', () => {
    const safeStorage = emulatedSafeStorage({ backend: 'basic_text' });
    const asked = vi.spyOn(safeStorage, 'isEncryptionAvailable');
    expect(refusal(() => createVaultKeyProvider(options({ safeStorage, avoidedKeyring: 'locked' })))).toBe('KEYRING_LOCKED');
    expect(asked).not.toHaveBeenCalled();
  });

  it('Windows without DPAPI refuses', () => {
    const safeStorage = emulatedSafeStorage({ backend: 'unknown' });
    expect(refusal(() => createVaultKeyProvider(options({ safeStorage, platform: 'win32' })))).toBe('KEY_STORE_UNAVAILABLE');
  });
});

describe('B-04 code, README and the Electron test harness name the same opt-in', () => {
  const flag = `${VAULT_KEY_STORE_FLAG}=basic-text`;
  it('the README tells IT the exact flag, and that the default refuses', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(flag);
    expect(readme).not.toMatch(/the app starts but logs a warning/);
  });
  it('the Electron tests start the app the way the README tells IT to on a PC without a keyring', () => {
    expect(readFileSync(join(ROOT, 'tests/electron/support.mjs'), 'utf8')).toContain(`'${flag}'`);
  });
  it('the start-failure text names the same flag', () => {
    for (const lang of ['ja', 'en']) {
      const text = JSON.parse(readFileSync(join(ROOT, `renderer/i18n/${lang}.json`), 'utf8')) as {
        shell: { startFailure: { KEY_STORE_UNAVAILABLE: { it: string } } };
      };
      expect(text.shell.startFailure.KEY_STORE_UNAVAILABLE.it).toContain(flag);
    }
  });
});
