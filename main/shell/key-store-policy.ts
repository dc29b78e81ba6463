// Where the vault key (B-04) may be kept, as pure rules (issue 11 §3, issue 13 §6). No electron import.
//
// Electron 41 on Linux: Chromium picks the password store when the browser process starts (after our main script
// ran, so `--password-store` appended then still counts). Without a keyring it picks `basic_text`, which "encrypts"
// with a password hard-coded in Chromium — anyone with the file can read the key. safeStorage then reports
// isEncryptionAvailable() === false unless setUsePlainTextEncryption(true) is called. And a keyring that is locked
// (or has no default collection yet) makes the first encryption call show an unlock prompt and block the main
// process until someone answers it — on a kiosk, nobody does.
//
// The rule: use the OS key store; on Linux without a usable keyring, refuse with a clear screen, unless IT opted in
// to basic_text with `--vault-key-store=basic-text` (README, IT guide §4). A development run (electron-vite dev)
// accepts basic_text with a warning, so a developer without a keyring can work.

export const VAULT_KEY_STORE_FLAG = '--vault-key-store';

export type KeyStoreOptIn = 'basic-text' | null;

/** `--vault-key-store=basic-text` on the command line; any other value is ignored (and logged by the caller). */
export function parseKeyStoreOptIn(argv: readonly string[]): { optIn: KeyStoreOptIn; unknownValue: string | null } {
  for (const arg of argv) {
    if (!arg.startsWith(`${VAULT_KEY_STORE_FLAG}=`)) continue;
    const value = arg.slice(VAULT_KEY_STORE_FLAG.length + 1);
    return value === 'basic-text' ? { optIn: 'basic-text', unknownValue: null } : { optIn: null, unknownValue: value };
  }
  return { optIn: null, unknownValue: null };
}

/** What a look at the Secret Service (gnome-keyring, KeePassXC …) found, before Chromium touches it. */
export type KeyringState = 'unlocked' | 'locked' | 'missing' | 'unresponsive' | 'unavailable';

/** Desktops for which Chromium's SelectBackend picks libsecret (components/os_crypt/sync/key_storage_util_linux.cc). */
const LIBSECRET_DESKTOPS = /(^|:)(GNOME|X-Cinnamon|Cinnamon|Deepin|Pantheon|XFCE|UKUI|Unity)(:|$)/i;

export interface PasswordStoreInput {
  platform: NodeJS.Platform;
  optIn: KeyStoreOptIn;
  /** The value of a `--password-store` given on the command line, if any: IT's explicit choice wins. */
  passwordStoreSwitch: string;
  /** XDG_CURRENT_DESKTOP. */
  desktop: string;
  /** Asks the Secret Service whether its default collection is unlocked; called only when it matters. */
  probeKeyring: () => KeyringState;
}

export interface PasswordStoreChoice {
  /** Append `--password-store=basic` before 'ready', so Chromium never touches the keyring. */
  forceBasic: boolean;
  /** The keyring state that made us avoid the keyring (then the kiosk refuses with KEYRING_LOCKED), or null. */
  avoidedKeyring: KeyringState | null;
}

/** Decided before 'ready': whether Chromium may use the keyring at all. */
export function choosePasswordStore(input: PasswordStoreInput): PasswordStoreChoice {
  if (input.platform !== 'linux') return { forceBasic: false, avoidedKeyring: null };
  // IT said this PC has no usable keyring: never touch one, so nothing can prompt.
  if (input.optIn === 'basic-text') return { forceBasic: true, avoidedKeyring: null };
  if (input.passwordStoreSwitch !== '') return { forceBasic: false, avoidedKeyring: null };
  if (!LIBSECRET_DESKTOPS.test(input.desktop)) return { forceBasic: false, avoidedKeyring: null };
  const state = input.probeKeyring();
  if (state === 'locked' || state === 'missing' || state === 'unresponsive') return { forceBasic: true, avoidedKeyring: state };
  return { forceBasic: false, avoidedKeyring: null };
}

export type VaultKeyStoreDecision =
  | { use: 'os' }
  /** Call safeStorage.setUsePlainTextEncryption(true) first; log the warning at every start. */
  | { use: 'basic-text' }
  | { use: 'refuse'; code: 'KEY_STORE_UNAVAILABLE' | 'KEYRING_LOCKED' };

export interface VaultKeyStoreInput {
  platform: NodeJS.Platform;
  production: boolean;
  optIn: KeyStoreOptIn;
  /**
   * safeStorage.isEncryptionAvailable() after 'ready', before any setUsePlainTextEncryption. A function: on Linux it
   * fetches the keyring's secret, so it is asked only when the answer decides something.
   */
  isEncryptionAvailable: () => boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux. */
  backend?: string;
  avoidedKeyring: KeyringState | null;
}

/** Decided after 'ready': which store keeps the vault key, or why the kiosk must not start. */
export function decideVaultKeyStore(input: VaultKeyStoreInput): VaultKeyStoreDecision {
  if (input.platform === 'linux') {
    if (input.avoidedKeyring !== null) return { use: 'refuse', code: 'KEYRING_LOCKED' };
    if (input.backend === 'basic_text') {
      return input.optIn === 'basic-text' || !input.production ? { use: 'basic-text' } : { use: 'refuse', code: 'KEY_STORE_UNAVAILABLE' };
    }
    if (input.backend === undefined || input.backend === 'unknown') return { use: 'refuse', code: 'KEY_STORE_UNAVAILABLE' };
  }
  return input.isEncryptionAvailable() ? { use: 'os' } : { use: 'refuse', code: 'KEY_STORE_UNAVAILABLE' };
}
