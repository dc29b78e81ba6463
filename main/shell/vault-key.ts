// The vault key (B-04) protected by the OS: DPAPI on Windows, Keychain on macOS, libsecret/KWallet on Linux, through
// Electron's safeStorage. The database holds only ciphertext of ID photos and signatures; this key never touches it.
// No electron import: main/index.ts passes safeStorage in, so the rules are tested under Node against an emulation.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyProvider } from '../crypto/keys.ts';
import { decideVaultKeyStore, type KeyringState, type KeyStoreOptIn, type VaultKeyStoreDecision } from './key-store-policy.ts';
import { StartupError } from './start-failure.ts';

export const VAULT_KEY_FILE = 'vault-key.bin';

/** The part of Electron's safeStorage this module uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
  setUsePlainTextEncryption?(usePlainText: boolean): void;
}

export interface VaultKeyOptions {
  safeStorage: SafeStorageLike;
  userDataDir: string;
  production: boolean;
  platform: NodeJS.Platform;
  /** IT's `--vault-key-store=basic-text`. */
  optIn: KeyStoreOptIn;
  /** Set when the keyring was avoided before 'ready' because it would have prompted (choosePasswordStore). */
  avoidedKeyring: KeyringState | null;
  log: Pick<Console, 'info' | 'warn'>;
}

/**
 * Loads the vault key, creating it on first start. Must be called after app 'ready' (safeStorage needs it).
 * Throws (StartupError) when the key store is refused by the policy, and when an existing key file cannot be
 * decrypted: making a new key then would silently orphan every encrypted image already in the database, so a person
 * has to look.
 */
export function createVaultKeyProvider(options: VaultKeyOptions): KeyProvider {
  const { safeStorage } = options;
  const backend = options.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const decision = decideVaultKeyStore({
    platform: options.platform,
    production: options.production,
    optIn: options.optIn,
    isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
    ...(backend === undefined ? {} : { backend }),
    avoidedKeyring: options.avoidedKeyring,
  });
  applyDecision(decision, options);

  const file = path.join(options.userDataDir, VAULT_KEY_FILE);
  let key: Buffer;
  if (existsSync(file)) {
    let stored: Buffer;
    try {
      stored = readFileSync(file);
      key = Buffer.from(safeStorage.decryptString(stored), 'base64');
    } catch (error) {
      throw new StartupError('KEY_FILE_UNREADABLE', `cannot read or decrypt ${VAULT_KEY_FILE} (was the OS user or keyring changed?)`, {
        cause: error,
      });
    }
    if (key.length !== 32) throw new StartupError('KEY_FILE_UNREADABLE', `${VAULT_KEY_FILE} does not hold a 32-byte key`);
    // A key sealed with basic_text (v10) on a PC that has a keyring now: seal it with the keyring from here on.
    if (decision.use === 'os' && stored.subarray(0, 3).toString('latin1') === 'v10') {
      writeKeyFile(file, safeStorage.encryptString(key.toString('base64')));
      options.log.info('[keys] the vault key was moved from the basic_text store into the OS keyring');
    }
  } else {
    key = randomBytes(32);
    writeKeyFile(file, safeStorage.encryptString(key.toString('base64')));
  }

  const keyId = `ss1-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  return {
    keyId,
    getKey: () => Buffer.from(key),
  };
}

function applyDecision(decision: VaultKeyStoreDecision, options: VaultKeyOptions): void {
  if (decision.use === 'refuse') {
    throw new StartupError(
      decision.code,
      decision.code === 'KEYRING_LOCKED'
        ? `the OS keyring is ${options.avoidedKeyring}; refusing to wait on an unlock prompt`
        : 'no OS key store for the vault key; refusing basic_text without --vault-key-store=basic-text',
    );
  }
  if (decision.use === 'basic-text') {
    options.safeStorage.setUsePlainTextEncryption?.(true);
    options.log.warn(
      '[keys] the vault key is kept with basic_text (a password built into Chromium): anyone with the data folder can ' +
        'read ID photos and signatures. Use a keyring, or full-disk encryption (IT guide §4).',
    );
  }
}

/** Write then rename, so a power cut while writing cannot leave a truncated key file behind. */
function writeKeyFile(file: string, sealed: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, sealed, { mode: 0o600 });
  renameSync(temp, file);
}
