/**
 * N-02 kill test: a counter PC (the kiosk core on the parent's data folder, provisioned to HQ) that claims a reception
 * as its appraisal screen would, says so, and then just stays open. The parent kills it with SIGKILL while it holds the
 * claim. Usage: KIOSK_TEST_KEY=<hex> node --import tsx claim-child.ts <dataDir> <receptionId>
 */
import { openChildCore } from '../../support/child-core.ts';

const [dataDir, receptionId] = process.argv.slice(2);
if (!dataDir || !receptionId || !process.env.KIOSK_TEST_KEY) throw new Error('usage: claim-child <dataDir> <receptionId>');
const { core } = await openChildCore({
  dataDir,
  key: Buffer.from(process.env.KIOSK_TEST_KEY, 'hex'),
  keyId: 'claim-test',
  version: 'claim-test',
  staff: { code: '1001', pin: '1234' },
});
const claim = await core.services.claims.claim(receptionId);
process.stdout.write(`claimed ${JSON.stringify(claim)}\n`);
// Holds the claim (and the process) until killed; bounded so a forgotten child ends by itself.
setTimeout(() => process.exit(4), 120_000);
