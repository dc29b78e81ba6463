/**
 * N-02 the claim rules at HQ, on SQLite and PostgreSQL, with HQ's own clock stepped by hand: one holder, renewal by the
 * holder only (keeping when it first claimed), expiry, release of one's own claim only, never across stores, and many
 * simultaneous claims on one database granting exactly one.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { HqDatabase } from '../../hq/db.ts';
import { migrateHq } from '../../hq/db.ts';
import { claimReception, releaseClaim } from '../../hq/reception-claims.ts';
import { provisionTerminal, type Terminal } from '../../hq/terminals.ts';
import { backends } from './support/hq.ts';

const timing = { ttlSeconds: 60, renewSeconds: 20 };
const at = (seconds: number) => new Date(Date.parse('2026-11-27T01:00:00.000Z') + seconds * 1000);

describe.each(backends())('reception claims at HQ ($name)', (backend) => {
  let opened: { db: HqDatabase; dispose(): Promise<void> } | undefined;
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });

  async function setUp(): Promise<{ db: HqDatabase; t01: Terminal; t02: Terminal; other: Terminal }> {
    opened = await backend.open();
    await migrateHq(opened.db);
    const t01 = await provisionTerminal(opened.db, { storeCode: 'S001', terminalCode: 'T01' });
    const t02 = await provisionTerminal(opened.db, { storeCode: 'S001', terminalCode: 'T02' });
    const other = await provisionTerminal(opened.db, { storeCode: 'S002', terminalCode: 'T01' });
    return { db: opened.db, t01, t02, other };
  }

  it('N-02 one holder at a time; the holder renews, the other is told who holds it until the claim expires', async () => {
    const { db, t01, t02 } = await setUp();
    const id = randomUUID();
    const number = 'S001-01-20261127-0007';
    expect(await claimReception(db, t01, id, number, at(0), timing)).toMatchObject({ ok: true, expiresAt: at(60).toISOString() });
    expect(await claimReception(db, t02, id, number, at(10), timing)).toEqual({
      ok: false,
      code: 'RECEPTION_CLAIMED',
      holder: { terminalCode: 'T01', claimedAt: at(0).toISOString(), expiresAt: at(60).toISOString() },
    });
    // Renewed at 50 s: alive until 110 s, still claimed since 0 s.
    expect(await claimReception(db, t01, id, number, at(50), timing)).toMatchObject({ ok: true, expiresAt: at(110).toISOString() });
    expect(await claimReception(db, t02, id, number, at(100), timing)).toMatchObject({
      ok: false,
      holder: { terminalCode: 'T01', claimedAt: at(0).toISOString() },
    });
    // Not renewed: at 110 s it has expired and T02 takes it; T01 is then the one told.
    expect(await claimReception(db, t02, id, number, at(110), timing)).toMatchObject({ ok: true });
    expect(await claimReception(db, t01, id, number, at(111), timing)).toMatchObject({ ok: false, holder: { terminalCode: 'T02' } });
  });

  it('N-02 only the holder releases its claim; another store can neither take nor see it', async () => {
    const { db, t01, t02, other } = await setUp();
    const id = randomUUID();
    expect(await claimReception(db, t01, id, 'S001-01-20261127-0008', at(0), timing)).toMatchObject({ ok: true });
    expect(await releaseClaim(db, t02, id)).toBe(false);
    for (const seconds of [10, 120]) {
      expect(await claimReception(db, other, id, 'S001-01-20261127-0008', at(seconds), timing)).toEqual({ ok: false, code: 'WRONG_STORE' });
    }
    expect(await releaseClaim(db, t01, id)).toBe(true);
    expect(await claimReception(db, t02, id, 'S001-01-20261127-0008', at(1), timing)).toMatchObject({ ok: true });
  });

  it('N-02 forty simultaneous claims from two terminals on one reception: exactly one terminal holds it', async () => {
    const { db, t01, t02 } = await setUp();
    const id = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => claimReception(db, i % 2 === 0 ? t01 : t02, id, 'S001-02-20261127-0001', at(0), timing)),
    );
    const winners = new Set(
      outcomes.flatMap((o, i) => (o.ok ? [i % 2 === 0 ? 'T01' : 'T02'] : [])),
    );
    expect(winners.size).toBe(1);
    const [holder] = [...winners];
    for (const outcome of outcomes) {
      if (!outcome.ok) expect(outcome).toMatchObject({ code: 'RECEPTION_CLAIMED', holder: { terminalCode: holder } });
    }
  });
});
