import type { Db } from '../../db/open.ts';
import { writeTransaction } from '../../db/write-transaction.ts';
import type { VaultKeyStatus } from '../../preload/types.ts';
import { openAesGcm, sealAesGcm } from '../crypto/aes-gcm.ts';
import { decodeKeyFile, encodeKeyFile, IT_PASSWORD_MIN_LENGTH, KeyFileError } from '../crypto/key-file.ts';
import type { KeyEntry, Keyring } from '../crypto/keyring.ts';
import type { KeyProvider } from '../crypto/keys.ts';
import { KioskError } from '../errors.ts';
import type { Actor } from './accounts.ts';
import { appendAudit } from './audit.ts';
import type { ServiceDeps } from './deps.ts';

const aad = (keyId: string) => Buffer.from(`kaitori-kiosk/vault_keys/v1/${keyId}`);

/** The keys imported on this PC earlier (rows sealed with another PC's key are skipped: they open only there). */
export function loadImportedKeys(db: Db, provider: KeyProvider): KeyEntry[] {
  const rows = db.prepare('SELECT key_id, iv, tag, ciphertext FROM vault_keys WHERE sealed_with = ?').all(provider.keyId) as {
    key_id: string;
    iv: Buffer;
    tag: Buffer;
    ciphertext: Buffer;
  }[];
  const keys: KeyEntry[] = [];
  for (const row of rows) {
    try {
      keys.push({ keyId: row.key_id, key: openAesGcm(provider.getKey(), row, aad(row.key_id)) });
    } catch {
      // Same key id, other bytes (a provider that reuses ids): not ours to open.
    }
  }
  return keys;
}

/**
 * B-04, issue 13 §5: moving a counter PC. On the old PC a manager exports the vault keys into a file protected by an IT
 * password; on the new PC, after the backup is restored, a manager imports it. The keys are then kept in the
 * database sealed with the new PC's own key, so the restored ID photos and signatures open again and the audit rows
 * sealed on the old PC can be checked. Both steps are audited (key ids only).
 */
export class VaultKeysService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly keyring: Keyring,
  ) {}

  status(): VaultKeyStatus {
    const { db } = this.deps;
    const used = db.prepare('SELECT key_id, COUNT(*) AS n FROM settlement_images GROUP BY key_id').all() as { key_id: string; n: number }[];
    const missing = used.filter((row) => this.keyring.find(row.key_id) === null);
    return {
      currentKeyId: this.keyring.current.keyId,
      importedKeyIds: this.keyring
        .all()
        .map((k) => k.keyId)
        .filter((id) => id !== this.keyring.current.keyId),
      missingKeyIds: missing.map((row) => row.key_id),
      imagesWithoutKey: missing.reduce((sum, row) => sum + row.n, 0),
    };
  }

  exportKeys(actor: Actor, itPassword: string): { filename: string; content: string } {
    this.checkPassword(itPassword);
    const at = this.deps.clock().toISOString();
    const keys = this.keyring.all();
    const content = encodeKeyFile(keys, itPassword, { createdAt: at, storeCode: actor.terminal.storeCode, terminalCode: actor.terminal.code });
    appendAudit(this.deps.db, at, this.deps.newId, {
      staffId: actor.staff.id,
      terminalId: actor.terminal.id,
      action: 'vault.keys_exported',
      entity: 'terminal',
      entityId: actor.terminal.id,
      detail: { keyIds: keys.map((k) => k.keyId) },
    });
    const stamp = at.slice(0, 10).replace(/-/g, '');
    return { filename: `kaitori-vault-keys-${actor.terminal.storeCode}-${actor.terminal.code}-${stamp}.json`, content };
  }

  importKeys(actor: Actor, content: string, itPassword: string): VaultKeyStatus & { imported: number } {
    let keys: KeyEntry[];
    try {
      keys = decodeKeyFile(content, itPassword).keys;
    } catch (error) {
      if (error instanceof KeyFileError) throw new KioskError(error.code);
      throw error;
    }
    const fresh = keys.filter((entry) => {
      const known = this.keyring.find(entry.keyId);
      if (known && !known.equals(entry.key)) throw new KioskError('VAULT_KEY_CONFLICT', { params: { keyId: entry.keyId } });
      return known === null;
    });
    const { db } = this.deps;
    const at = this.deps.clock().toISOString();
    const current = this.keyring.current;
    writeTransaction(db, () => {
      const insert = db.prepare(
        `INSERT INTO vault_keys (key_id, sealed_with, iv, tag, ciphertext, imported_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (key_id) DO UPDATE SET sealed_with = excluded.sealed_with, iv = excluded.iv, tag = excluded.tag,
           ciphertext = excluded.ciphertext, imported_at = excluded.imported_at`,
      );
      for (const entry of fresh) {
        const sealed = sealAesGcm(current.key, entry.key, aad(entry.keyId));
        insert.run(entry.keyId, current.keyId, sealed.iv, sealed.tag, sealed.ciphertext, at);
      }
      appendAudit(db, at, this.deps.newId, {
        staffId: actor.staff.id,
        terminalId: actor.terminal.id,
        action: 'vault.keys_imported',
        entity: 'terminal',
        entityId: actor.terminal.id,
        detail: { keyIds: fresh.map((k) => k.keyId) },
      });
    });
    for (const entry of fresh) this.keyring.add(entry);
    return { ...this.status(), imported: fresh.length };
  }

  private checkPassword(itPassword: string): void {
    if (itPassword.length < IT_PASSWORD_MIN_LENGTH) {
      throw new KioskError('INVALID_INPUT', { fields: { itPassword: 'validation.itPassword' } });
    }
  }
}
