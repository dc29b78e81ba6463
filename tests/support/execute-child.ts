// Child process for the B-06 crash test: opens the kiosk core on a data folder and settles the given receptions one
// after another, printing a line before each execute. The parent kills it with SIGKILL at a random moment.
import { randomBytes, randomUUID } from 'node:crypto';
import { openChildCore } from './child-core.ts';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: execute-child <dataDir>');
const key = process.env.KIOSK_TEST_KEY ? Buffer.from(process.env.KIOSK_TEST_KEY, 'hex') : randomBytes(32);
const { core, actor } = await openChildCore({ dataDir, key, keyId: 'crash', version: 'crash-test', staff: { code: '1001', pin: '1234' } });
const open = core.db
  .prepare(`SELECT id, version FROM receptions WHERE status = 'appraised' AND note = 'crash-test' ORDER BY number`)
  .all() as { id: string; version: number }[];
process.stdout.write('ready\n');
for (const reception of open) {
  const items = core.db.prepare('SELECT id FROM reception_items WHERE reception_id = ? ORDER BY position').all(reception.id) as { id: string }[];
  process.stdout.write(`executing ${reception.id}\n`);
  await core.services.settlement.execute(actor, {
    receptionId: reception.id,
    version: reception.version,
    settlementId: randomUUID(),
    cancelledItemIds: items.length > 1 ? [items[0]!.id] : [],
    ecPublishItemIds: items.map((i) => i.id),
    agreedTermsVersion: 1,
    paymentMethod: 'cash',
    printMethod: 'none',
    points: null,
  });
}
process.stdout.write('done\n');
core.close();
