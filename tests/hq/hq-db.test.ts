/**
 * B-09: HQ's database adapter. On SQLite, transactions that arrive together share one commit (group commit); each is
 * still all-or-nothing on its own, and nobody hears "done" before the commit that holds their work.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from './support/hq.ts';

describe.each(backends())('HQ database adapter on $name', (backend) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('B-09 transactions started together: a failing one is undone alone, the others are committed', async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    const { db } = opened;
    await db.execute('CREATE TABLE ledger_probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
    const write = (id: number, fail: boolean) =>
      db.transaction(async (tx) => {
        await tx.execute('INSERT INTO ledger_probe (id, note) VALUES (?, ?)', [id, `row ${id}`]);
        await tx.execute('INSERT INTO ledger_probe (id, note) VALUES (?, ?)', [id + 100, `row ${id + 100}`]);
        if (fail) throw new Error(`job ${id} fails after writing`);
        return id;
      });
    const outcomes = await Promise.allSettled([write(1, false), write(2, true), write(3, false), write(4, false)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const rows = await db.query<{ id: number | string }>('SELECT id FROM ledger_probe ORDER BY id');
    expect(rows.map((r) => Number(r.id))).toEqual([1, 3, 4, 101, 103, 104]);
  });

  it.runIf(backend.name === 'sqlite')('B-09 on SQLite a transaction is durable (visible to another connection) when it resolves', async () => {
    const opened = await backend.open();
    dispose = opened.dispose;
    const { db } = opened;
    await db.execute('CREATE TABLE ledger_probe (id INTEGER PRIMARY KEY)');
    const [file] = (await db.query<{ file: string }>('SELECT file FROM pragma_database_list WHERE name = ?', ['main'])).map((r) => r.file);
    const other = new Database(file!, { readonly: true });
    try {
      const seenAtResolve: number[] = [];
      await Promise.all(
        [1, 2, 3].map((id) =>
          db
            .transaction((tx) => tx.execute('INSERT INTO ledger_probe (id) VALUES (?)', [id]))
            .then(() => seenAtResolve.push((other.prepare('SELECT COUNT(*) AS n FROM ledger_probe WHERE id = ?').get(id) as { n: number }).n)),
        ),
      );
      expect(seenAtResolve).toEqual([1, 1, 1]);
    } finally {
      other.close();
    }
  });
});
