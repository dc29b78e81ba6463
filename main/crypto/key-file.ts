// Issue 13 §5, B-04: the vault key file IT keeps when a counter PC is replaced. The keys that open this PC's ID
// photos, signatures and audit rows, encrypted with a key derived from an IT password (scrypt), then AES-256-GCM.
import { randomBytes, scryptSync } from 'node:crypto';
import { openAesGcm, sealAesGcm } from './aes-gcm.ts';
import type { KeyEntry } from './keyring.ts';

export const KEY_FILE_FORMAT = 'kaitori-kiosk/vault-keys' as const;
/** Long enough that guessing it offline from a stolen file is hopeless at scrypt's cost. */
export const IT_PASSWORD_MIN_LENGTH = 12;

/**
 * scrypt at N = 2^17, r = 8, p = 1 (128 MiB, ~0.3 s here): the cost OWASP recommends for scrypt, paid twice per PC move.
 * The parameters travel in the file so a later version can raise them and still read old files.
 */
const KDF = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;
/** Refuse files that ask for absurd work (a crafted file must not freeze the kiosk). */
const MAX_N = 2 ** 20;

export interface KeyFileMeta {
  createdAt: string;
  storeCode: string;
  terminalCode: string;
}

interface KeyFile extends KeyFileMeta {
  format: typeof KEY_FILE_FORMAT;
  version: 1;
  keyIds: string[];
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  ciphertext: string;
}

export class KeyFileError extends Error {
  constructor(readonly code: 'KEY_FILE_INVALID' | 'KEY_FILE_PASSWORD_WRONG') {
    super(code);
  }
}

function derive(password: string, kdf: KeyFile['kdf']): Buffer {
  return scryptSync(password.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r + 16 * 1024 * 1024,
  });
}

/** Everything but the ciphertext is bound in as additional data: a changed header makes the file refuse to open. */
function headerOf(file: Omit<KeyFile, 'cipher' | 'ciphertext'>): Buffer {
  return Buffer.from(JSON.stringify([file.format, file.version, file.createdAt, file.storeCode, file.terminalCode, file.keyIds, file.kdf]));
}

export function encodeKeyFile(keys: readonly KeyEntry[], password: string, meta: KeyFileMeta): string {
  const kdf = { ...KDF, salt: randomBytes(16).toString('base64') };
  const header = { format: KEY_FILE_FORMAT, version: 1 as const, ...meta, keyIds: keys.map((k) => k.keyId), kdf };
  const plaintext = Buffer.from(JSON.stringify(keys.map((k) => ({ keyId: k.keyId, key: k.key.toString('base64') }))));
  const sealed = sealAesGcm(derive(password, kdf), plaintext, headerOf(header));
  const file: KeyFile = {
    ...header,
    cipher: { name: 'aes-256-gcm', iv: sealed.iv.toString('base64'), tag: sealed.tag.toString('base64') },
    ciphertext: sealed.ciphertext.toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function isKeyFile(value: unknown): value is KeyFile {
  const file = value as KeyFile;
  return (
    typeof file === 'object' &&
    file !== null &&
    file.format === KEY_FILE_FORMAT &&
    file.version === 1 &&
    Array.isArray(file.keyIds) &&
    file.keyIds.every((id) => typeof id === 'string') &&
    file.kdf?.name === 'scrypt' &&
    Number.isInteger(file.kdf.N) &&
    file.kdf.N >= 2 ** 14 &&
    file.kdf.N <= MAX_N &&
    (file.kdf.N & (file.kdf.N - 1)) === 0 &&
    Number.isInteger(file.kdf.r) &&
    file.kdf.r >= 1 &&
    file.kdf.r <= 32 &&
    Number.isInteger(file.kdf.p) &&
    file.kdf.p >= 1 &&
    file.kdf.p <= 4 &&
    typeof file.kdf.salt === 'string' &&
    file.cipher?.name === 'aes-256-gcm' &&
    typeof file.cipher.iv === 'string' &&
    typeof file.cipher.tag === 'string' &&
    typeof file.ciphertext === 'string' &&
    typeof file.createdAt === 'string' &&
    typeof file.storeCode === 'string' &&
    typeof file.terminalCode === 'string'
  );
}

/** Opens a key file with its IT password. A wrong password and a changed file both fail: GCM cannot tell them apart. */
export function decodeKeyFile(text: string, password: string): { keys: KeyEntry[]; meta: KeyFileMeta } {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw new KeyFileError('KEY_FILE_INVALID');
  }
  if (!isKeyFile(file)) throw new KeyFileError('KEY_FILE_INVALID');
  let plaintext: Buffer;
  try {
    const sealed = { iv: Buffer.from(file.cipher.iv, 'base64'), tag: Buffer.from(file.cipher.tag, 'base64'), ciphertext: Buffer.from(file.ciphertext, 'base64') };
    plaintext = openAesGcm(derive(password, file.kdf), sealed, headerOf(file));
  } catch {
    throw new KeyFileError('KEY_FILE_PASSWORD_WRONG');
  }
  const entries = JSON.parse(plaintext.toString('utf8')) as { keyId: string; key: string }[];
  const keys = entries.map((e) => ({ keyId: e.keyId, key: Buffer.from(e.key, 'base64') }));
  if (keys.some((k) => k.key.length !== 32)) throw new KeyFileError('KEY_FILE_INVALID');
  return { keys, meta: { createdAt: file.createdAt, storeCode: file.storeCode, terminalCode: file.terminalCode } };
}
