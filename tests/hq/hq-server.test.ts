import { afterEach, describe, expect, it } from 'vitest';
import { makeCancellationPayload, makeSettlementPayload } from './support/factory.ts';
import { backends, countAtHq, postBatch, type RunningHq, startHq } from './support/hq.ts';

/** A first-release kiosk's batch: items only, no protocol field. */
const post = (hq: RunningHq, items: unknown[]) => postBatch(hq, { items });

describe.each(backends())('HQ server on $name (B-09)', (backend) => {
  let hq: RunningHq | undefined;
  afterEach(async () => {
    await hq?.close();
    hq = undefined;
  });

  it('B-09 D-06 stores a settlement once; a replay returns the original result with duplicate: true', async () => {
    hq = await startHq(backend);
    const payload = makeSettlementPayload(1);
    const first = await post(hq, [{ kind: 'settlement', id: payload.settlementId, payload }]);
    expect(first.status).toBe(200);
    expect(first.body.results[0]).toMatchObject({ id: payload.settlementId, status: 'accepted', duplicate: false });
    // Same body, keys in another order: canonical JSON makes it the same body.
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const replay = await post(hq, [{ kind: 'settlement', id: payload.settlementId, payload: reordered }]);
    expect(replay.body.results[0]).toMatchObject({
      status: 'accepted',
      duplicate: true,
      receivedAt: first.body.results[0]!.receivedAt,
    });
    expect(await countAtHq(hq.db)).toEqual({ settlements: 1, items: 2, received: 1 });
  });

  it('B-09 refuses the same UUID with a different body as conflict and keeps the stored copy', async () => {
    hq = await startHq(backend);
    const payload = makeSettlementPayload(2);
    await post(hq, [{ kind: 'settlement', id: payload.settlementId, payload }]);
    const altered = { ...payload, totalAmount: payload.totalAmount + 1 };
    const other = makeSettlementPayload(3);
    const answer = await post(hq, [
      { kind: 'settlement', id: payload.settlementId, payload: altered },
      { kind: 'settlement', id: other.settlementId, payload: other },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.results[0]).toMatchObject({ status: 'conflict', error: { code: 'IDEMPOTENCY_CONFLICT' } });
    expect(answer.body.results[1]).toMatchObject({ status: 'accepted', duplicate: false });
    const [row] = await hq.db.query<{ total_amount: number | string }>(
      'SELECT total_amount FROM settlements WHERE id = ?',
      [payload.settlementId],
    );
    expect(Number(row?.total_amount)).toBe(payload.totalAmount);
  });

  it('B-09 validates each item with the shared schema; a bad item does not take the batch down', async () => {
    hq = await startHq(backend);
    const good = makeSettlementPayload(4);
    const bad = { ...makeSettlementPayload(5), items: [] };
    const otherStore = makeSettlementPayload(6, { storeCode: 'S999' });
    const answer = await post(hq, [
      { kind: 'settlement', id: bad.settlementId, payload: bad },
      { kind: 'settlement', id: good.settlementId, payload: good },
      { kind: 'settlement', id: otherStore.settlementId, payload: otherStore },
      { kind: 'settlement', id: 'not-a-uuid', payload: good },
      { kind: 'refund', id: good.settlementId, payload: good },
    ]);
    expect(answer.body.results.map((r) => r.status)).toEqual(['invalid', 'accepted', 'invalid', 'invalid', 'invalid']);
    expect(answer.body.results[2]).toMatchObject({ error: { code: 'WRONG_STORE' } });
    expect(answer.body.results[3]).toMatchObject({ error: { code: 'ID_MISMATCH' } });
    expect((await countAtHq(hq.db)).settlements).toBe(1);
  });

  it('B-09 wants a valid terminal token', async () => {
    hq = await startHq(backend);
    const payload = makeSettlementPayload(7);
    const response = await fetch(`${hq.url}/api/v1/settlements`, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong-token', 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ kind: 'settlement', id: payload.settlementId, payload }] }),
    });
    expect(response.status).toBe(401);
    expect((await countAtHq(hq.db)).settlements).toBe(0);
  });

  it('B-09 read API lists a store day (Asia/Tokyo) with totals, behind the admin token; the page escapes', async () => {
    hq = await startHq(backend);
    // 2026-05-20T16:00Z is already the 21st in Tokyo.
    const a = makeSettlementPayload(10, { settledAt: '2026-05-20T01:00:00.000Z' });
    const b = makeSettlementPayload(11, { settledAt: '2026-05-20T14:59:59.000Z' });
    const c = makeSettlementPayload(12, { settledAt: '2026-05-20T16:00:00.000Z' });
    const evil = { ...makeSettlementPayload(13), receptionNumber: '<script>alert(1)</script>' };
    const cancel = makeCancellationPayload(1);
    await post(hq, [
      ...[a, b, c, evil].map((p) => ({ kind: 'settlement', id: p.settlementId, payload: p })),
      { kind: 'cancellation', id: cancel.receptionId, payload: cancel },
    ]);
    const auth = { authorization: `Bearer ${hq.adminToken}` };
    expect((await fetch(`${hq.url}/api/v1/settlements?date=2026-05-20`)).status).toBe(401);
    expect((await fetch(`${hq.url}/api/v1/settlements?date=2026-05-20`, { headers: { authorization: `Bearer ${hq.token}` } })).status).toBe(401);
    const day = (await (await fetch(`${hq.url}/api/v1/settlements?store=S001&date=2026-05-20`, { headers: auth })).json()) as {
      count: number;
      totals: { totalAmount: number };
      settlements: { id: string }[];
      cancellations: unknown[];
    };
    expect(day.count).toBe(3);
    expect(day.settlements.map((s) => s.id).sort()).toEqual([a, b, evil].map((p) => p.settlementId).sort());
    expect(day.totals.totalAmount).toBe(a.totalAmount + b.totalAmount + evil.totalAmount);
    expect(day.cancellations).toHaveLength(1);
    const next = (await (await fetch(`${hq.url}/api/v1/settlements?store=S001&date=2026-05-21`, { headers: auth })).json()) as { count: number };
    expect(next.count).toBe(1);
    const page = await fetch(`${hq.url}/?store=S001&date=2026-05-20`, {
      headers: { authorization: `Basic ${Buffer.from(`hq:${hq.adminToken}`).toString('base64')}` },
    });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    // The listing never shows the seller.
    expect(html).not.toContain('山田');
  });

  it('B-09 the read API pages a day by keyset cursor: every settlement once, in time order, totals for the whole day', async () => {
    hq = await startHq(backend);
    const day = Array.from({ length: 7 }, (_, i) =>
      makeSettlementPayload(40 + i, { settledAt: `2026-05-20T0${i}:30:00.000Z` }),
    );
    // Two at the very same instant: the id breaks the tie, so paging neither skips nor repeats one.
    day.push({ ...makeSettlementPayload(60, { settledAt: '2026-05-20T03:30:00.000Z' }) });
    await post(hq, day.map((p) => ({ kind: 'settlement', id: p.settlementId, payload: p })));
    const auth = { authorization: `Bearer ${hq.adminToken}` };
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (await (
        await fetch(`${hq.url}/api/v1/settlements?store=S001&date=2026-05-20&limit=3${cursor ? `&after=${cursor}` : ''}`, { headers: auth })
      ).json()) as { count: number; totals: { totalAmount: number }; settlements: { id: string; settledAt: string }[]; next: string | null };
      expect(page.count).toBe(8);
      expect(page.totals.totalAmount).toBe(day.reduce((n, p) => n + p.totalAmount, 0));
      seen.push(...page.settlements.map((s) => s.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    const expected = [...day].sort((a, b) => a.settledAt.localeCompare(b.settledAt) || a.settlementId.localeCompare(b.settlementId));
    expect(seen).toEqual(expected.map((p) => p.settlementId));
    expect((await fetch(`${hq.url}/api/v1/settlements?date=2026-05-20&after=not-a-cursor`, { headers: auth })).status).toBe(400);
  });
});

