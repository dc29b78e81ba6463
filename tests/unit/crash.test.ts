import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { DATABASE_FILE } from '../../main/core.ts';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { runAndKill } from '../support/kill-child.ts';

const CHILD = resolve(import.meta.dirname, '../support/execute-child.ts');
const ROUNDS = 8;
const RECEPTIONS = 40;

let t: TestCore;
const key = randomBytes(32);
beforeAll(async () => {
  t = await startTestCore({ keyProvider: { keyId: 'crash', getKey: () => key } });
  for (let i = 0; i < RECEPTIONS; i++) {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: 'crash-test' });
    for (const name of ['シャツ', 'パンツ', 'ジャケット']) {
      await t.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: 'cloth-men', name, grade: 'B', quantity: 1, unitPrice: 1000 } });
    }
    await t.ok('appraisal:complete', { receptionId: r.id });
  }
  t.core.close();
});
afterAll(() => t.close());

describe('B-06 crash safety of execute', () => {
  // Eight child processes start and settle in turn: on a machine shared by other work that takes longer than the default.
  it('a settlement killed mid-execute is applied fully or not at all, every time', { timeout: 120_000 }, async () => {
    let kills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const { finished } = await runAndKill({
        script: CHILD,
        args: [t.dataDir],
        env: { KIOSK_TEST_KEY: key.toString('hex') },
        stepLine: 'executing',
        after: 1 + (round % 3),
        delayMs: round % 4,
      });
      if (!finished) kills++;
      const db = openDatabase(resolve(t.dataDir, DATABASE_FILE));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const receptions = db.prepare(`SELECT id, status FROM receptions WHERE note = 'crash-test'`).all() as { id: string; status: string }[];
        for (const r of receptions) {
          const n = (sql: string) => (db.prepare(sql).get(r.id) as { n: number }).n;
          const state = {
            settlement: n('SELECT COUNT(*) AS n FROM settlements WHERE reception_id = ?'),
            stock: n('SELECT COUNT(*) AS n FROM stock_items si JOIN reception_items ri ON ri.id = si.reception_item_id WHERE ri.reception_id = ?'),
            cancelledItems: n('SELECT COUNT(*) AS n FROM reception_items WHERE reception_id = ? AND cancelled = 1'),
            outbox: n(`SELECT COUNT(*) AS n FROM outbox o JOIN settlements s ON s.id = o.aggregate_id WHERE s.reception_id = ?`),
            audit: n(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'settlement.execute' AND entity_id = ?`),
          };
          if (r.status === 'settled') expect(state).toEqual({ settlement: 1, stock: 2, cancelledItems: 1, outbox: 1, audit: 1 });
          else expect({ status: r.status, ...state }).toEqual({ status: 'appraised', settlement: 0, stock: 0, cancelledItems: 0, outbox: 0, audit: 0 });
        }
      } finally {
        db.close();
      }
    }
    expect(kills).toBeGreaterThan(0);
  });
});
