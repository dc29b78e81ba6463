import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyProvider } from '../crypto/keys.ts';

/**
 * The browser host's key provider (development and tests only). The packaged app uses Electron's safeStorage
 * (the OS key store) instead; here a random key is made once per data folder and kept beside it, owner-only.
 */
export function fileKeyProvider(dataDir: string): KeyProvider {
  const file = join(dataDir, 'vault.key');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const key = readFileSync(file);
  if (key.length !== 32) throw new Error(`${file} is not a 32-byte key`);
  return { keyId: `file-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`, getKey: () => key };
}
