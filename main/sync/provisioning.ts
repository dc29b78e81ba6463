/**
 * The HQ connection IT sets once per kiosk: HQ URL, store code, terminal code and the terminal's bearer token, from
 * the manager-only settings screen or a provisioning file (the JSON `hq/cli.ts provision` prints). The token is kept
 * AES-256-GCM encrypted with the key provider (Electron safeStorage in the app), never in plain text.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../../db/open.ts';
import { openAesGcm, sealAesGcm } from '../crypto/aes-gcm.ts';
import type { KeyProvider } from '../crypto/keys.ts';
import { KioskError } from '../errors.ts';
import type { SyncConnection } from './sync-client.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** HTTPS only: a token sent in clear could be replayed by anyone on the shop's network. Plain HTTP to loopback is for
 * development and tests, where nothing crosses a wire. */
export function isAllowedHqUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

const code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);

export const syncConnectionSchema = z.object({
  hqUrl: z.string().refine(isAllowedHqUrl, { message: 'hqUrl must be https:// (http:// only for 127.0.0.1)' }),
  storeCode: code,
  terminalCode: code,
  token: z.string().min(20).max(200),
});

/** What the settings screen may show: everything but the token. */
export interface SyncConnectionSummary {
  hqUrl: string;
  storeCode: string;
  terminalCode: string;
  updatedAt: string;
}

const AAD = Buffer.from('kaitori-kiosk/sync_config/token/v1');

export function saveSyncConnection(db: Db, keys: KeyProvider, input: unknown, now: Date = new Date()): void {
  const parsed = syncConnectionSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'config')] = 'errors.SYNC_CONFIG_INVALID';
    throw new KioskError('SYNC_CONFIG_INVALID', { fields });
  }
  const config = parsed.data;
  const sealed = sealAesGcm(keys.getKey(), Buffer.from(config.token, 'utf8'), AAD);
  db.prepare(
    `INSERT INTO sync_config (id, hq_url, store_code, terminal_code, token_key_id, token_iv, token_tag, token_ciphertext,
       updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET hq_url = excluded.hq_url, store_code = excluded.store_code,
       terminal_code = excluded.terminal_code, token_key_id = excluded.token_key_id, token_iv = excluded.token_iv,
       token_tag = excluded.token_tag, token_ciphertext = excluded.token_ciphertext, updated_at = excluded.updated_at`,
  ).run(
    config.hqUrl,
    config.storeCode,
    config.terminalCode,
    keys.keyId,
    sealed.iv,
    sealed.tag,
    sealed.ciphertext,
    now.toISOString(),
  );
}

interface ConfigRow {
  hq_url: string;
  store_code: string;
  terminal_code: string;
  token_key_id: string;
  token_iv: Buffer;
  token_tag: Buffer;
  token_ciphertext: Buffer;
  updated_at: string;
}

function readRow(db: Db): ConfigRow | undefined {
  return db.prepare('SELECT * FROM sync_config WHERE id = 1').get() as ConfigRow | undefined;
}

/** The connection with its token decrypted (for the sync worker and the lease client), or null when not provisioned. */
export function loadSyncConnection(db: Db, keys: KeyProvider): SyncConnection | null {
  const row = readRow(db);
  if (!row) return null;
  if (row.token_key_id !== keys.keyId) {
    throw new KioskError('SYNC_TOKEN_KEY_MISMATCH', { message: 'errors.SYNC_TOKEN_KEY_MISMATCH' });
  }
  try {
    const sealed = { iv: row.token_iv, tag: row.token_tag, ciphertext: row.token_ciphertext };
    const token = openAesGcm(keys.getKey(), sealed, AAD).toString('utf8');
    return { hqUrl: row.hq_url, storeCode: row.store_code, terminalCode: row.terminal_code, token };
  } catch {
    throw new KioskError('SYNC_TOKEN_UNREADABLE');
  }
}

export function describeSyncConnection(db: Db): SyncConnectionSummary | null {
  const row = readRow(db);
  return row
    ? { hqUrl: row.hq_url, storeCode: row.store_code, terminalCode: row.terminal_code, updatedAt: row.updated_at }
    : null;
}

export function clearSyncConnection(db: Db): void {
  db.prepare('DELETE FROM sync_config WHERE id = 1').run();
}

/** Reads a provisioning JSON file ({hqUrl, storeCode, terminalCode, token}) and validates it. */
export function readProvisioningFile(path: string): SyncConnection {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new KioskError('SYNC_PROVISIONING_FILE_UNREADABLE');
  }
  const parsed = syncConnectionSchema.safeParse(json);
  if (!parsed.success) throw new KioskError('SYNC_CONFIG_INVALID');
  return parsed.data;
}

/** Provisioning from a file IT hands over: validated, then stored encrypted. The caller should delete the file. */
export function provisionFromFile(db: Db, keys: KeyProvider, path: string, now: Date = new Date()): SyncConnectionSummary {
  saveSyncConnection(db, keys, readProvisioningFile(path), now);
  return describeSyncConnection(db)!;
}
