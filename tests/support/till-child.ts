// Child process for the M-05 crash test: opens the kiosk core on a data folder and, over and over, opens this
// counter's till, moves cash in and out, and closes it with the drawer counted — printing a line before each close.
// The parent kills it with SIGKILL at some moment.
import { randomBytes } from 'node:crypto';
import { openChildCore } from './child-core.ts';

const [dataDir, roundsText] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: till-child <dataDir> <rounds>');
const key = process.env.KIOSK_TEST_KEY ? Buffer.from(process.env.KIOSK_TEST_KEY, 'hex') : randomBytes(32);
// A manager closes, so a difference of any size needs no second person.
const { core, actor } = await openChildCore({ dataDir, key, keyId: 'crash', version: 'till-crash-test', staff: { code: '9001', pin: '9999' } });
const till = core.services.till;
process.stdout.write('ready\n');
for (let round = 0; round < Number(roundsText ?? 20); round++) {
  if (!till.current(actor.terminal.id).open) till.open(actor, { '10000': 5, '1000': 10, '100': 30 + round });
  till.move(actor, 'pay_in', 12_345, '金庫から補充 𠮷');
  till.move(actor, 'pay_out', 2_000, '切手代');
  process.stdout.write(`closing ${round}\n`);
  // Counted ¥10 short in odd rounds: the close records a difference.
  till.close(actor, { '10000': 6, '5000': 1, '1000': 8, '100': 33 + round, '10': round % 2 === 0 ? 4 : 3, '5': 1 }, null);
}
process.stdout.write('done\n');
core.close();
