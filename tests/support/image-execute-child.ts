// Child process for the images crash test: settles the given receptions one after another, each with a signature
// image, printing a line before each execute. The parent kills it with SIGKILL at a random moment — mid-execute, or
// while the images of the last settlement are being moved into images.sqlite3 (right after each commit).
import { DEMO_SIGNATURE_PNG } from '../../main/services/demo.ts';
import { openChildCore } from './child-core.ts';
import { executeRequest } from './core.ts';

const [dataDir, keyHex] = process.argv.slice(2);
if (!dataDir || !keyHex) throw new Error('usage: image-execute-child <dataDir> <keyHex>');
const key = Buffer.from(keyHex, 'hex');
const { core, actor } = await openChildCore({ dataDir, key, keyId: 'test', version: 'crash-test', staff: { code: '1001', pin: '1234' } });
const open = core.db
  .prepare(`SELECT id, version FROM receptions WHERE status = 'appraised' AND note = 'image-crash' ORDER BY number`)
  .all() as { id: string; version: number }[];
process.stdout.write('ready\n');
for (const reception of open) {
  core.services.settlement.stageImage(reception.id, 'signature', DEMO_SIGNATURE_PNG);
  process.stdout.write(`executing ${reception.id}\n`);
  await core.services.settlement.execute(actor, executeRequest(reception));
  // Let the move scheduled after the commit run (or be killed) before the next execute.
  await new Promise((done) => setImmediate(done));
}
process.stdout.write('done\n');
await core.close();
