/**
 * The one way a staff PIN (or a password) is hashed, shared by the kiosk (sign-in) and HQ (A-04: HQ publishes staff
 * with their PIN hash; its admin API takes a PIN only to hash it here). A PIN never travels in clear: what crosses
 * the wire is this hash, and the kiosk verifies a PIN against it exactly as against one it made itself.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// scrypt parameters: N=2^14 keeps a PIN check near 30 ms on a counter PC while making offline guessing costly.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

/** Hashes a PIN or password as `scrypt$N$r$p$salt$hash` (base64). */
export function hashSecret(secret: string): string {
  const salt = randomBytes(SALT_LENGTH);
  const hash = scryptSync(secret.normalize('NFKC'), salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash exactly as hashSecret writes it: these parameters, a 16-byte salt and a 32-byte key. Anything else is
 * refused on the wire — a foreign scheme could not be verified, and a huge N would stall every sign-in.
 */
const BASE64_16 = '[A-Za-z0-9+/]{22}==';
const BASE64_32 = '[A-Za-z0-9+/]{43}=';
export const pinHashSchema = z
  .string()
  .regex(new RegExp(`^scrypt\\$${N}\\$${R}\\$${P}\\$${BASE64_16}\\$${BASE64_32}$`), 'not a PIN hash in the kiosk scheme (scrypt$16384$8$1$salt$hash)');
