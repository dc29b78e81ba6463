/**
 * Issue 19, several counters, one store — the store feed. Two real kiosk cores (two data folders, A = T01 with the
 * demo store, B = T02 set up from IT's provisioning file) and one real HQ on 127.0.0.1, SQLite HQ and PostgreSQL HQ.
 *   N-03 every PC of a store sees the whole store's receptions: HQ numbers the store's reception changes in the ingest
 *        transaction and serves them after a cursor; the sync worker writes other PCs' receptions here, page by page.
 *   N-04 HQ stopped, each PC settles its own; B cannot take A's; HQ back: every settlement at HQ once, lists equal.
 * Every loop and wait is bounded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreFeedPage } from 'kaitori-sync-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { BANK_TRANSFER } from '../../common/till.ts';
import { openDatabase } from '../../db/open.ts';
import { provisionTerminal } from '../../hq/terminals.ts';
import { DATABASE_FILE } from '../../main/data-folder.ts';
import type { CoreSyncOptions } from '../../main/core.ts';
import { applyStoreFeedPage, readStoreFeedState, STORE_FEED_AUDIT_ACTION, StoreFeedPuller, shareExistingMembers } from '../../main/sync/store-feed.ts';
import type { Reception, ReceptionListRow } from '../../preload/types.ts';
import { executeRequest, sellerAccount, STANDARD_FLOAT, startTestCore, type TestCore } from '../support/core.ts';
import { COUNTER_B, COUNTER_SYNC, provisionCounterB, storeSeller } from './support/store-counters.ts';
import { backends, type RunningHq, startHq, until } from './support/hq.ts';

const FAST: CoreSyncOptions = { ...COUNTER_SYNC, tuning: { ...COUNTER_SYNC.tuning, probeMs: 300 } };
const FEED_CHILD = fileURLToPath(new URL('./support/store-feed-child.ts', import.meta.url));

const seller = storeSeller;
const bag = { categoryId: 'brand-wallet', name: 'ショルダーバッグ（カーフ）🎒', maker: 'ルイ・ヴィトン', model: 'M40780', grade: 'A' as const, quantity: 1, unitPrice: 8_800 };

const byTransfer = (r: { id: string; version: number }) => executeRequest(r, { paymentMethod: BANK_TRANSFER, bankAccount: sellerAccount });

/** The store's receptions as a PC's list shows them, in a form two PCs can be compared by. */
async function listed(t: TestCore): Promise<Pick<ReceptionListRow, 'id' | 'number' | 'status' | 'version' | 'changedBy'>[]> {
  const rows: ReceptionListRow[] = [];
  let cursor = '';
  for (let page = 0; page < 20; page++) {
    const result = await t.ok('reception:list', { cursor, pageSize: 100, sort: 'number', direction: 'asc' });
    rows.push(...result.rows);
    if (!result.next) break;
    cursor = result.next;
  }
  return rows.map(({ id, number, status, version, changedBy }) => ({ id, number, status, version, changedBy }));
}

async function rowOn(t: TestCore, number: string): Promise<ReceptionListRow | undefined> {
  return (await t.ok('reception:list', { number })).rows.find((row) => row.number === number);
}

describe.each(backends())('the store feed (HQ on $name)', { timeout: 120_000 }, (backend) => {
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
  async function counterA(): Promise<TestCore> {
    const t = await startTestCore({ signIn: 'manager', sync: FAST });
    kiosks.push(t);
    await t.ok('sync:provision', { hqUrl: hq!.url, storeCode: 'S001', terminalCode: 'T01', token: hq!.token });
    return t;
  }

  /** Counter PC B: a second PC of store S001 set up from IT's provisioning file (terminal T02, number 2). */
  async function provisionB(): Promise<{ dataDir: string; key: Buffer; token: string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-counter-b-'));
    dirs.push(dataDir);
    return { dataDir, key: randomBytes(32), token: await provisionCounterB(hq!, dataDir) };
  }

  async function startB(folder: { dataDir: string; key: Buffer }): Promise<TestCore> {
    const t = await startTestCore({ dataDir: folder.dataDir, keyProvider: { keyId: 'feed-kill', getKey: () => folder.key }, signIn: false, sync: FAST });
    // Closed by afterEach without removing the folder twice: startTestCore's close removes it, so keep it listed once.
    kiosks.push(t);
    await t.ok('session:terminalSignIn', { code: COUNTER_B.terminal, password: COUNTER_B.password });
    await t.ok('session:staffSignIn', COUNTER_B.staff);
    if (!(await t.ok('till:current', {})).open) await t.ok('till:open', { counts: STANDARD_FLOAT });
    return t;
  }

  const counterB = async () => startB(await provisionB());

  async function taken(t: TestCore): Promise<Reception> {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: bag });
    return t.ok('reception:get', { id: r.id });
  }

  it('N-03 A takes a reception, B sees it with its items, claims, appraises and settles it; A shows it settled by T02 and adds nothing to its own books', async () => {
    hq = await startHq(backend);
    const a = await counterA();
    const b = await counterB();
    const r = await taken(a);

    // B sees A's reception with what it needs to appraise it, named with the PC that took it.
    const seen = await until('A’s reception on B', () => rowOn(b, r.number), 20_000);
    expect(seen).toMatchObject({ id: r.id, status: r.status, version: r.version, changedBy: 'T01', sellerName: seller.name });
    const copy = await b.ok('reception:get', { id: r.id });
    expect(copy.items).toEqual([expect.objectContaining({ name: bag.name, maker: bag.maker, model: bag.model, unitPrice: 8_800, stockCode: r.items[0]!.stockCode })]);
    // What stays on the PC that took it: address, phone and birth date never reach B.
    const sellerOnB = b.core.db.prepare('SELECT seller_address, seller_phone, seller_birth_date FROM receptions WHERE id = ?').get(r.id);
    expect(sellerOnB).toEqual({ seller_address: '', seller_phone: '', seller_birth_date: null });

    // Not B's to edit until B holds the claim.
    expect(await b.call('appraisal:updateItem', { receptionId: r.id, itemId: copy.items[0]!.id, item: { ...bag, unitPrice: 9_500 } })).toMatchObject({
      ok: false,
      error: { code: 'RECEPTION_NOT_CLAIMED' },
    });
    expect(await b.ok('reception:claim', { receptionId: r.id })).toMatchObject({ expiresAt: expect.any(String) });
    await b.ok('appraisal:updateItem', { receptionId: r.id, itemId: copy.items[0]!.id, item: { ...bag, unitPrice: 9_500 } });
    const appraised = await b.ok('appraisal:complete', { receptionId: r.id });
    expect(appraised.totals.total).toBe(9_500);

    // A sees B's appraisal, and now needs the claim itself to edit what B last changed.
    await until('B’s appraisal on A', async () => ((await rowOn(a, r.number))?.version === appraised.version ? true : undefined), 20_000);
    expect((await a.ok('reception:get', { id: r.id })).totals.total).toBe(9_500);
    expect(await a.call('appraisal:setAdjustment', { receptionId: r.id, amount: 500, reason: '付属品あり' })).toMatchObject({
      ok: false,
      error: { code: 'RECEPTION_NOT_CLAIMED' },
    });
    expect(await a.call('reception:claim', { receptionId: r.id })).toMatchObject({
      ok: false,
      error: { code: 'RECEPTION_CLAIMED', params: { terminal: 'T02' } },
    });

    const aBooks = () => ({
      settlements: a.core.db.prepare('SELECT COUNT(*) AS n FROM settlements').get(),
      stock: a.core.db.prepare('SELECT COUNT(*) AS n FROM stock_items').get(),
      till: a.core.db.prepare('SELECT COUNT(*) AS n FROM till_movements').get(),
      ledger: a.core.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE kind = ?').get('settlement'),
    });
    const before = aBooks();
    const settled = await b.ok('settlement:execute', byTransfer(appraised));
    expect(settled.reception.status).toBe('settled');
    expect(settled.stock.map((s) => s.code)).toEqual([copy.items[0]!.stockCode]);

    const onA = await until('settled by T02 on A', async () => {
      const row = await rowOn(a, r.number);
      return row?.status === 'settled' ? row : undefined;
    }, 20_000);
    expect(onA).toMatchObject({ changedBy: 'T02', settleable: false });
    // B's settlement is B's: A's ledger, stock and till are as they were (HQ holds the store's whole ledger).
    expect(aBooks()).toEqual(before);
    expect(await a.call('settlement:execute', byTransfer({ id: r.id, version: onA.version }))).toMatchObject({
      ok: false,
      error: { code: 'SETTLED_ELSEWHERE', params: { terminal: 'T02' } },
    });
    // The settled guard (migration 026) holds for the copy: nothing from anywhere rewrites it.
    expect(() => a.core.db.prepare('UPDATE receptions SET items_total = 1 WHERE id = ?').run(r.id)).toThrow(/ledger record/);
    // Both audit chains verify, with A's entry for the change that came from the feed.
    expect((await a.ok('audit:verify', {})).ok).toBe(true);
    expect((await b.ok('audit:verify', {})).ok).toBe(true);
    const fed = a.core.db.prepare('SELECT detail FROM audit_log WHERE action = ? AND entity_id = ?').all(STORE_FEED_AUDIT_ACTION, r.id) as { detail: string }[];
    expect(fed.map((row) => JSON.parse(row.detail))).toContainEqual(expect.objectContaining({ status: 'settled', terminal: 'T02' }));
    expect(fed.map((row) => row.detail).join()).not.toContain(seller.name);
    // The settlement reached HQ once.
    await until('settled at HQ', async () => {
      const rows = await hq!.db.query('SELECT id FROM settlements WHERE reception_id = ?', [r.id]);
      return rows.length === 1 ? rows : undefined;
    }, 20_000);
  });

  it('N-03 members A registered before it joined HQ (none of them ever queued) reach B once A connects; sent once, never back', async () => {
    hq = await startHq(backend);
    // The demo store's members were written before this PC was connected, with no outbox row — as an upgraded PC's are.
    const a = await counterA();
    const b = await counterB();
    const found = await until('A’s earlier member on B', async () => (await b.ok('customer:search', { query: 'M0000001' }))[0], 20_000);
    expect(found).toMatchObject({ memberNumber: 'M0000001', name: '鈴木 一郎', nameKana: 'スズキ イチロウ' });
    expect((await b.ok('customer:search', { query: '3333-4444' })).map((c) => c.memberNumber)).toEqual(['M0000002']);
    // Once: a second start queues nothing; B never sends A's members back.
    expect(shareExistingMembers(a.core.db, { storeCode: 'S001', terminalCode: 'T01' }, new Date().toISOString())).toBe(0);
    expect(b.core.db.prepare(`SELECT COUNT(*) FROM outbox WHERE kind = 'member'`).pluck().get()).toBe(0);
    const atHq = await hq.db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM store_members WHERE member_number IN ('M0000001', 'M0000002')`);
    expect(Number(atHq[0]!.n)).toBe(2);
  });

  it('N-03 a member registered at A is found at B by number, name, reading and phone; what identifies them further stays on A', async () => {
    hq = await startHq(backend);
    const a = await counterA();
    const b = await counterB();
    const member = await a.ok('customer:create', {
      name: '髙橋 𠮷子🌸',
      nameKana: 'タカハシ ヨシコ',
      postalCode: '150-0041',
      address: '東京都渋谷区神南1-2-3 メゾン渋谷101',
      phone: '080-1234-9876',
      birthDate: '1975-01-31',
      occupation: '自営業',
    });
    expect(member.memberNumber).toMatch(/^M-S001/);
    const found = await until('A’s member on B', async () => (await b.ok('customer:search', { query: '9876' }))[0], 20_000);
    expect(found).toMatchObject({ id: member.id, memberNumber: member.memberNumber, name: member.name, nameKana: member.nameKana });
    for (const query of [member.memberNumber, 'ヨシコ', '𠮷子']) {
      expect((await b.ok('customer:search', { query })).map((c) => c.id)).toEqual([member.id]);
    }
    expect(b.core.db.prepare('SELECT address, postal_code, birth_date, occupation FROM customers WHERE id = ?').get(member.id)).toEqual({
      address: '',
      postal_code: '',
      birth_date: null,
      occupation: '',
    });
    // B takes a reception for the member it found; A sees it under the member.
    const r = await b.ok('reception:create', { kind: 'member', customerId: member.id, note: '' });
    const onA = await until('B’s member reception on A', () => rowOn(a, r.number), 20_000);
    expect(onA).toMatchObject({ memberNumber: member.memberNumber, changedBy: 'T02' });
    expect((await b.ok('audit:verify', {})).ok).toBe(true);
  });

  it('N-02 N-03 A and B both press 精算実行 on the same reception, 50 times: each is settled once, by one PC, and the other is told which PC has it', async () => {
    hq = await startHq(backend);
    const a = await counterA();
    const b = await counterB();
    const ROUNDS = 50;
    const receptions: Reception[] = [];
    for (let i = 0; i < ROUNDS; i++) receptions.push(await a.ok('appraisal:complete', { receptionId: (await taken(a)).id }));
    // B works on its own copies, written by the store feed.
    await until('all of A’s receptions on B', async () => {
      const onB = await listed(b);
      return receptions.every((r) => onB.some((row) => row.id === r.id && row.version === r.version)) ? true : undefined;
    }, 60_000);

    const winners = { T01: 0, T02: 0 };
    const lag = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    for (const [round, r] of receptions.entries()) {
      const onB = await b.ok('reception:get', { id: r.id });
      // Who presses first alternates, and the other follows after a random 0–3 ms: both orders and near-ties happen.
      const aFirst = round % 2 === 0;
      const [byA, byB] = await Promise.all([
        (aFirst ? Promise.resolve() : lag()).then(() => a.call('settlement:execute', byTransfer(r))),
        (aFirst ? lag() : Promise.resolve()).then(() => b.call('settlement:execute', byTransfer(onB))),
      ]);
      expect({ round, both: byA.ok && byB.ok, byA, byB }).toMatchObject({ round, both: false });
      const [winner, loser] = byA.ok ? (['T01', byB] as const) : (['T02', byA] as const);
      expect({ round, winnerSettled: byA.ok || byB.ok }).toEqual({ round, winnerSettled: true });
      winners[winner]++;
      // The loser reached HQ while the winner held the claim (told which PC), or after the winner's settlement was
      // already stored there, or (a slow loser) after the store feed had brought the winner's settlement here.
      if (!loser.ok && loser.error.code === 'RECEPTION_CLAIMED') expect(loser.error.params).toMatchObject({ terminal: winner });
      else if (!loser.ok && loser.error.code === 'SETTLED_ELSEWHERE') expect(loser.error.params).toMatchObject({ terminal: winner });
      else expect({ round, loser }).toMatchObject({ round, loser: { ok: false, error: { code: 'RECEPTION_CLOSED_AT_HQ' } } });
    }
    expect(winners.T01 + winners.T02).toBe(ROUNDS);
    // Both PCs won some rounds: the race was real in both directions.
    expect(winners.T01).toBeGreaterThan(0);
    expect(winners.T02).toBeGreaterThan(0);

    const ids = receptions.map((r) => r.id);
    const rows = await until('every settlement at HQ', async () => {
      const found = (await hq!.db.query<{ reception_id: string; n: number | string }>('SELECT reception_id, COUNT(*) AS n FROM settlements GROUP BY reception_id')).filter((row) =>
        ids.includes(row.reception_id),
      );
      return found.length === ROUNDS ? found : undefined;
    }, 60_000);
    expect(rows.every((row) => Number(row.n) === 1)).toBe(true);
    expect(await hq.db.query(`SELECT * FROM ingest_refusals WHERE code = 'RECEPTION_CLAIMED'`)).toEqual([]);
    // Each PC's books hold exactly the rounds it won; both lists end equal, every reception settled by its winner.
    const settledHere = (t: TestCore) =>
      (t.core.db.prepare('SELECT reception_id FROM settlements').pluck().all() as string[]).filter((id) => ids.includes(id)).length;
    expect([settledHere(a), settledHere(b)]).toEqual([winners.T01, winners.T02]);
    const converged = await until('both lists equal', async () => {
      const [onA, onB] = await Promise.all([listed(a), listed(b)]);
      const ours = (rows: typeof onA) => rows.filter((row) => ids.includes(row.id));
      return ours(onA).every((row) => row.status === 'settled') && JSON.stringify(ours(onA)) === JSON.stringify(ours(onB)) ? ours(onA) : undefined;
    }, 60_000);
    expect(converged.filter((row) => row.changedBy === 'T02')).toHaveLength(winners.T02);
    console.info(`N-02 execute race on ${backend.name}: T01 won ${winners.T01}, T02 won ${winners.T02} of ${ROUNDS}`);
  });

  it('N-03 本部連携 says why the store feed failed — HQ refused, HQ unreachable, data it cannot use — and forgets it once a pull succeeds', async () => {
    hq = await startHq(backend);
    // A kiosk without a sync worker: only the pulls below write its feed state.
    const c = await startTestCore({ signIn: 'manager' });
    kiosks.push(c);
    const status = () => c.ok('storeFeed:status', {});
    expect(await status()).toEqual({ pulledAt: null, appliedAt: null, lastError: null });
    const { token } = await provisionTerminal(hq.db, { storeCode: 'S001', terminalCode: 'T03' });
    const good = { hqUrl: hq.url, token, terminalCode: 'T03' };
    await new StoreFeedPuller(c.core.db, good).pullQuietly();
    const first = await status();
    expect(first).toMatchObject({ pulledAt: expect.any(String), lastError: null });

    await new StoreFeedPuller(c.core.db, { ...good, token: 'not-a-terminal-token' }).pullQuietly();
    expect((await status()).lastError).toMatch(/^HQ_REFUSED: HQ answered 401/);
    // A port nobody listens on: the request itself fails.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    await new StoreFeedPuller(c.core.db, { ...good, hqUrl: `http://127.0.0.1:${closed}/` }).pullQuietly();
    expect((await status()).lastError).toMatch(/^UNREACHABLE: /);
    // Something that is not a store feed page: nothing is written, the cursor stays.
    const cursor = readStoreFeedState(c.core.db).cursor;
    const notAFeed = async () => new Response(JSON.stringify({ receptions: 'none' }), { status: 200, headers: { 'content-type': 'application/json' } });
    await new StoreFeedPuller(c.core.db, good, { fetch: notAFeed }).pullQuietly();
    expect((await status()).lastError).toMatch(/^INVALID_DATA: /);
    expect(readStoreFeedState(c.core.db).cursor).toBe(cursor);
    // Meanwhile the screen still says when the store's receptions were last pulled; the next good pull clears the reason.
    expect((await status()).pulledAt).toBe(first.pulledAt);
    await new StoreFeedPuller(c.core.db, good).pullQuietly();
    expect((await status()).lastError).toBeNull();
  });

  it('N-04 HQ stopped: A and B each settle their own, B cannot take A’s; HQ back: every settlement at HQ once and both lists equal', async () => {
    hq = await startHq(backend);
    const a = await counterA();
    const b = await counterB();
    const known = await taken(a);
    await until('A’s reception on B before the outage', () => rowOn(b, known.number), 20_000);

    const { port, token } = hq;
    const down = hq;
    await hq.stopServer();
    const ownA = await taken(a);
    const ownB = await taken(b);
    const settledA = await a.ok('settlement:execute', byTransfer(await a.ok('appraisal:complete', { receptionId: ownA.id })));
    const settledB = await b.ok('settlement:execute', byTransfer(await b.ok('appraisal:complete', { receptionId: ownB.id })));
    expect([settledA.reception.status, settledB.reception.status]).toEqual(['settled', 'settled']);
    // A's reception is read-only on B while HQ cannot grant the claim.
    expect(await b.call('reception:claim', { receptionId: known.id })).toMatchObject({ ok: false, error: { code: 'CLAIM_OFFLINE' } });
    expect(await b.call('appraisal:complete', { receptionId: known.id })).toMatchObject({ ok: false, error: { code: 'RECEPTION_NOT_CLAIMED' } });
    expect(await b.call('settlement:execute', byTransfer(known))).toMatchObject({ ok: false, error: { code: 'RECEPTION_NOT_CLAIMED' } });

    hq = await startHq(backend, { db: { db: down.db, dispose: () => down.close() }, port, token });
    const settledIds = [ownA.id, ownB.id];
    await until('both settlements at HQ', async () => {
      const rows = await hq!.db.query<{ reception_id: string; n: number | string }>(
        'SELECT reception_id, COUNT(*) AS n FROM settlements GROUP BY reception_id',
      );
      const ours = rows.filter((row) => settledIds.includes(row.reception_id));
      return ours.length === 2 ? ours : undefined;
    }, 30_000);
    const converged = await until('both lists equal', async () => {
      const [onA, onB] = await Promise.all([listed(a), listed(b)]);
      const ids = new Set(onB.map((row) => row.id));
      return [known.id, ownA.id, ownB.id].every((id) => ids.has(id)) && JSON.stringify(onA) === JSON.stringify(onB) ? onA : undefined;
    }, 30_000);
    expect(converged.find((row) => row.id === ownB.id)).toMatchObject({ status: 'settled', changedBy: 'T02' });
    expect(converged.find((row) => row.id === ownA.id)).toMatchObject({ status: 'settled', changedBy: 'T01' });
    expect(converged.find((row) => row.id === known.id)).toMatchObject({ status: known.status, version: known.version, changedBy: 'T01' });
    const once = await hq.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM settlements WHERE reception_id IN (?, ?)`,
      settledIds,
    );
    expect(Number(once[0]!.n)).toBe(2);
  });

  it('N-03 the feed is paged with `more`; a replayed page or an older version changes nothing; B killed mid-pull resumes from its cursor without gaps or duplicates', async () => {
    hq = await startHq(backend);
    const a = await counterA();
    // B exists but is not running while A works: its pull is done by the child below, then by B itself.
    const folder = await provisionB();
    const first = await startB(folder);
    await first.core.close();
    kiosks.splice(kiosks.indexOf(first), 1);

    const N = 7;
    const receptions: Reception[] = [];
    for (let i = 0; i < N; i++) receptions.push(await taken(a));
    const ids = receptions.map((r) => r.id);
    const feed = async (after: number, limit: number) =>
      (await (await fetch(`${hq!.url}/api/v1/store/receptions?after=${after}&limit=${limit}`, { headers: { authorization: `Bearer ${folder.token}` } })).json()) as StoreFeedPage;
    await until('all of A’s receptions at HQ', async () => {
      const page = await feed(0, 200);
      const seen = new Set(page.receptions.map((e) => e.reception.receptionId));
      return ids.every((id) => seen.has(id)) ? true : undefined;
    }, 30_000);

    // Pages of 3: each reception once, at its newest version, in sequence order; `more` until the last page.
    const pages: StoreFeedPage[] = [];
    for (let cursor = 0, i = 0; i < 10; i++) {
      const page = await feed(cursor, 3);
      pages.push(page);
      cursor = page.cursor;
      if (!page.more) break;
    }
    const entries = pages.flatMap((page) => page.receptions);
    const lastSeq = pages.at(-1)!.cursor;
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.slice(0, -1).every((page) => page.more && page.receptions.length + (page.members?.length ?? 0) === 3)).toBe(true);
    expect(pages.at(-1)!.more).toBe(false);
    // A's demo receptions (taken through the services at its first start) are the store's too.
    const fedIds = entries.map((e) => e.reception.receptionId);
    expect(new Set(fedIds).size).toBe(fedIds.length);
    expect(fedIds).toEqual(expect.arrayContaining(ids));
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((x, y) => x - y));
    for (const r of receptions) expect(entries.find((e) => e.reception.receptionId === r.id)!.reception.version).toBe(r.version);
    // Another store's terminal reads its own store only.
    const other = await provisionTerminal(hq.db, { storeCode: 'S002', terminalCode: 'T01' });
    const foreign = await fetch(`${hq.url}/api/v1/store/receptions?after=0`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(((await foreign.json()) as StoreFeedPage).receptions).toEqual([]);

    // B's pull killed part-way (one reception per page, each its own transaction).
    const child = spawn(process.execPath, ['--import', 'tsx', FEED_CHILD, folder.dataDir, hq.url, folder.token, 'T02'], {
      env: { ...process.env, KIOSK_TEST_KEY: folder.key.toString('hex') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await until('the child applied two pages', () => (output.split('applied').length > 2 ? true : undefined), 60_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Killed part-way: some pages committed with their cursor, the rest not.
    const killed = openDatabase(join(folder.dataDir, DATABASE_FILE));
    const cursorAtKill = readStoreFeedState(killed).cursor;
    killed.close();
    expect(cursorAtKill).toBeGreaterThan(0);
    expect(cursorAtKill).toBeLessThan(lastSeq);

    // B started again: its worker resumes from the cursor the last committed page left.
    const b = await startB(folder);
    await until('every reception of A on B', async () => {
      const onB = await listed(b);
      return ids.every((id) => onB.some((row) => row.id === id)) ? true : undefined;
    }, 30_000);
    const applied = b.core.db
      .prepare(`SELECT entity_id, COUNT(*) AS n FROM audit_log WHERE action = ? GROUP BY entity_id`)
      .all(STORE_FEED_AUDIT_ACTION) as { entity_id: string; n: number }[];
    expect(applied.filter((row) => ids.includes(row.entity_id)).map((row) => row.n)).toEqual(ids.map(() => 1));
    expect(readStoreFeedState(b.core.db).cursor).toBe(lastSeq);

    // The same page again, and an older version of a reception: nothing changes, nothing is audited.
    const listedBefore = await listed(b);
    const auditBefore = b.core.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get();
    const newest = entries.find((e) => e.reception.receptionId === receptions[0]!.id)!;
    const older = { ...newest, reception: { ...newest.reception, changeId: randomUUID(), version: 1, itemCount: 0, itemsTotal: 0, items: [] } };
    expect(applyStoreFeedPage(b.core.db, [...entries, older], 0, { terminalCode: 'T02', at: new Date().toISOString() })).toBe(0);
    expect(await listed(b)).toEqual(listedBefore);
    expect(b.core.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual(auditBefore);
    expect((await b.ok('reception:get', { id: older.reception.receptionId })).items).toHaveLength(1);
    expect(readStoreFeedState(b.core.db).cursor).toBe(lastSeq);
    expect((await b.ok('audit:verify', {})).ok).toBe(true);
  });
});
