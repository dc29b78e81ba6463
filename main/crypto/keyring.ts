import { createHash, hkdfSync } from 'node:crypto';
import type { KeyProvider } from './keys.ts';

export interface KeyEntry {
  keyId: string;
  key: Buffer;
}

/**
 * The keys this PC can use: the key provider's own (for everything new) and any keys IT imported from the PC this
 * database came from (B-04, issue 13 §5), so ID photos, signatures and audit rows sealed there still open here.
 */
export class Keyring {
  private readonly byId = new Map<string, Buffer>();
  /** Grows with every key added, so views derived from the ring know to refresh. */
  version = 0;

  constructor(
    readonly current: KeyEntry,
    imported: readonly KeyEntry[] = [],
  ) {
    for (const entry of imported) this.byId.set(entry.keyId, entry.key);
    this.byId.set(current.keyId, current.key);
  }

  static fromProvider(provider: KeyProvider, imported: readonly KeyEntry[] = []): Keyring {
    return new Keyring({ keyId: provider.keyId, key: provider.getKey() }, imported);
  }

  find(keyId: string): Buffer | null {
    return this.byId.get(keyId) ?? null;
  }

  /** Every key, the current one first. */
  all(): KeyEntry[] {
    return [this.current, ...[...this.byId].filter(([id]) => id !== this.current.keyId).map(([keyId, key]) => ({ keyId, key }))];
  }

  add(entry: KeyEntry): void {
    this.byId.set(entry.keyId, entry.key);
    this.version++;
  }
}

/**
 * A key for one purpose derived from a device key (HKDF-SHA256), so the audit chain's MAC key and the image cipher key
 * are never the same bytes. The id names the derived key without revealing it (the first 16 hex of its SHA-256).
 */
export function deriveKey(key: Buffer, purpose: string): KeyEntry {
  const derived = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `kaitori-kiosk/${purpose}`, 32));
  return { keyId: `${purpose.split('/')[0]}-${createHash('sha256').update(derived).digest('hex').slice(0, 16)}`, key: derived };
}
