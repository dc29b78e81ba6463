// `node --cpu-prof --import tsx bench/profile-execute.ts [items] [runs]`: settles receptions of N items again and again
// on a fresh file database, so a CPU profile shows where execute spends its time (issue 14: profile before tuning).
// bench/settlement.ts prints the figures; this only does the work.
import { randomUUID } from 'node:crypto';
import { DEMO_SIGNATURE_PNG, signedDeclaration } from '../main/services/demo.ts';
import { openBenchCore } from './bench-core.ts';

const itemCount = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 40);
const { core, dispose } = await openBenchCore();
const { accounts, receptions, settlement } = core.services;
await accounts.signInTerminal('T01', 'demo-terminal');
accounts.signInStaff('bench', '1001', '1234');
const actor = accounts.requireActor('bench');
let executeMs = 0;
for (let run = 0; run < runs; run++) {
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
  const version = receptions.get(r.id).version;
  settlement.stageImage(r.id, 'signature', DEMO_SIGNATURE_PNG);
  const start = performance.now();
  await settlement.execute(actor, {
    receptionId: r.id,
    version,
    settlementId: randomUUID(),
    cancelledItemIds: [],
    ecPublishItemIds: [],
    agreedTermsVersion: 1,
    paymentMethod: 'cash',
    printMethod: 'none',
    points: null,
    verification: signedDeclaration({ name: 'ベンチ', address: '東京都', occupation: '会社員', birthDate: '1980-01-01' }),
  });
  executeMs += performance.now() - start;
}
console.log(`${runs} executes of ${itemCount} items: mean ${(executeMs / runs).toFixed(2)} ms`);
await dispose();
