/**
 * A kiosk process that only pushes: opens the kiosk database, drains the outbox to HQ, exits 0 when nothing is
 * left (or 3 after a bounded number of rounds). Tests kill it with SIGKILL mid-batch and start it again.
 * Usage: node --import tsx tests/hq/support/pusher-child.ts <dbFile> <hqUrl> <token> <batchSize>
 */
import { openDatabase } from '../../../db/open.ts';
import { OutboxPusher } from '../../../main/sync/pusher.ts';

const [dbFile, hqUrl, token, batchSize] = process.argv.slice(2);
const db = openDatabase(dbFile!);
const pusher = new OutboxPusher(
  db,
  { hqUrl: hqUrl!, token: token! },
  { batchSize: Number(batchSize ?? 50), backoff: { baseMs: 5, capMs: 20 }, requestTimeoutMs: 5_000 },
);
for (let round = 0; round < 500; round++) {
  const outcome = await pusher.pushOnce({ force: true });
  if (outcome.kind === 'idle') {
    db.close();
    process.exit(0);
  }
  if (outcome.kind === 'failed') await new Promise((resolve) => setTimeout(resolve, 20));
}
process.exit(3);
