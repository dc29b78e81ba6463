/**
 * B-09 D-06 issue 13 §2: HQ answers protocol 2 per item — stored, duplicate, conflict, invalid, error — each with
 * `retryable`; a first-release kiosk (no `protocol`) gets the words it knows. Real HQ on 127.0.0.1, both databases.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { classifyStoreError } from '../../hq/store-errors.ts';
import { makeCancellationPayload, makeSettlementPayload } from './support/factory.ts';
import { backends, countAtHq, postBatch as post, type RunningHq, startHq } from './support/hq.ts';

describe.each(backends())('HQ protocol 2 on $name', (backend) => {
  let hq: RunningHq | undefined;
  afterEach(async () => {
    await hq?.close();
    hq = undefined;
  });

  it('B-09 D-06 answers every item with its own status and retryable, in order', async () => {
    hq = await startHq(backend);
    const a = makeSettlementPayload(1, { run: 'p2' });
    const b = makeSettlementPayload(2, { run: 'p2' });
    await post(hq, { protocol: 2, items: [{ kind: 'settlement', id: a.settlementId, payload: a }] });
    const sameNumber = { ...makeSettlementPayload(1, { run: 'p2-other' }) };
    const cancel = makeCancellationPayload(4, { run: 'p2' });
    const answer = await post(hq, {
      protocol: 2,
      items: [
        { kind: 'settlement', id: a.settlementId, payload: a },
        { kind: 'settlement', id: a.settlementId, payload: { ...a, totalAmount: a.totalAmount + 1 } },
        { kind: 'settlement', id: sameNumber.settlementId, payload: sameNumber },
        { kind: 'settlement', id: b.settlementId, payload: b },
        // The same item twice in one batch: stored once, the second answered as its duplicate.
        { kind: 'settlement', id: b.settlementId, payload: b },
        { kind: 'cancellation', id: cancel.receptionId, payload: cancel },
        { kind: 'settlement', id: b.settlementId, payload: { ...b, items: [] } },
        { kind: 'refund', id: b.settlementId, payload: b },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r) => [r.status, (r.error as { code?: string } | undefined)?.code ?? null, r.retryable])).toEqual([
      ['duplicate', null, false],
      ['conflict', 'IDEMPOTENCY_CONFLICT', false],
      ['conflict', 'RECEPTION_NUMBER_TAKEN', false],
      ['stored', null, false],
      ['duplicate', null, false],
      ['stored', null, false],
      ['invalid', 'INVALID_PAYLOAD', false],
      ['invalid', 'UNKNOWN_KIND', false],
    ]);
    expect(await countAtHq(hq.db)).toEqual({ settlements: 2, items: 4, received: 3 });
  });

  it('B-09 a first-release kiosk (no protocol field) still gets accepted / duplicate, and no word it does not know', async () => {
    hq = await startHq(backend);
    const a = makeSettlementPayload(5, { run: 'p1' });
    const first = await post(hq, { items: [{ kind: 'settlement', id: a.settlementId, payload: a }] });
    expect(first.body.results).toEqual([
      { id: a.settlementId, kind: 'settlement', status: 'accepted', duplicate: false, receivedAt: expect.any(String) },
    ]);
    const again = await post(hq, { items: [{ kind: 'settlement', id: a.settlementId, payload: a }] });
    expect(again.body.results[0]).toMatchObject({ status: 'accepted', duplicate: true });
    expect(again.body).not.toHaveProperty('chain');
  });

  it('B-09 a ledger correction and an EC publish change are stored as their own entries and shown with the settlement', async () => {
    hq = await startHq(backend);
    const s = makeSettlementPayload(6, { run: 'p2-changes' });
    const correction = {
      schemaVersion: 1,
      correctionId: '3f0c0a52-7c1d-4d6e-9a51-0d8f9a1c2b01',
      settlementId: s.settlementId,
      receptionNumber: s.receptionNumber,
      storeCode: 'S001',
      terminalCode: 'T01',
      staffCode: '9001',
      field: 'seller.address',
      oldValue: s.seller.address,
      newValue: '東京都千代田区丸の内1-1-1 𠮷ビル',
      reason: '住所の誤記（本人確認書類と照合）',
      correctedAt: '2026-05-21T02:00:00.000Z',
    };
    const change = (published: boolean, at: string, id: string) => ({
      schemaVersion: 1,
      changeId: id,
      stockItemId: s.items[0]!.id,
      stockCode: s.items[0]!.stockCode,
      settlementId: s.settlementId,
      receptionNumber: s.receptionNumber,
      storeCode: 'S001',
      terminalCode: 'T01',
      staffCode: '1001',
      published,
      changedAt: at,
    });
    // The later change arrives first (a set-aside row retried later): the latest by time still wins.
    const later = change(true, '2026-05-22T00:00:00.000Z', '5b1e4f0a-2222-4a1b-8c3d-000000000002');
    const earlier = change(false, '2026-05-21T00:00:00.000Z', '5b1e4f0a-2222-4a1b-8c3d-000000000001');
    const answer = await post(hq, {
      protocol: 2,
      items: [
        { kind: 'settlement', id: s.settlementId, payload: s },
        { kind: 'ledger_correction', id: correction.correctionId, payload: correction },
        { kind: 'ec_publish_change', id: later.changeId, payload: later },
        { kind: 'ec_publish_change', id: earlier.changeId, payload: earlier },
      ],
    });
    expect(answer.body.results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
    const read = (await (
      await fetch(`${hq.url}/api/v1/settlements/${s.settlementId}`, { headers: { authorization: `Bearer ${hq.adminToken}` } })
    ).json()) as { corrections: { field: string; newValue: string }[]; ecPublishChanges: Record<string, { published: boolean }> };
    expect(read.corrections).toEqual([expect.objectContaining({ field: 'seller.address', newValue: correction.newValue })]);
    expect(read.ecPublishChanges).toEqual({ [s.items[0]!.stockCode!]: expect.objectContaining({ published: true }) });
  });
});

describe('what a database error storing one item means for the kiosk', () => {
  it.each([
    [{ code: '22021' }, { retryable: false, code: 'SQLSTATE_22021' }],
    [{ code: '23505' }, { retryable: false, code: 'SQLSTATE_23505' }],
    [{ code: '40001' }, { retryable: true, code: 'SQLSTATE_40001' }],
    [{ code: '57P01' }, { retryable: true, code: 'SQLSTATE_57P01' }],
    [{ code: 'P0001' }, { retryable: true, code: 'SQLSTATE_P0001' }],
    [{ code: 'SQLITE_BUSY' }, { retryable: true, code: 'SQLITE_BUSY' }],
    [{ code: 'SQLITE_FULL' }, { retryable: true, code: 'SQLITE_FULL' }],
    [{ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }, { retryable: false, code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }],
    [{ code: 'SQLITE_CONSTRAINT_TRIGGER' }, { retryable: true, code: 'SQLITE_CONSTRAINT_TRIGGER' }],
    [new Error('no code'), { retryable: true, code: 'UNKNOWN' }],
  ])('B-09 %o → %o', (error, expected) => {
    expect(classifyStoreError(error)).toEqual(expected);
  });
});
