import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two bodies that mean the same thing hash the same however the
 * sender ordered its keys. The hash is what tells a replay (same body) from a conflict (same UUID, other body).
 *
 * Written straight into a string (no sorted copy of the value is built): HQ canonicalises every item it receives,
 * and the copy made it the largest cost of ingest. The output is byte-for-byte what
 * `JSON.stringify(value with keys sorted)` gives — hashes stored by earlier releases must still match.
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

/** undefined where JSON.stringify would leave the member out (undefined, functions, symbols). */
function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (write(value[i]) ?? 'null');
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const child = write(record[key]);
        if (child === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${child}`;
        first = false;
      }
      return `${out}}`;
    }
    case 'bigint':
      // As JSON.stringify does.
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The idempotency fingerprint of an outbox item: HQ stores it with the first body it accepts under the UUID. */
export function bodyHash(kind: string, payload: unknown): string {
  return bodyHashOfCanonical(kind, canonicalJson(payload));
}

/** bodyHash when the payload's canonical JSON is already at hand ("kind" sorts before "payload"). */
export function bodyHashOfCanonical(kind: string, canonicalPayload: string): string {
  return sha256Hex(`{"kind":${JSON.stringify(kind)},"payload":${canonicalPayload}}`);
}
