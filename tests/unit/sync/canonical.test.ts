/** B-09: the canonical form must stay byte-for-byte what the first release hashed, or replays turn into conflicts. */
import { bodyHash, canonicalJson, sha256Hex } from 'kaitori-sync-protocol';
import { describe, expect, it } from 'vitest';
import { makeSettlementPayload } from '../../hq/support/factory.ts';

/** The first release's definition, kept here as the reference. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object') {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const child = (v as Record<string, unknown>)[key];
        if (child !== undefined) sorted[key] = sortKeys(child);
      }
      return sorted;
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

describe('canonical JSON', () => {
  it.each([
    ['a settlement', makeSettlementPayload(42)],
    ['keys in any order, nested', { z: 1, a: { y: [3, { d: 1, c: 2 }], b: null }, m: 'x' }],
    ['hiragana, katakana, 𠮷, emoji, escapes', { name: 'たなか タナカ 𠮷 😀 "quoted" \\ \n\t\u2028', '\u00e9': true }],
    ['numbers JSON writes its own way', { a: -0, b: 1e21, c: 0.1 + 0.2, d: Number.NaN, e: -1.5e-7 }],
    ['undefined members and array holes', { a: undefined, b: [1, undefined, 3], c: { d: undefined } }],
    ['empty things', { a: {}, b: [], c: '' }],
    ['a top-level array', [{ b: 1, a: 2 }, 'x']],
    // Payloads are parsed JSON; an object with no own keys (a Date) was written as {} and still is.
    ['a date', { at: new Date('2026-11-27T01:02:03.000Z') }],
  ])('B-09 %s: identical to the first release', (_, value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it('B-09 the body hash is the sha256 of {kind, payload} in canonical form', () => {
    const payload = makeSettlementPayload(7);
    expect(bodyHash('settlement', payload)).toBe(sha256Hex(reference({ kind: 'settlement', payload })));
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    expect(bodyHash('settlement', reordered)).toBe(bodyHash('settlement', payload));
  });
});
