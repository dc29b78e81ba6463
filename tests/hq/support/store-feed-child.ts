/**
 * N-03 kill test: counter PC B's store-feed pull, on B's database file, one reception per page, saying "applied" after
 * each page it committed. The parent kills it with SIGKILL part-way; B started again must resume from its cursor.
 * Usage: KIOSK_TEST_KEY=<hex> node --import tsx store-feed-child.ts <dataDir> <hqUrl> <token> <terminalCode>
 */
import { join } from 'node:path';
import { openDatabase } from '../../../db/open.ts';
import { Keyring } from '../../../main/crypto/keyring.ts';
import { DATABASE_FILE } from '../../../main/data-folder.ts';
import { auditKeysFrom, bindAuditKeys } from '../../../main/services/audit.ts';
import { StoreFeedPuller } from '../../../main/sync/store-feed.ts';

const [dataDir, hqUrl, token, terminalCode] = process.argv.slice(2);
const hex = process.env.KIOSK_TEST_KEY;
if (!dataDir || !hqUrl || !token || !terminalCode || !hex) throw new Error('usage: store-feed-child <dataDir> <hqUrl> <token> <terminal>');
const db = openDatabase(join(dataDir, DATABASE_FILE));
bindAuditKeys(db, auditKeysFrom(Keyring.fromProvider({ keyId: 'feed-kill', getKey: () => Buffer.from(hex, 'hex') })));
const puller = new StoreFeedPuller(db, { hqUrl, token, terminalCode }, {
  pageSize: 1,
  // A slow link (100 ms a page), so the parent's kill lands part-way through the pull.
  fetch: async (input, init) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return fetch(input, init);
  },
  onApplied: () => process.stdout.write('applied\n'),
});
// Bounded: a forgotten child ends by itself.
setTimeout(() => process.exit(4), 120_000);
await puller.pull();
process.stdout.write('done\n');
process.exit(0);
