import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Core, createCore } from '../main/core.ts';
import type { Actor } from '../main/services/accounts.ts';
import { DEMO_SIGNATURE_PNG, signedDeclaration } from '../main/services/demo.ts';
import type { ExecuteRequest } from '../main/services/settlement.ts';
import { executeRequest, openDemoTill } from '../tests/support/core.ts';

/** The real core with the demo store on a fresh file database in a temp folder; dispose() removes it. */
export async function openBenchCore(): Promise<{ core: Core; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  const key = randomBytes(32);
  const core = await createCore({
    dataDir,
    migrationsDir: resolve(import.meta.dirname, '../db/migrations'),
    host: 'browser',
    version: 'bench',
    keyProvider: { keyId: 'bench', getKey: () => key },
  });
  // Cash settlements pay out of the counter's till (M-03), which a day opens first.
  openDemoTill(core);
  return {
    core,
    dispose: async () => {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * An appraised walk-in reception of `itemCount` items with the seller's signature staged, and the execute request that
 * settles it. Items go in straight through SQL so the setup does not dominate a run; execute is what is measured.
 * Above ¥10,000 the law wants the seller's identity (kobutsu.md §1): a signed declaration with its signature, so
 * execute validates the record and encrypts the image, as at the counter.
 */
export function readyToSettle(core: Core, actor: Actor, itemCount: number): ExecuteRequest {
  const { receptions, settlement } = core.services;
  const r = receptions.create(actor, {
    kind: 'walkIn',
    note: '',
    seller: { name: 'ベンチ', nameKana: 'ベンチ', postalCode: '', address: '東京都', phone: '0311112222', birthDate: '1980-01-01', occupation: '会社員' },
  });
  const add = core.db.prepare(
    `INSERT INTO reception_items (id, reception_id, position, stock_code, category_id, name, grade, quantity, unit_price, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'cloth-men', 'シャツ', 'B', 1, 100, ?, ?)`,
  );
  core.db.transaction(() => {
    for (let i = 1; i <= itemCount; i++) add.run(randomUUID(), r.id, i, `B-${r.id.slice(0, 8)}-${i}`, r.createdAt, r.createdAt);
    core.db.prepare(`UPDATE receptions SET status = 'appraised', item_count = ?, items_total = ?, version = version + 1 WHERE id = ?`).run(itemCount, itemCount * 100, r.id);
  })();
  settlement.stageImage(r.id, 'signature', DEMO_SIGNATURE_PNG);
  // M-06: the cash it pays out is brought from the safe first, so run after run never finds the till short.
  core.services.till.move(actor, 'pay_in', itemCount * 100, '金庫から補充');
  return {
    ...executeRequest({ id: r.id, version: receptions.get(r.id).version }),
    verification: signedDeclaration({ name: 'ベンチ', address: '東京都', occupation: '会社員', birthDate: '1980-01-01' }),
  };
}
