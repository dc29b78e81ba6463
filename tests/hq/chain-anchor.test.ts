/**
 * B-05 issue 13 §4 (HQ half): every sync batch carries the kiosk's audit chain head; HQ keeps its own anchor per
 * terminal and reports divergence — the same position with another hash (an insider rewrote the file with the sqlite3
 * CLI and recomputed the chain) or the head going backwards (an old backup restored) — on its admin API and page, and
 * in its answer, so the kiosk alerts. Real HQ on 127.0.0.1, both databases.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { appendAudit } from '../../main/services/audit.ts';
import { readChainDivergence } from '../../main/sync/chain-report.ts';
import { OutboxPusher } from '../../main/sync/pusher.ts';
import { readSyncStatus } from '../../main/sync/status.ts';
import { drain, FAST_RETRY } from './support/drain.ts';
import { makeSettlementPayload } from './support/factory.ts';
import { backends, type RunningHq, startHq } from './support/hq.ts';
import { bindKioskKeys, createKioskDb, enqueueSettlement, type KioskDb } from './support/kiosk.ts';

const fast = FAST_RETRY;

interface ChainApi {
  terminals: {
    terminalId: string;
    terminalCode: string;
    anchor: { seq: number } | null;
    divergences: { kind: string; seq: number; reportedSeq: number; acknowledgedAt: string | null }[];
  }[];
}

describe.each(backends())('audit chain anchored at HQ on $name', (backend) => {
  let hq: RunningHq | undefined;
  const kiosks: KioskDb[] = [];
  afterEach(async () => {
    await hq?.close();
    hq = undefined;
    for (const kiosk of kiosks.splice(0)) kiosk.dispose();
  });

  let n = 0;
  /** What the counter does: audited changes, each with its outbox row. */
  function work(kiosk: KioskDb, entries: number, run: string) {
    for (let i = 0; i < entries; i++) {
      appendAudit(kiosk.db, new Date(Date.UTC(2026, 10, 27, 1, 0, ++n)).toISOString(), randomUUID, {
        staffId: null,
        terminalId: null,
        action: 'settlement.execute',
        entity: 'reception',
        entityId: randomUUID(),
        detail: { total: 4_000 + n },
      });
    }
    enqueueSettlement(kiosk.db, makeSettlementPayload(++n, { run }));
  }
  const head = (kiosk: KioskDb) => (kiosk.db.prepare('SELECT MAX(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
  const chainApi = async () =>
    (await (await fetch(`${hq!.url}/api/v1/chain`, { headers: { authorization: `Bearer ${hq!.adminToken}` } })).json()) as ChainApi;

  it('B-05 an insider rewrites an anchored audit row with the sqlite3 CLI: HQ reports HASH_MISMATCH, the kiosk alerts', async () => {
    hq = await startHq(backend);
    const kiosk = createKioskDb();
    kiosks.push(kiosk);
    const pusher = new OutboxPusher(kiosk.db, { hqUrl: hq.url, token: hq.token }, fast);
    work(kiosk, 5, 'chain');
    await drain(pusher);
    work(kiosk, 3, 'chain');
    await drain(pusher);
    const anchored = head(kiosk);
    expect((await chainApi()).terminals[0]).toMatchObject({ terminalCode: 'T01', anchor: { seq: anchored }, divergences: [] });
    expect(readChainDivergence(kiosk.db)).toBeNull();

    // The insider: triggers dropped, the amount in the anchored row changed, its hash recomputed by a script.
    const forged = 'f'.repeat(64);
    execFileSync('sqlite3', [
      kiosk.file,
      `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{"total":1}', hash = '${forged}' WHERE seq = ${anchored};`,
    ]);
    work(kiosk, 1, 'chain');
    const outcome = await pusher.pushOnce({ force: true });
    // The settlement still reaches HQ: a divergence is reported, never a reason to refuse money already paid.
    expect(outcome).toMatchObject({ kind: 'sent', stored: 1 });
    expect(readChainDivergence(kiosk.db)).toMatchObject({ kind: 'HASH_MISMATCH', seq: anchored });
    const status = readSyncStatus(kiosk.db, { configured: true, online: true, now: new Date() });
    expect(status).toMatchObject({ warning: true, chainDivergence: { kind: 'HASH_MISMATCH', seq: anchored } });

    const [terminal] = (await chainApi()).terminals;
    expect(terminal?.divergences).toEqual([
      expect.objectContaining({ kind: 'HASH_MISMATCH', seq: anchored, reportedSeq: anchored + 1, acknowledgedAt: null }),
    ]);
    const page = await (await fetch(`${hq.url}/`, { headers: { authorization: `Bearer ${hq.adminToken}` } })).text();
    expect(page).toContain('id="chain-alert"');
    expect(page).toContain('HASH_MISMATCH');

    // Reported in every answer until HQ staff acknowledge it.
    work(kiosk, 1, 'chain');
    await drain(pusher);
    expect(readChainDivergence(kiosk.db)).toMatchObject({ kind: 'HASH_MISMATCH' });
    const acknowledge = (body: string, type = 'application/json') =>
      fetch(`${hq!.url}/api/v1/chain/${terminal!.terminalId}/acknowledge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hq!.adminToken}`, 'content-type': type },
        body,
      });
    // A form post (what a cross-site page could make a browser send) is refused.
    expect((await acknowledge('note=ok', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await acknowledge(JSON.stringify({ note: '店舗監査で確認、警察へ届出済み' }))).status).toBe(200);
    work(kiosk, 1, 'chain');
    await drain(pusher);
    expect(readChainDivergence(kiosk.db)).toBeNull();
    expect((await chainApi()).terminals[0]).toMatchObject({ anchor: { seq: head(kiosk) } });
  });

  it('B-05 P-07 an older backup restored on the kiosk: the head went backwards and HQ says HEAD_BACKWARDS', async () => {
    hq = await startHq(backend);
    const kiosk = createKioskDb();
    kiosks.push(kiosk);
    const pusher = new OutboxPusher(kiosk.db, { hqUrl: hq.url, token: hq.token }, fast);
    work(kiosk, 4, 'restore');
    await drain(pusher);
    const backupFile = join(kiosk.dir, 'backup.sqlite3');
    const backedUp = head(kiosk);
    kiosk.db.exec(`VACUUM INTO '${backupFile}'`);
    work(kiosk, 6, 'restore');
    await drain(pusher);
    const seen = head(kiosk);

    const restored = openDatabase(backupFile);
    bindKioskKeys(restored, kiosk.dir);
    kiosks.push({ db: restored, file: backupFile, dir: kiosk.dir, dispose: () => restored.open && restored.close() });
    enqueueSettlement(restored, makeSettlementPayload(++n, { run: 'after-restore' }));
    const after = new OutboxPusher(restored, { hqUrl: hq.url, token: hq.token }, fast);
    await drain(after);
    expect(backedUp).toBeLessThan(seen);
    expect(readChainDivergence(restored)).toMatchObject({ kind: 'HEAD_BACKWARDS', seq: seen, reportedSeq: backedUp });
    expect((await chainApi()).terminals[0]?.divergences[0]).toMatchObject({
      kind: 'HEAD_BACKWARDS',
      seq: seen,
      reportedSeq: backedUp,
    });
  });
});
