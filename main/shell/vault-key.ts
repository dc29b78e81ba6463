// The vault key (B-04) protected by the OS: DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux, through
// Electron's safeStorage. The database holds only ciphertext of ID photos and signatures; this key never touches it.
// No electron import: main/index.ts passes safeStorage in, so the file handling is tested under Node.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyProvider } from '../core.ts';
import { keyStoreVerdict } from './policy.ts';
import { StartupError } from './start-failure.ts';

export const VAULT_KEY_FILE = 'vault-key.bin';

/** The part of Electron's safeStorage this module uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
}

export interface VaultKeyOptions {
  safeStorage: SafeStorageLike;
  userDataDir: string;
  production: boolean;
  platform: NodeJS.Platform;
  log: Pick<Console, 'warn'>;
}

/**
 * Loads the vault key, creating it on first start. Must be called after app 'ready' (safeStorage needs it).
 * Throws when a production kiosk has no OS encryption, and when an existing key file cannot be decrypted: making a
 * new key then would silently orphan every encrypted image already in the database, so a person has to look.
 */
export function createVaultKeyProvider(options: VaultKeyOptions): KeyProvider {
  const { safeStorage } = options;
  const backend = options.platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const verdict = keyStoreVerdict({
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    production: options.production,
    ...(backend === undefined ? {} : { backend }),
  });
  if (verdict === 'refuse') {
    throw new StartupError('KEY_STORE_UNAVAILABLE', 'OS encryption (safeStorage) is unavailable: refusing to store the vault key in plain text');
  }
  if (verdict === 'weak') {
    options.log.warn(
      `[keys] the vault key is weakly protected (backend ${backend ?? 'none'}); install a keyring (gnome-keyring / ` +
        'kwallet) for the kiosk user or use full-disk encryption — see the IT guide in README.md',
    );
  }

  const file = path.join(options.userDataDir, VAULT_KEY_FILE);
  const encrypt = (plain: string): Buffer =>
    safeStorage.isEncryptionAvailable() ? safeStorage.encryptString(plain) : Buffer.from(`plain:${plain}`);
  const decrypt = (stored: Buffer): string => {
    const text = stored.subarray(0, 6).toString('latin1');
    // Only a development machine without a keyring ever wrote a "plain:" file (production refuses above).
    if (text === 'plain:') {
      if (options.production) throw new Error('vault key file is unencrypted; refusing it in production');
      return stored.subarray(6).toString('utf8');
    }
    return safeStorage.decryptString(stored);
  };

  let key: Buffer;
  if (existsSync(file)) {
    try {
      key = Buffer.from(decrypt(readFileSync(file)), 'base64');
    } catch (error) {
      throw new StartupError('KEY_FILE_UNREADABLE', `cannot read or decrypt ${VAULT_KEY_FILE} (was the OS user or keyring changed?)`, {
        cause: error,
      });
    }
    if (key.length !== 32) throw new StartupError('KEY_FILE_UNREADABLE', `${VAULT_KEY_FILE} does not hold a 32-byte key`);
  } else {
    key = randomBytes(32);
    // Write then rename, so a power cut while creating the key cannot leave a truncated key file behind.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, encrypt(key.toString('base64')), { mode: 0o600 });
    renameSync(temp, file);
  }

  const keyId = `ss1-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  return {
    keyId,
    getKey: () => Buffer.from(key),
  };
}
