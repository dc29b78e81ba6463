// Electron 41's safeStorage rules, emulated for tests where no Electron binary exists (read from
// shell/browser/api/electron_api_safe_storage.cc and electron_browser_main_parts.cc at v41.7.1):
// - Linux picks the backend at start: `--password-store=basic` (or an unrecognised desktop, or no keyring) gives
//   basic_text; a keyring gives gnome_libsecret / kwallet*.
// - With basic_text, isEncryptionAvailable() is false until setUsePlainTextEncryption(true) is called; then it is
//   true and encryptString uses a hard-coded password (prefix v10).
// - encryptString/decryptString throw when encryption is unavailable; decryptString throws on a buffer without a
//   v10/v11 prefix and on ciphertext made under another key (another OS user, another keyring).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../../main/shell/vault-key.ts';

export interface EmulatedSafeStorage extends SafeStorageLike {
  setUsePlainTextEncryption(usePlainText: boolean): void;
  getSelectedStorageBackend(): string;
}

const BASIC_TEXT_KEY = Buffer.alloc(32, 7); // "peanuts": the same for everyone, which is the point of the warning

export function emulatedSafeStorage(options: { backend: string; keyringKey?: Buffer }): EmulatedSafeStorage {
  let plainTextAllowed = false;
  const keyringKey = options.keyringKey ?? randomBytes(32);
  const available = () => (options.backend === 'basic_text' ? plainTextAllowed : options.backend !== 'unknown');
  const keyFor = (prefix: string) => (prefix === 'v10' ? BASIC_TEXT_KEY : keyringKey);
  return {
    getSelectedStorageBackend: () => options.backend,
    setUsePlainTextEncryption: (value) => {
      plainTextAllowed = value;
    },
    isEncryptionAvailable: available,
    encryptString(plainText) {
      if (!available()) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
      const prefix = options.backend === 'basic_text' ? 'v10' : 'v11';
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(prefix), iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from(prefix), iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      if (!available()) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
      const prefix = encrypted.subarray(0, 3).toString('latin1');
      if (prefix !== 'v10' && prefix !== 'v11') {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Ciphertext does not appear to be encrypted.');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyFor(prefix), encrypted.subarray(3, 15));
        decipher.setAuthTag(encrypted.subarray(15, 31));
        return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
    },
  };
}
