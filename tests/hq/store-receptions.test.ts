/**
 * Issue 19, several counters, one store: two real kiosk cores (two data folders) against one real HQ on 127.0.0.1,
 * on SQLite HQ and PostgreSQL HQ.
 *   N-01 every reception change reaches HQ through the outbox; HQ keeps the newest version, idempotently.
 *   N-02 one editor at a time: HQ grants a reception claim to one terminal; settlement takes it; a settlement of a
 *        reception another terminal holds is refused as a conflict; a killed holder's claim expires.
 * Every loop and wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReceptionPayload } from 'kaitori-sync-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { BANK_TRANSFER } from '../../common/till.ts';
import { ReceptionClaimClient } from '../../main/sync/reception-claims.ts';
import type { Reception } from '../../preload/types.ts';
import { executeRequest, sellerAccount, STANDARD_FLOAT, startTestCore, type TestCore } from '../support/core.ts';
import { makeSettlementPayload } from './support/factory.ts';
import { backends, postBatch, type RunningHq, startHq, until } from './support/hq.ts';
import { COUNTER_B, COUNTER_SYNC, provisionCounterB, storeSeller } from './support/store-counters.ts';

const FAST = COUNTER_SYNC;
const CLAIM_CHILD = fileURLToPath(new URL('./support/claim-child.ts', import.meta.url));

const seller = storeSeller;
const bag = { categoryId: 'brand-wallet', name: 'ショルダーバッグ（カーフ）', grade: 'A' as const, quantity: 1, unitPrice: 8_800 };

interface HqReception {
  version: number;
  status: string;
  terminal_code: string;
  seller_name: string;
  items_total: number;
}

async function atHq(hq: RunningHq, receptionId: string): Promise<HqReception | undefined> {
  const rows = await hq.db.query<Record<string, unknown>>(
    'SELECT version, status, terminal_code, seller_name, items_total FROM store_receptions WHERE reception_id = ?',
    [receptionId],
  );
  const row = rows[0];
  return row
    ? {
        version: Number(row.version),
        status: String(row.status),
        terminal_code: String(row.terminal_code),
        seller_name: String(row.seller_name),
        items_total: Number(row.items_total),
      }
    : undefined;
}

describe.each(backends())('several counters, one store (HQ on $name)', { timeout: 120_000 }, (backend) => {
  let hq: RunningHq | undefined;
  const kiosks: TestCore[] = [];
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const kiosk of kiosks.splice(0)) await kiosk.close().catch(() => undefined);
    await hq?.close();
    hq = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Counter PC A: the demo store's terminal T01, connected to HQ as IT would (sync:provision). */
  async function counterA(options: Parameters<typeof startTestCore>[0] = {}): Promise<TestCore> {
    const t = await startTestCore({ signIn: 'manager', sync: FAST, ...options });
    kiosks.push(t);
    await t.ok('sync:provision', { hqUrl: hq!.url, storeCode: 'S001', terminalCode: 'T01', token: hq!.token });
    return t;
  }

  /** Counter PC B: a second PC of store S001 set up from IT's provisioning file (terminal T02, number 2). */
  async function counterB(): Promise<TestCore> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-counter-b-'));
    await provisionCounterB(hq!, dataDir);
    const t = await startTestCore({ dataDir, signIn: false, sync: FAST });
    kiosks.push(t);
    await t.ok('session:terminalSignIn', { code: COUNTER_B.terminal, password: COUNTER_B.password });
    await t.ok('session:staffSignIn', COUNTER_B.staff);
    await t.ok('till:open', { counts: STANDARD_FLOAT });
    return t;
  }

  async function appraised(t: TestCore): Promise<Reception> {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: bag });
    return t.ok('appraisal:complete', { receptionId: r.id });
  }

  /** Paid by transfer: fifty buybacks need no cash from the safe. */
  const byTransfer = (r: Reception) => executeRequest(r, { paymentMethod: BANK_TRANSFER, bankAccount: sellerAccount });

  const claimClient = (t: TestCore) => new ReceptionClaimClient({ connection: t.core.services.sync.connection()! });

  it('N-01 a reception and each of its changes reach HQ with the version; a replay is a duplicate, a late older version changes nothing', async () => {
    hq = await startHq(backend);
    const a = await counterA();
    const r = await a.ok('reception:create', { kind: 'walkIn', seller });
    const first = await until('the new reception at HQ', () => atHq(hq!, r.id), 20_000);
    expect(first).toMatchObject({ version: r.version, status: 'received', terminal_code: 'T01', seller_name: seller.name });

    await a.ok('appraisal:addItem', { receptionId: r.id, item: bag });
    const done = await a.ok('appraisal:complete', { receptionId: r.id });
    const latest = await until('the appraised version at HQ', async () => {
      const row = await atHq(hq!, r.id);
      return row?.version === done.version ? row : undefined;
    });
    expect(latest).toMatchObject({ status: 'appraised', items_total: 8_800 });

    // The store's open receptions, as HQ's read API serves them.
    const open = await fetch(`${hq.url}/api/v1/receptions?store=S001`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
    const listed = ((await open.json()) as { receptions: { receptionNumber: string; version: number; claimedBy: string | null }[] })
      .receptions;
    expect(listed).toContainEqual(expect.objectContaining({ receptionNumber: r.number, version: done.version, claimedBy: null }));
    // And on HQ's page for the store, where the manager looks, with the terminal that holds it once claimed.
    expect(await a.ok('reception:claim', { receptionId: r.id })).toMatchObject({ receptionId: r.id, expiresAt: expect.any(String) });
    const page = await (await fetch(`${hq.url}/?store=S001`, { headers: { authorization: `Bearer ${hq.adminToken}` } })).text();
    const section = page.slice(page.indexOf('id="open-receptions"'), page.indexOf('id="refusals"'));
    expect(section).toContain(r.number);
    expect(section).toMatch(/<td>T01<\/td><\/tr>/);

    // A change arriving twice, and an older version arriving after a newer one (a kiosk back from an outage).
    const older: ReceptionPayload = {
      schemaVersion: 1,
      changeId: randomUUID(),
      receptionId: r.id,
      receptionNumber: r.number,
      storeCode: 'S001',
      terminalCode: 'T01',
      staffCode: '9001',
      version: 1,
      status: 'received',
      sellerName: seller.name,
      sellerNameKana: seller.nameKana,
      memberNumber: null,
      itemCount: 0,
      itemsTotal: 0,
      adjustmentAmount: 0,
      createdAt: r.createdAt,
      changedAt: r.createdAt,
    };
    const batch = { protocol: 2, items: [{ kind: 'reception', id: older.changeId, payload: older }] };
    expect((await postBatch(hq, batch)).body.results[0]).toMatchObject({ status: 'stored' });
    expect((await postBatch(hq, batch)).body.results[0]).toMatchObject({ status: 'duplicate' });
    expect(await atHq(hq, r.id)).toMatchObject({ version: done.version, status: 'appraised' });

    // Settled: HQ's copy says so and the store's open list no longer shows it.
    await a.ok('settlement:execute', byTransfer(done));
    await until('settled at HQ', async () => ((await atHq(hq!, r.id))?.status === 'settled' ? true : undefined));
    const after = await fetch(`${hq.url}/api/v1/receptions?store=S001`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
    expect(((await after.json()) as { receptions: { receptionId: string }[] }).receptions.map((x) => x.receptionId)).not.toContain(r.id);
  });

  it('N-02 A and B race for the same reception 50 times: each is settled once, every loser is told which terminal holds it', async () => {
    hq = await startHq(backend);
    const a = await counterA();
    const b = await counterB();
    const bClaims = claimClient(b);
    const ROUNDS = 50;
    const winners = { A: 0, B: 0 };
    const settledIds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const r = await appraised(a);
      // A settles (its execute takes the claim first) while B opens the same reception (its screen claims it).
      // Who starts first alternates, and the other follows after a random 0–3 ms: both orders and near-ties happen.
      const lag = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      const aFirst = round % 2 === 0;
      const [execute, claim] = await Promise.all([
        (aFirst ? Promise.resolve() : lag()).then(() => a.call('settlement:execute', byTransfer(r))),
        (aFirst ? lag() : Promise.resolve()).then(() => bClaims.claim(r.id, r.number)),
      ]);
      if (execute.ok) {
        winners.A++;
        expect(claim.ok).toBe(false);
        // B reached HQ after A's claim (told who holds it), or after A's settlement was already stored there.
        if (!claim.ok && claim.code === 'RECEPTION_CLAIMED') expect(claim.holder.terminalCode).toBe('T01');
        else expect(claim).toMatchObject({ ok: false, code: 'RECEPTION_CLOSED' });
      } else {
        winners.B++;
        expect({ round, claim, error: execute.error }).toMatchObject({ claim: { ok: true } });
        expect(execute.error).toMatchObject({ code: 'RECEPTION_CLAIMED', params: { terminal: 'T02' } });
        // Nothing happened at A: the reception is still open there.
        expect((await a.ok('reception:get', { id: r.id })).status).toBe('appraised');
        await bClaims.release(r.id);
        expect((await a.call('settlement:execute', byTransfer(r))).ok).toBe(true);
      }
      settledIds.push(r.id);
    }
    expect(winners.A + winners.B).toBe(ROUNDS);
    // Both sides won some rounds: the race was real in both directions.
    expect(winners.A).toBeGreaterThan(0);
    expect(winners.B).toBeGreaterThan(0);

    const ids = settledIds;
    const settledAtHq = async () => {
      const rows = await hq!.db.query<{ reception_id: string; n: number | string }>(
        `SELECT reception_id, COUNT(*) AS n FROM settlements GROUP BY reception_id`,
      );
      return rows.filter((row) => ids.includes(row.reception_id));
    };
    const rows = await until('every settlement at HQ', async () => {
      const found = await settledAtHq();
      return found.length === ROUNDS ? found : undefined;
    }, 60_000);
    expect(rows.every((row) => Number(row.n) === 1)).toBe(true);
    // Nothing refused: no settlement was made without the claim.
    const refusals = await hq.db.query(`SELECT * FROM ingest_refusals WHERE code = 'RECEPTION_CLAIMED'`);
    expect(refusals).toEqual([]);
    console.info(`N-02 race on ${backend.name}: A won ${winners.A}, B won ${winners.B} of ${ROUNDS}`);
  });

  it('N-02 a settlement of a reception another terminal holds is refused as a conflict naming the holder, and shown to the manager', async () => {
    hq = await startHq(backend);
    const a = await counterA();
    const b = await counterB();
    const settlement = makeSettlementPayload(1, { run: `claimed-${randomUUID()}` });
    // B holds the claim (its clerk is appraising it); A's settlement of it arrives (A settled it offline).
    expect(await claimClient(b).claim(settlement.receptionId, settlement.receptionNumber)).toMatchObject({ ok: true });
    const refused = await postBatch(hq, { protocol: 2, items: [{ kind: 'settlement', id: settlement.settlementId, payload: settlement }] });
    expect(refused.body.results[0]).toMatchObject({
      status: 'conflict',
      retryable: false,
      error: { code: 'RECEPTION_CLAIMED', message: expect.stringContaining('T02') },
    });
    expect(await hq.db.query('SELECT id FROM settlements WHERE id = ?', [settlement.settlementId])).toEqual([]);
    const page = await fetch(`${hq.url}/api/v1/refusals`, { headers: { authorization: `Bearer ${hq.adminToken}` } });
    const { refusals } = (await page.json()) as { refusals: Record<string, unknown>[] };
    expect(refusals).toContainEqual(expect.objectContaining({ code: 'RECEPTION_CLAIMED', heldBy: 'T02' }));

    // A's own terminal holding the claim is no conflict: once B lets go and A claims it, the same body is stored.
    await claimClient(b).release(settlement.receptionId);
    expect(await claimClient(a).claim(settlement.receptionId, settlement.receptionNumber)).toMatchObject({ ok: true });
    const stored = await postBatch(hq, { protocol: 2, items: [{ kind: 'settlement', id: settlement.settlementId, payload: settlement }] });
    expect(stored.body.results[0]).toMatchObject({ status: 'stored' });
    // Settled at HQ: nobody can claim it any more.
    expect(await claimClient(b).claim(settlement.receptionId, settlement.receptionNumber)).toEqual({ ok: false, code: 'RECEPTION_CLOSED' });
  });

  it('N-02 a counter PC killed while holding a claim: the claim expires, the other takes over, and the restarted PC is told', async () => {
    hq = await startHq(backend, { claim: { ttlSeconds: 6, renewSeconds: 2 } });
    const key = randomBytes(32);
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-claim-kill-'));
    dirs.push(dataDir);
    const keyProvider = { keyId: 'claim-test', getKey: () => key };
    const first = await startTestCore({ dataDir, keyProvider, signIn: 'manager', sync: FAST });
    await first.ok('sync:provision', { hqUrl: hq.url, storeCode: 'S001', terminalCode: 'T01', token: hq.token });
    const r = await appraised(first);
    await first.core.close();
    const b = await counterB();
    const bClaims = claimClient(b);

    const child = spawn(process.execPath, ['--import', 'tsx', CLAIM_CHILD, dataDir, r.id], {
      env: { ...process.env, KIOSK_TEST_KEY: key.toString('hex') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await until('the child holds the claim', () => (output.includes('claimed') ? true : undefined), 60_000);
    expect(output).toContain('"expiresAt":"');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const refused = await bClaims.claim(r.id, r.number);
    expect(refused).toMatchObject({ ok: false, code: 'RECEPTION_CLAIMED', holder: { terminalCode: 'T01' } });
    // Nobody renews the killed PC's claim: after its TTL (6 s here) B takes over.
    const taken = await until(
      'the claim expired and taken by B',
      async () => {
        const claim = await bClaims.claim(r.id, r.number);
        return claim.ok ? claim : undefined;
      },
      20_000,
    );
    expect(taken.ok).toBe(true);

    // A started again on its data folder: its screen is told B holds the reception.
    const restarted = await startTestCore({ dataDir, keyProvider, signIn: 'manager', sync: FAST });
    kiosks.push(restarted);
    expect(await restarted.call('reception:claim', { receptionId: r.id })).toMatchObject({
      ok: false,
      error: { code: 'RECEPTION_CLAIMED', params: { terminal: 'T02' } },
    });
  });
});
