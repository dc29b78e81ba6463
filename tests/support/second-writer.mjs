// A second OS process writing to the kiosk database while the counter works (D-04): the kind of thing a maintenance
// script, a backup tool or a stray second instance does: mostly IMMEDIATE transactions that hold the write lock while
// they compute (2 ms, every 20th for 30 ms), some careless DEFERRED read-then-write ones, and now and then a checkpoint. Its own busy errors are counted, never fatal: only the counter's calls are under test.
// Bounded: stops on 'stop' from the parent, or after maxMs by itself.
import Database from 'better-sqlite3';

const [file, maxMsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: second-writer.mjs <db file> [maxMs]');
const maxMs = Number(maxMsArg ?? 600_000);
const db = new Database(file);
db.pragma('busy_timeout = 5000');
const read = db.prepare("SELECT value FROM sync_state WHERE key = 'second-writer'");
const write = db.prepare(
  "INSERT INTO sync_state (key, value) VALUES ('second-writer', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
);
const spin = (ms) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

let stopping = false;
process.on('message', (message) => {
  if (message === 'stop') stopping = true;
});

const started = Date.now();
let commits = 0;
let busy = 0;
let round = 0;
const step = () => {
  if (stopping || Date.now() - started > maxMs) {
    db.close();
    process.send?.({ commits, busy }, () => process.exit(0));
    return;
  }
  round++;
  try {
    if (round % 50 === 49) {
      db.pragma('wal_checkpoint(PASSIVE)');
    }
    const hold = round % 20 === 19 ? 30 : 2;
    db.exec(round % 4 === 3 ? 'BEGIN' : 'BEGIN IMMEDIATE');
    const value = Number(read.get()?.value ?? 0);
    spin(hold);
    write.run(String(value + 1));
    db.exec('COMMIT');
    commits++;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (!String(error?.code).startsWith('SQLITE_BUSY')) throw error;
    busy++;
  }
  setTimeout(step, 1);
};
process.send?.('ready');
step();
