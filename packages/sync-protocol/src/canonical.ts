import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two bodies that mean the same thing hash the same however the
 * sender ordered its keys. The hash is what tells a replay (same body) from a conflict (same UUID, other body).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) sorted[key] = sortKeys(child);
    }
    return sorted;
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The idempotency fingerprint of an outbox item: HQ stores it with the first body it accepts under the UUID. */
export function bodyHash(kind: string, payload: unknown): string {
  return sha256Hex(canonicalJson({ kind, payload }));
}
