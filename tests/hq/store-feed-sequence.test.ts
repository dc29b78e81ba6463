/**
 * N-03 at HQ: the store change sequence never lets a cursor skip a commit. Two terminals of one store post reception
 * changes in many concurrent batches (on PostgreSQL, concurrent transactions), while a reader follows the feed with
 * its cursor the whole time, as a counter PC does. Whatever order the transactions commit in, the reader ends up with
 * every reception at its newest version. Real HQ on 127.0.0.1, SQLite and PostgreSQL. Bounded throughout.
 */
import { randomUUID } from 'node:crypto';
import type { ReceptionPayload, StoreFeedPage } from 'kaitori-sync-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { provisionTerminal } from '../../hq/terminals.ts';
import { backends, type RunningHq, startHq } from './support/hq.ts';

const BATCHES = 24;
const PER_BATCH = 5;

function change(terminal: 'T01' | 'T02', terminalNumber: number, serial: number, version: number, receptionId: string = randomUUID()): ReceptionPayload {
  return {
    schemaVersion: 1,
    changeId: randomUUID(),
    receptionId,
    receptionNumber: `S001-0${terminalNumber}-20261127-${String(serial).padStart(4, '0')}`,
    storeCode: 'S001',
    terminalCode: terminal,
    staffCode: terminal === 'T01' ? '9001' : '9201',
    version,
    status: version === 1 ? 'received' : 'appraising',
    sellerName: 'ｶﾀｶﾅ ひらがな 𠮷',
    sellerNameKana: 'カタカナ ヒラガナ',
    memberNumber: null,
    itemCount: 0,
    itemsTotal: 0,
    adjustmentAmount: 0,
    createdAt: '2026-11-27T01:00:00.000Z',
    changedAt: new Date(Date.parse('2026-11-27T01:00:00.000Z') + version * 1_000).toISOString(),
    items: [],
  };
}

describe.each(backends())('the store change sequence (HQ on $name)', { timeout: 120_000 }, (backend) => {
  let hq: RunningHq | undefined;
  afterEach(async () => {
    await hq?.close();
    hq = undefined;
  });

  it('N-03 a reader following the cursor while two terminals commit concurrently misses no reception and ends at every newest version', async () => {
    hq = await startHq(backend);
    const t02 = await provisionTerminal(hq.db, { storeCode: 'S001', terminalCode: 'T02' });
    const post = async (token: string, items: ReceptionPayload[]) => {
      const response = await fetch(`${hq!.url}/api/v1/settlements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ protocol: 2, items: items.map((payload) => ({ kind: 'reception', id: payload.changeId, payload })) }),
      });
      expect(response.status).toBe(200);
    };
    // Each batch: new receptions, and a newer version of one an earlier batch of the same terminal sent.
    const newest = new Map<string, number>();
    const batches: { token: string; items: ReceptionPayload[] }[] = [];
    const firstOf: Record<string, ReceptionPayload[]> = { T01: [], T02: [] };
    for (let b = 0; b < BATCHES; b++) {
      const terminal = b % 2 === 0 ? 'T01' : 'T02';
      const items = Array.from({ length: PER_BATCH }, (_, i) => change(terminal, terminal === 'T01' ? 1 : 2, b * PER_BATCH + i + 1, 1));
      const earlier = firstOf[terminal]!.at(-1);
      if (earlier) items.push({ ...change(terminal, 1, 0, 2 + b, earlier.receptionId), receptionNumber: earlier.receptionNumber });
      firstOf[terminal]!.push(...items);
      for (const item of items) newest.set(item.receptionId, Math.max(newest.get(item.receptionId) ?? 0, item.version));
      batches.push({ token: terminal === 'T01' ? hq.token : t02.token, items });
    }

    const seen = new Map<string, number>();
    let cursor = 0;
    let writing = true;
    const read = async () => {
      const response = await fetch(`${hq!.url}/api/v1/store/receptions?after=${cursor}&limit=4`, { headers: { authorization: `Bearer ${t02.token}` } });
      const page = (await response.json()) as StoreFeedPage;
      for (const { seq, reception } of page.receptions) {
        expect(seq).toBeGreaterThan(cursor);
        seen.set(reception.receptionId, reception.version);
      }
      cursor = page.cursor;
      return page.more;
    };
    const reader = (async () => {
      // Follows the feed while the writers run, then drains what is left; bounded by its own count.
      for (let round = 0; round < 5_000 && writing; round++) await read();
      for (let round = 0; round < 1_000 && (await read()); round++);
    })();
    await Promise.all(batches.map(({ token, items }) => post(token, items)));
    writing = false;
    await reader;

    expect(seen.size).toBe(newest.size);
    for (const [id, version] of newest) expect({ id, version: seen.get(id) }).toEqual({ id, version });
  });
});
