import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyProvider } from '../../../main/crypto/keys.ts';
import {
  describeSyncConnection,
  isAllowedHqUrl,
  loadSyncConnection,
  provisionFromFile,
  saveSyncConnection,
} from '../../../main/sync/provisioning.ts';
import { createKioskDb, type KioskDb } from '../../hq/support/kiosk.ts';

const key = randomBytes(32);
const keys: KeyProvider = { keyId: 'test-key-1', getKey: () => key };
const token = 'tkn_abcdefghijklmnopqrstuvwxyz0123456789';
const config = { hqUrl: 'https://hq.example.jp/kaitori', storeCode: 'S001', terminalCode: 'T01', token };

describe('sync provisioning (D-06)', () => {
  let kiosk: KioskDb | undefined;
  afterEach(() => {
    kiosk?.dispose();
    kiosk = undefined;
  });

  it('D-06 keeps the token AES-256-GCM encrypted, never in plain text, and reads it back', () => {
    kiosk = createKioskDb();
    saveSyncConnection(kiosk.db, keys, config, new Date('2026-05-20T00:00:00.000Z'));
    const row = kiosk.db.prepare('SELECT * FROM sync_config').get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(Buffer.isBuffer(row.token_ciphertext)).toBe(true);
    expect((row.token_ciphertext as Buffer).includes(Buffer.from(token))).toBe(false);
    expect(loadSyncConnection(kiosk.db, keys)).toEqual(config);
    expect(describeSyncConnection(kiosk.db)).toEqual({
      hqUrl: config.hqUrl,
      storeCode: 'S001',
      terminalCode: 'T01',
      updatedAt: '2026-05-20T00:00:00.000Z',
    });
  });

  it('D-06 refuses another key or a tampered ciphertext', () => {
    kiosk = createKioskDb();
    saveSyncConnection(kiosk.db, keys, config);
    const other: KeyProvider = { keyId: 'test-key-1', getKey: () => randomBytes(32) };
    expect(() => loadSyncConnection(kiosk!.db, other)).toThrow(expect.objectContaining({ code: 'SYNC_TOKEN_UNREADABLE' }));
    const rotated: KeyProvider = { keyId: 'test-key-2', getKey: () => key };
    expect(() => loadSyncConnection(kiosk!.db, rotated)).toThrow(expect.objectContaining({ code: 'SYNC_TOKEN_KEY_MISMATCH' }));
  });

  it('D-06 loads a provisioning file and validates it', () => {
    kiosk = createKioskDb();
    const file = join(kiosk.dir, 'provisioning.json');
    writeFileSync(file, JSON.stringify({ ...config, hqUrl: 'http://127.0.0.1:8787' }));
    expect(provisionFromFile(kiosk.db, keys, file)).toMatchObject({ hqUrl: 'http://127.0.0.1:8787' });
    expect(loadSyncConnection(kiosk.db, keys)?.token).toBe(token);
    writeFileSync(file, JSON.stringify({ ...config, hqUrl: 'http://hq.example.jp' }));
    expect(() => provisionFromFile(kiosk!.db, keys, file)).toThrow(expect.objectContaining({ code: 'SYNC_CONFIG_INVALID' }));
    expect(() => saveSyncConnection(kiosk!.db, keys, { ...config, token: 'short' })).toThrow(
      expect.objectContaining({ code: 'SYNC_CONFIG_INVALID' }),
    );
  });

  it.each([
    ['https://hq.example.jp', true],
    ['https://hq.example.jp:8443/base/', true],
    ['http://127.0.0.1:8787', true],
    ['http://localhost:8787', true],
    ['http://[::1]:8787', true],
    ['http://hq.example.jp', false],
    ['http://127.0.0.1.evil.example', false],
    ['ftp://hq.example.jp', false],
    ['https://user:pw@hq.example.jp', false],
    ['https://hq.example.jp/?token=x', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('D-06 HQ URL %s allowed: %s', (url, allowed) => {
    expect(isAllowedHqUrl(url)).toBe(allowed);
  });
});
