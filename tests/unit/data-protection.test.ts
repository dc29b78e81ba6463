/**
 * Issue 13 §6, B-04: what someone else on the PC (another OS user) or someone with a copy of the file could read.
 * The data folder is the kiosk user's alone; an outbox payload HQ acknowledged (the seller's phone and address) is
 * overwritten when deleted, not left in free pages of the file.
 */
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { DATABASE_FILE } from '../../main/data-folder.ts';
import { fileKeyProvider } from '../../main/host/file-key-provider.ts';
import { backupDatabase } from '../../main/services/backup.ts';
import { DEMO_SIGNATURE_PNG, signedDeclaration } from '../../main/services/demo.ts';
import { executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('data protection on disk', () => {
  let t: TestCore | undefined;
  const dirs = tempDirs('kiosk-data-');
  afterEach(async () => {
    await t?.close();
    t = undefined;
    dirs.remove();
  });

  it.skipIf(process.platform === 'win32')('B-04 the data folder is 0700 and the database, its -wal/-shm, the key file and backups are 0600 — also when an older version left them open', async () => {
    const dataDir = dirs.make();
    // What an older version left: a world-readable folder and database.
    chmodSync(dataDir, 0o755);
    const old = new Database(join(dataDir, DATABASE_FILE));
    old.close();
    chmodSync(join(dataDir, DATABASE_FILE), 0o644);

    t = await startTestCore({ signIn: 'clerk', dataDir, keyProvider: fileKeyProvider(dataDir) });
    await t.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });
    expect(mode(dataDir)).toBe(0o700);
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, 'vault.key']) {
      expect(existsSync(join(dataDir, file)), file).toBe(true);
      expect(mode(join(dataDir, file)).toString(8), file).toBe('600');
    }
    const backup = join(dataDir, 'backups', 'kiosk-20261127.sqlite3');
    await backupDatabase(t.core.db, backup);
    expect(mode(backup).toString(8)).toBe('600');
  });

  it('B-04 an acknowledged outbox payload (seller phone and address) is not readable in the file afterwards', async () => {
    t = await startTestCore({ signIn: 'clerk' });
    const seller = { ...walkIn, phone: '090-8765-4321', address: '北海道札幌市中央区北1条西2丁目 𠮷ビル 9F' };
    const r = await t.ok('reception:create', { kind: 'walkIn', seller, note: '' });
    await t.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: 'watch-wrist', name: '時計', grade: 'A', quantity: 1, unitPrice: 30_000 } });
    const done = await t.ok('appraisal:complete', { receptionId: r.id });
    await t.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: DEMO_SIGNATURE_PNG });
    await t.ok('settlement:execute', { ...executeRequest(done), verification: signedDeclaration(seller) });
    const file = join(t.dataDir, DATABASE_FILE);
    // The payload is JSON; the reception keeps the phone as a bare column, so this text is the payload's alone.
    const payloadText = Buffer.from('"phone":"090-8765-4321"');
    const occurrences = () => {
      let n = 0;
      for (const path of [file, `${file}-wal`]) {
        if (!existsSync(path)) continue;
        const bytes = readFileSync(path);
        for (let at = bytes.indexOf(payloadText); at >= 0; at = bytes.indexOf(payloadText, at + 1)) n++;
      }
      return n;
    };
    t.core.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(occurrences()).toBeGreaterThan(0);

    // HQ acknowledged it: the sync worker deletes the row on its own connection (opened like every kiosk connection).
    const worker = openDatabase(file);
    worker.prepare('DELETE FROM outbox').run();
    worker.close();
    t.core.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(occurrences()).toBe(0);
  });

  it('B-04 (control) without secure_delete the same delete leaves the payload in the file', () => {
    const dir = dirs.make();
    const db = new Database(join(dir, 'plain.sqlite3'));
    db.pragma('journal_mode = WAL');
    db.pragma('secure_delete = OFF');
    db.exec('CREATE TABLE outbox (payload TEXT)');
    db.prepare('INSERT INTO outbox VALUES (?)').run('{"phone":"090-8765-4321"}');
    db.prepare('DELETE FROM outbox').run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(readFileSync(join(dir, 'plain.sqlite3')).includes(Buffer.from('"phone":"090-8765-4321"'))).toBe(true);
  });
});
