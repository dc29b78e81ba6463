/**
 * P-01, P-07, issue 13 §5: a reception, stock or member number once issued is never issued again — also after a
 * backup is restored, on the same PC (the replaced database is read) and on a new PC (nothing to read: a new range).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/data-folder.ts';
import { backupDatabase, restoreDatabase } from '../../main/services/backup.ts';
import { startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const item = { categoryId: 'brand-wallet', name: 'がま口財布・ガマグチ 👛', grade: 'B' as const, quantity: 1, unitPrice: 4_000 };
const member = { ...walkIn, name: '𠮷田 花子', nameKana: 'ヨシダ ハナコ', phone: '090-1111-2222', memberNumber: '' };

/** The daily sequence of a reception number (the demo data has already used a few today). */
const sequenceOf = (number: string) => Number(number.slice(-4));
const day = (numbers: string[]) => Math.max(...numbers.filter((n) => /-20261127-/.test(n)).map(sequenceOf));
const pad = (n: number) => String(n).padStart(4, '0');

describe('numbers after a restore (issue 13 §5)', () => {
  const cores: TestCore[] = [];
  const dirs = tempDirs('kiosk-restore-');
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    dirs.remove();
  });
  const tempDir = dirs.make;

  /** One reception with one item, and one new member: the three kinds of number the kiosk issues. */
  async function issue(t: TestCore): Promise<string[]> {
    const r = await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });
    const appraised = await t.ok('appraisal:addItem', { receptionId: r.id, item });
    const customer = await t.ok('customer:create', member);
    return [r.number, appraised.items[0]!.stockCode, customer.memberNumber];
  }

  it('P-01 P-07 on the same PC the counters are carried forward: the numbers go on, none comes back', async () => {
    const t = await startTestCore({ signIn: 'clerk' });
    cores.push(t);
    const before = [...(await issue(t)), ...(await issue(t))];
    expect(before.slice(0, 3)).toEqual([expect.stringMatching(/^S001-01-20261127-\d{4}$/), expect.stringMatching(/^S001-01-\d{7}$/), 'M-S001-01-000001']);
    const backup = join(tempDir(), 'kiosk-20261127.sqlite3');
    await backupDatabase(t.core.db, backup);
    const afterBackup = [...(await issue(t)), ...(await issue(t)), ...(await issue(t))];

    let outcome: ReturnType<typeof restoreDatabase> | undefined;
    await t.reopen(() => {
      outcome = restoreDatabase(backup, join(t.dataDir, DATABASE_FILE));
    });
    expect(outcome?.numbering).toMatchObject({ raised: false, generation: 0, carriedFrom: [join(t.dataDir, DATABASE_FILE)] });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    // The restored database is the backup: what came after it is gone ...
    expect((await t.ok('reception:list', { number: 'S001-01-20261127' })).total).toBe(day(before));
    // ... but its numbers are not handed out again.
    const issued = new Set([...before, ...afterBackup]);
    const next = [...(await issue(t)), ...(await issue(t))];
    expect(next.filter((n) => issued.has(n))).toEqual([]);
    expect(next[0]).toBe(`S001-01-20261127-${pad(day(afterBackup) + 1)}`);
    expect(next[2]).toBe('M-S001-01-000006');
  });

  it('P-01 P-07 on a new PC (nothing to carry forward) the restored database issues under a new restore generation', async () => {
    const t = await startTestCore({ signIn: 'clerk' });
    cores.push(t);
    const before = await issue(t);
    const backup = join(tempDir(), 'kiosk-20261127.sqlite3');
    await backupDatabase(t.core.db, backup);
    const afterBackup = [...(await issue(t)), ...(await issue(t))];
    await t.core.close();

    const newPc = tempDir();
    const outcome = restoreDatabase(backup, join(newPc, DATABASE_FILE));
    expect(outcome.numbering).toEqual({ raised: true, generation: 1, carriedFrom: [] });
    const n = await startTestCore({ dataDir: newPc, signIn: 'clerk' });
    cores.push(n);
    const next = [...(await issue(n)), ...(await issue(n))];
    expect(next.slice(0, 3)).toEqual([
      `S001-01R1-20261127-${pad(sequenceOf(before[0]!) + 1)}`,
      expect.stringMatching(/^S001-01R1-\d{7}$/),
      'M-S001-01R1-000002',
    ]);
    const issued = new Set([...before, ...afterBackup]);
    expect(next.filter((x) => issued.has(x))).toEqual([]);

    // Restored again on that PC later: the generation and the counters stay, nothing goes back.
    const second = join(tempDir(), 'kiosk-again.sqlite3');
    await backupDatabase(n.core.db, second);
    const more = await issue(n);
    let again: ReturnType<typeof restoreDatabase> | undefined;
    await n.reopen(() => {
      again = restoreDatabase(second, join(newPc, DATABASE_FILE));
    });
    expect(again?.numbering).toMatchObject({ raised: false, generation: 1 });
    await n.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    const last = await issue(n);
    expect(last.filter((x) => new Set([...issued, ...next, ...more]).has(x))).toEqual([]);
  });

  it('P-01 a replaced database too damaged to read counts as unknown: a new restore generation', async () => {
    const t = await startTestCore({ signIn: 'clerk' });
    cores.push(t);
    const before = await issue(t);
    const backup = join(tempDir(), 'kiosk-20261127.sqlite3');
    await backupDatabase(t.core.db, backup);
    await issue(t);
    let outcome: ReturnType<typeof restoreDatabase> | undefined;
    await t.reopen(() => {
      const live = join(t.dataDir, DATABASE_FILE);
      rmSync(`${live}-wal`, { force: true });
      rmSync(`${live}-shm`, { force: true });
      writeFileSync(live, 'this disk sector is gone');
      outcome = restoreDatabase(backup, live);
    });
    expect(outcome?.numbering).toMatchObject({ raised: true, generation: 1 });
    await t.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect((await issue(t))[0]).toBe(`S001-01R1-20261127-${pad(sequenceOf(before[0]!) + 1)}`);
  });
});
