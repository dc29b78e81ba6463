import { randomBytes, randomUUID } from 'node:crypto';
import { sha256Hex } from 'kaitori-sync-protocol';
import type { HqQueryable } from './db.ts';

export interface Terminal {
  id: string;
  storeCode: string;
  terminalCode: string;
}

export interface ProvisionedTerminal extends Terminal {
  /** Shown once: HQ keeps only its sha256. */
  token: string;
}

const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Creates the terminal (or gives an existing one a new token, which revokes the old one) and returns its bearer
 * token. 32 random bytes are far beyond guessing, so a plain sha256 is enough to store it (no slow hash needed).
 */
export async function provisionTerminal(
  db: HqQueryable,
  input: { storeCode: string; terminalCode: string },
  deps: { clock?: () => Date; randomToken?: () => string } = {},
): Promise<ProvisionedTerminal> {
  if (!CODE.test(input.storeCode) || !CODE.test(input.terminalCode)) {
    throw new Error('store and terminal codes are 1-32 letters, digits, - or _');
  }
  const token = deps.randomToken?.() ?? randomBytes(32).toString('base64url');
  const now = (deps.clock?.() ?? new Date()).toISOString();
  const existing = await db.query<{ id: string }>('SELECT id FROM terminals WHERE store_code = ? AND terminal_code = ?', [
    input.storeCode,
    input.terminalCode,
  ]);
  const id = existing[0]?.id ?? randomUUID();
  if (existing[0]) {
    await db.execute('UPDATE terminals SET token_hash = ?, revoked_at = NULL WHERE id = ?', [sha256Hex(token), id]);
  } else {
    await db.execute(
      'INSERT INTO terminals (id, store_code, terminal_code, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
      [id, input.storeCode, input.terminalCode, sha256Hex(token), now],
    );
  }
  return { id, storeCode: input.storeCode, terminalCode: input.terminalCode, token };
}

export async function findTerminalByToken(db: HqQueryable, token: string): Promise<Terminal | null> {
  const rows = await db.query<{ id: string; store_code: string; terminal_code: string }>(
    'SELECT id, store_code, terminal_code FROM terminals WHERE token_hash = ? AND revoked_at IS NULL',
    [sha256Hex(token)],
  );
  const row = rows[0];
  return row ? { id: row.id, storeCode: row.store_code, terminalCode: row.terminal_code } : null;
}
