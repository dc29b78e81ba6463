/**
 * Issue 13 §2 and §5 (D-06, B-09, P-01): one bad row never blocks the others. Real HQ on 127.0.0.1 over SQLite and
 * PostgreSQL, real kiosk databases, every loop bounded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listSetAside, requeueSetAside } from '../../main/sync/outbox-queue.ts';
import { OutboxPusher, type PushOutcome } from '../../main/sync/pusher.ts';
import { drain, FAST_RETRY, failures } from './support/drain.ts';
import { makeCancellationPayload, makeSettlementPayload } from './support/factory.ts';
import { backends, countAtHq, type RunningHq, settlementIdsAtHq, startHq } from './support/hq.ts';
import { createKioskDb, enqueueCancellation, enqueueMany, enqueueSettlement, type KioskDb, outboxRows } from './support/kiosk.ts';

const fast = FAST_RETRY;

describe.each(backends())('one bad row never blocks the others, HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  let kiosk: KioskDb | undefined;
  afterEach(async () => {
    await hq?.close();
    hq = undefined;
    kiosk?.dispose();
    kiosk = undefined;
  });

  /** HTTP statuses HQ answered to sync batches, to prove it never answered 500. */
  function recordStatuses(statuses: number[]) {
    return (app: RunningHq['app']) => {
      app.addHook('onResponse', async (request, reply) => {
        if (request.url === '/api/v1/settlements') statuses.push(reply.statusCode);
      });
    };
  }

  it('D-06 B-09 the poison row (a NUL in an item name, queued before the contract refused it) is set aside; the 50 around it reach HQ', async () => {
    kiosk = createKioskDb();
    const statuses: number[] = [];
    hq = await startHq(backend, { configure: recordStatuses(statuses) });
    const before = enqueueMany(kiosk.db, 25, 'poison-before');
    const poison = makeSettlementPayload(1, { run: 'poison' });
    poison.items[0]!.name = 'ヴィトン 長財布\u0000';
    enqueueSettlement(kiosk.db, poison);
    const after: string[] = [];
    for (let n = 26; n <= 50; n++) {
      const payload = makeSettlementPayload(n, { run: 'poison-after' });
      enqueueSettlement(kiosk.db, payload);
      after.push(payload.settlementId);
    }

    const pusher = new OutboxPusher(kiosk.db, { hqUrl: hq.url, token: hq.token }, fast);
    const outcomes = await drain(pusher);
    expect(failures(outcomes)).toEqual([]);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(await settlementIdsAtHq(hq.db)).toEqual([...before, ...after].sort());
    expect(listSetAside(kiosk.db)).toEqual([
      expect.objectContaining({
        kind: 'settlement',
        aggregateId: poison.settlementId,
        receptionNumber: poison.receptionNumber,
        code: 'INVALID_PAYLOAD',
        detail: expect.stringContaining('items.0.name'),
      }),
    ]);
    // HQ keeps the refusal for its staff, without the NUL that PostgreSQL cannot hold.
    const [refusal] = await hq.db.query<{ code: string; status: string }>(
      'SELECT code, status FROM ingest_refusals WHERE aggregate_id = ?',
      [poison.settlementId],
    );
    expect(refusal).toEqual({ code: 'INVALID_PAYLOAD', status: 'invalid' });
  });

  it('D-06 a row whose stored payload is not JSON (a damaged file) is set aside without being sent; the others go', async () => {
    kiosk = createKioskDb();
    hq = await startHq(backend);
    const ids = enqueueMany(kiosk.db, 5, 'damaged');
    kiosk.db
      .prepare("INSERT INTO outbox (id, kind, aggregate_id, payload, created_at) VALUES (?, 'settlement', ?, ?, ?)")
      .run('5d0c7c2e-9f61-4a51-8d7e-2b3c4d5e6f70', '7e1d2c3b-4a59-4687-9766-554433221100', '{"schemaVersion":1,"settle', '2026-05-20T03:00:00.000Z');
    await drain(new OutboxPusher(kiosk.db, { hqUrl: hq.url, token: hq.token }, fast));
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);
    expect(listSetAside(kiosk.db)).toEqual([expect.objectContaining({ code: 'CORRUPT_PAYLOAD', receptionNumber: null, attempts: 1 })]);
  });

  it('D-06 a row the HQ database refuses fails alone; it is set aside after 3 strikes while the rest flows, and a retry after the fix stores it', async () => {
    kiosk = createKioskDb();
    hq = await startHq(backend);
    // The database itself refuses one item: a stand-in for any row HQ cannot store (a trigger, a constraint).
    if (hq.db.dialect === 'sqlite') {
      await hq.db.execute(
        `CREATE TRIGGER refuse_serial BEFORE INSERT ON settlement_items WHEN NEW.serial = 'SN-REFUSED'
         BEGIN SELECT RAISE(ABORT, 'refused'); END`,
      );
    } else {
      await hq.db.execute(
        `CREATE FUNCTION refuse_serial() RETURNS trigger AS $$
         BEGIN IF NEW.serial = 'SN-REFUSED' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await hq.db.execute(
        'CREATE TRIGGER refuse_serial BEFORE INSERT ON settlement_items FOR EACH ROW EXECUTE FUNCTION refuse_serial()',
      );
    }
    const first = enqueueMany(kiosk.db, 10, 'refused-first');
    const bad = makeSettlementPayload(11, { run: 'refused' });
    bad.items[1]!.serial = 'SN-REFUSED';
    enqueueSettlement(kiosk.db, bad);
    const pusher = new OutboxPusher(kiosk.db, { hqUrl: hq.url, token: hq.token }, { ...fast, setAsideAfter: 3 });

    const one = await pusher.pushOnce({ force: true });
    expect(one).toMatchObject({ kind: 'sent', stored: 10, setAside: 0, retrying: 1 });
    // Written while the bad row waits: they do not wait for it.
    const later: string[] = [];
    for (let n = 12; n <= 21; n++) {
      const payload = makeSettlementPayload(n, { run: 'refused-later' });
      enqueueSettlement(kiosk.db, payload);
      later.push(payload.settlementId);
    }
    await drain(pusher);
    expect(await settlementIdsAtHq(hq.db)).toEqual([...first, ...later].sort());
    const [setAside] = listSetAside(kiosk.db);
    expect(setAside).toMatchObject({ aggregateId: bad.settlementId, code: 'STORE_FAILED', attempts: 3 });
    expect(setAside?.detail).toMatch(backend.name === 'sqlite' ? /^SQLITE_CONSTRAINT_TRIGGER$/ : /^SQLSTATE_P0001$/);
    // The failed item left nothing half-stored at HQ.
    expect(await hq.db.query('SELECT id FROM received_items WHERE id = ?', [bad.settlementId])).toEqual([]);
    expect(await hq.db.query('SELECT settlement_id FROM settlement_items WHERE settlement_id = ?', [bad.settlementId])).toEqual([]);

    // IT fixes HQ; the manager retries the row.
    await hq.db.execute(backend.name === 'sqlite' ? 'DROP TRIGGER refuse_serial' : 'DROP TRIGGER refuse_serial ON settlement_items');
    expect(requeueSetAside(kiosk.db, setAside!.seq)).toBe(1);
    await drain(pusher);
    expect(await settlementIdsAtHq(hq.db)).toEqual([...first, ...later, bad.settlementId].sort());
    expect(outboxRows(kiosk.db)).toEqual([]);
  });

  it('D-08 HQ failing every batch: the kiosk splits down to single rows, then backs off; nothing is set aside', async () => {
    kiosk = createKioskDb();
    let broken = true;
    hq = await startHq(backend, {
      configure(app) {
        app.addHook('onRequest', async (request, reply) => {
          if (broken && request.method === 'POST') return reply.code(500).send({ error: 'database down' });
        });
      },
    });
    const ids = enqueueMany(kiosk.db, 40, 'hq-broken');
    const pusher = new OutboxPusher(kiosk.db, { hqUrl: hq.url, token: hq.token }, { ...fast, batchSize: 16, setAsideAfter: 2 });
    const outcomes: PushOutcome[] = [];
    for (let round = 0; round < 14; round++) {
      const outcome = await pusher.pushOnce();
      outcomes.push(outcome);
      const wait = outcome.kind === 'failed' ? outcome.retryInMs : outcome.kind === 'waiting' ? outcome.dueInMs : 0;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 50)));
    }
    expect(outcomes.slice(0, 4)).toEqual([
      { kind: 'split', error: 'HTTP_500', batchLimit: 8 },
      { kind: 'split', error: 'HTTP_500', batchLimit: 4 },
      { kind: 'split', error: 'HTTP_500', batchLimit: 2 },
      { kind: 'split', error: 'HTTP_500', batchLimit: 1 },
    ]);
    // From the second single-row failure on, HQ is the suspect: the exchange waits.
    expect(outcomes.some((o) => o.kind === 'failed' && o.retryInMs > 0)).toBe(true);
    const rows = outboxRows(kiosk.db);
    expect(rows).toHaveLength(40);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.dead_at === null)).toBe(true);
    // No failure counted as a strike: HQ stored nothing meanwhile, so no row can be blamed.
    expect(kiosk.db.prepare('SELECT MAX(strikes) AS s FROM outbox').get()).toEqual({ s: 0 });

    broken = false;
    await drain(pusher, 100);
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids);
    expect(outboxRows(kiosk.db)).toEqual([]);
  });

  it('D-06 HTTP 413: a batch too big for HQ is split until it fits; a row bigger than HQ accepts is set aside as PAYLOAD_TOO_LARGE', async () => {
    kiosk = createKioskDb();
    hq = await startHq(backend, { bodyLimit: 16 * 1024 });
    const ids: string[] = [];
    for (let n = 1; n <= 30; n++) {
      const payload = makeSettlementPayload(n, { run: 'too-large' });
      if (n === 5) {
        // An ID photo far larger than this HQ takes in one request.
        payload.images = [{ kind: 'id_photo', mime: 'image/jpeg', dataBase64: 'A'.repeat(24 * 1024) }];
      } else {
        ids.push(payload.settlementId);
      }
      enqueueSettlement(kiosk.db, payload);
    }
    const pusher = new OutboxPusher(kiosk.db, { hqUrl: hq.url, token: hq.token }, fast);
    const outcomes = await drain(pusher, 80);
    expect(failures(outcomes)).toContain('split:PAYLOAD_TOO_LARGE');
    expect(await settlementIdsAtHq(hq.db)).toEqual(ids.sort());
    expect(listSetAside(kiosk.db)).toEqual([
      expect.objectContaining({ receptionNumber: 'S001-01-20260520-0005', code: 'PAYLOAD_TOO_LARGE', attempts: 1 }),
    ]);
  });

  it('P-01 B-09 HQ refuses a second transaction under a known store + reception number; the kiosk sets it aside, HQ lists it', async () => {
    kiosk = createKioskDb();
    hq = await startHq(backend);
    const original = makeSettlementPayload(7, { run: 'number-original' });
    enqueueSettlement(kiosk.db, original);
    const pusher = new OutboxPusher(kiosk.db, { hqUrl: hq.url, token: hq.token }, fast);
    await drain(pusher);

    // A kiosk restored from an old backup issues S001-01-20260520-0007 again, for another customer's buyback.
    const reissued = makeSettlementPayload(7, { run: 'number-restored' });
    expect(reissued.receptionNumber).toBe(original.receptionNumber);
    expect(reissued.settlementId).not.toBe(original.settlementId);
    const cancelled = { ...makeCancellationPayload(3, { run: 'number-restored' }), receptionNumber: original.receptionNumber };
    const fine = makeSettlementPayload(8, { run: 'number-restored' });
    enqueueSettlement(kiosk.db, reissued);
    enqueueCancellation(kiosk.db, cancelled);
    enqueueSettlement(kiosk.db, fine);
    const outcomes = await drain(pusher);
    expect(outcomes[0]).toMatchObject({ kind: 'sent', stored: 1, setAside: 2 });

    expect(await settlementIdsAtHq(hq.db)).toEqual([original.settlementId, fine.settlementId].sort());
    expect((await countAtHq(hq.db)).received).toBe(2);
    const [stored] = await hq.db.query<{ total_amount: number | string }>('SELECT total_amount FROM settlements WHERE id = ?', [
      original.settlementId,
    ]);
    expect(Number(stored?.total_amount)).toBe(original.totalAmount);
    expect(listSetAside(kiosk.db).map((row) => [row.kind, row.receptionNumber, row.code])).toEqual([
      ['settlement', original.receptionNumber, 'RECEPTION_NUMBER_TAKEN'],
      ['cancellation', original.receptionNumber, 'RECEPTION_NUMBER_TAKEN'],
    ]);

    // HQ staff see both on the admin API and page, with the transaction that holds the number.
    const auth = { authorization: `Bearer ${hq.adminToken}` };
    const api = (await (await fetch(`${hq.url}/api/v1/refusals`, { headers: auth })).json()) as {
      refusals: { id: string; code: string; status: string; heldBy: string; receptionNumber: string }[];
    };
    expect(api.refusals.map((r) => [r.id, r.code, r.status, r.heldBy]).sort()).toEqual(
      [
        [reissued.settlementId, 'RECEPTION_NUMBER_TAKEN', 'conflict', original.settlementId],
        [cancelled.receptionId, 'RECEPTION_NUMBER_TAKEN', 'conflict', original.settlementId],
      ].sort(),
    );
    // The refused body is kept for HQ staff to resolve (a real buyback happened), never shown in the list.
    const [kept] = await hq.db.query<{ payload: string }>('SELECT payload FROM ingest_refusals WHERE aggregate_id = ?', [
      reissued.settlementId,
    ]);
    expect(JSON.parse(kept!.payload)).toMatchObject({ settlementId: reissued.settlementId, totalAmount: reissued.totalAmount });
    expect(JSON.stringify(api)).not.toContain('山田');
    const page = await (await fetch(`${hq.url}/?date=2026-05-20`, { headers: auth })).text();
    expect(page).toContain('RECEPTION_NUMBER_TAKEN');
    expect(page).toContain(reissued.settlementId);

    // Sending it again (a manager's retry before HQ resolved it) is refused again, counted, not stored.
    requeueSetAside(kiosk.db);
    await drain(pusher);
    expect(listSetAside(kiosk.db)).toHaveLength(2);
    const [counted] = await hq.db.query<{ times: number | string }>('SELECT times FROM ingest_refusals WHERE aggregate_id = ?', [
      reissued.settlementId,
    ]);
    expect(Number(counted?.times)).toBe(2);
    expect(await settlementIdsAtHq(hq.db)).toEqual([original.settlementId, fine.settlementId].sort());
  });
});
