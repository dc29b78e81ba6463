// Child process for the B-06 crash test: opens the kiosk core on a data folder and settles the given receptions one
// after another, printing a line before each execute. The parent kills it with SIGKILL at a random moment.
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createCore } from '../../main/core.ts';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: execute-child <dataDir>');
// The parent passes the data folder's key, as the same PC would have it; a new key per run would make every start
// meet a database sealed with a key it does not know.
const key = process.env.KIOSK_TEST_KEY ? Buffer.from(process.env.KIOSK_TEST_KEY, 'hex') : randomBytes(32);
const core = await createCore({
  dataDir,
  migrationsDir: resolve(import.meta.dirname, '../../db/migrations'),
  host: 'browser',
  version: 'crash-test',
  keyProvider: { keyId: 'crash', getKey: () => key },
});
const context = { clientId: 'crash' };
await core.services.accounts.signInTerminal('T01', 'demo-terminal');
core.services.accounts.signInStaff(context.clientId, '1001', '1234');
const actor = core.services.accounts.requireActor(context.clientId);
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
