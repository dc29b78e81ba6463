/**
 * B-04, issue 13 §5: a backup restored onto a new counter PC. Without the old PC's key the ID photo and signature say
 * so (VAULT_KEY_MISSING, shown translated where the image would be); IT exports the key on the old PC into a file
 * protected by an IT password, a manager imports it on the new PC, and the images open again — also after a restart.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeKeyFile, encodeKeyFile } from '../../main/crypto/key-file.ts';
import { DATABASE_FILE } from '../../main/data-folder.ts';
import { backupDatabase, restoreDatabase } from '../../main/services/backup.ts';
import { signedDeclaration } from '../../main/services/demo.ts';
import { executeRequest, startTestCore, type TestCore, walkIn } from '../support/core.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('id-photo of 𠮷田さん 🪪')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('signature')]);
const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;
const IT_PASSWORD = 'correct horse battery 🐎 staple';

const keyOf = (keyId: string) => {
  const key = randomBytes(32);
  return { keyId, getKey: () => key, key };
};

describe('vault key export and import (PC move)', () => {
  const cores: TestCore[] = [];
  const dirs = tempDirs('kiosk-move-');
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    dirs.remove();
  });

  it('B-04 round trip: old PC exports, backup restored on a new PC shows "key not on this PC", import, images open', async () => {
    const oldKey = keyOf('ss1-oldpc0000000001');
    const oldPc = await startTestCore({ signIn: 'manager', keyProvider: oldKey });
    cores.push(oldPc);
    const r = await oldPc.ok('reception:create', { kind: 'walkIn', seller: walkIn, note: '' });
    await oldPc.ok('appraisal:addItem', { receptionId: r.id, item: { categoryId: 'watch-wrist', name: '腕時計', grade: 'A', quantity: 1, unitPrice: 50_000 } });
    const done = await oldPc.ok('appraisal:complete', { receptionId: r.id });
    await oldPc.ok('settlement:stageImage', { receptionId: r.id, kind: 'id_photo', dataUrl: dataUrl('image/jpeg', JPEG) });
    await oldPc.ok('settlement:stageImage', { receptionId: r.id, kind: 'signature', dataUrl: dataUrl('image/png', PNG) });
    await oldPc.ok('settlement:execute', { ...executeRequest(done), verification: signedDeclaration(walkIn) });

    // On the old PC, before it goes: the key file (manager + IT password) and a backup.
    expect(await oldPc.call('vault:exportKeys', { itPassword: 'short' })).toMatchObject({ ok: false, error: { fields: { itPassword: 'validation.itPassword' } } });
    const exported = await oldPc.ok('vault:exportKeys', { itPassword: IT_PASSWORD });
    expect(exported.filename).toMatch(/^kaitori-vault-keys-S001-T01-\d{8}\.json$/);
    expect(exported.content).not.toContain(oldKey.key.toString('base64'));
    expect(exported.content).not.toContain(oldKey.key.toString('hex'));
    const backupDir = dirs.make();
    await backupDatabase(oldPc.core.db, join(backupDir, 'kiosk.sqlite3'));

    // The new PC: its own key, the backup restored, no old key yet.
    const newPcDir = dirs.make();
    restoreDatabase(join(backupDir, 'kiosk.sqlite3'), join(newPcDir, DATABASE_FILE));
    const newPc = await startTestCore({ signIn: 'manager', dataDir: newPcDir, keyProvider: keyOf('ss1-newpc0000000002') });
    cores.push(newPc);
    const images = (await newPc.ok('reception:get', { id: r.id })).settlement!.images;
    expect(images.map((i) => i.kind)).toEqual(['id_photo', 'signature']);
    for (const image of images) {
      expect(await newPc.call('settlement:image', { imageId: image.id })).toMatchObject({
        ok: false,
        error: { code: 'VAULT_KEY_MISSING', message: 'errors.VAULT_KEY_MISSING' },
      });
    }
    expect(await newPc.ok('vault:keys', {})).toEqual({
      currentKeyId: 'ss1-newpc0000000002',
      importedKeyIds: [],
      missingKeyIds: ['ss1-oldpc0000000001'],
      // Ours and the demo store's settled buyback with its signature.
      imagesWithoutKey: (newPc.core.db.prepare('SELECT COUNT(*) AS n FROM settlement_images').get() as { n: number }).n,
    });
    // The audit rows sealed on the old PC cannot be checked here yet — not a tamper alert, a count.
    const status = await newPc.ok('audit:status', {});
    expect(status.alert).toBeNull();
    expect(status.lastCheck?.unverifiableRows).toBeGreaterThan(0);

    // Unhappy paths of the import.
    expect(await newPc.call('vault:importKeys', { content: exported.content, itPassword: 'wrong password here' })).toMatchObject({
      ok: false,
      error: { code: 'KEY_FILE_PASSWORD_WRONG' },
    });
    const tampered = exported.content.replace('"storeCode": "S001"', '"storeCode": "S002"');
    expect(await newPc.call('vault:importKeys', { content: tampered, itPassword: IT_PASSWORD })).toMatchObject({ ok: false, error: { code: 'KEY_FILE_PASSWORD_WRONG' } });
    expect(await newPc.call('vault:importKeys', { content: 'PK\u0003\u0004 not json', itPassword: IT_PASSWORD })).toMatchObject({ ok: false, error: { code: 'KEY_FILE_INVALID' } });
    await newPc.ok('session:staffSignIn', { code: '1001', pin: '1234' });
    expect(await newPc.call('vault:importKeys', { content: exported.content, itPassword: IT_PASSWORD })).toMatchObject({ ok: false, error: { code: 'MANAGER_REQUIRED' } });
    await newPc.ok('session:staffSignIn', { code: '9001', pin: '9999' });

    const imported = await newPc.ok('vault:importKeys', { content: exported.content, itPassword: IT_PASSWORD });
    expect(imported).toMatchObject({ imported: 1, importedKeyIds: ['ss1-oldpc0000000001'], missingKeyIds: [], imagesWithoutKey: 0 });
    const photo = images.find((i) => i.kind === 'id_photo')!;
    expect((await newPc.ok('settlement:image', { imageId: photo.id })).dataUrl).toBe(dataUrl('image/jpeg', JPEG));
    // Importing the same file again changes nothing.
    expect(await newPc.ok('vault:importKeys', { content: exported.content, itPassword: IT_PASSWORD })).toMatchObject({ imported: 0 });

    // After a restart the imported key is still there (kept in the database, sealed with the new PC's key) and the
    // old PC's audit rows are now checked too.
    await newPc.reopen();
    await newPc.ok('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' }).catch(() => undefined);
    await newPc.ok('session:staffSignIn', { code: '9001', pin: '9999' });
    const signature = images.find((i) => i.kind === 'signature')!;
    expect((await newPc.ok('settlement:image', { imageId: signature.id })).dataUrl).toBe(dataUrl('image/png', PNG));
    expect(await newPc.ok('audit:verify', {})).toMatchObject({ ok: true, unverifiableRows: 0 });
    const sealed = newPc.core.db.prepare('SELECT ciphertext FROM vault_keys').get() as { ciphertext: Buffer };
    expect(sealed.ciphertext.equals(oldKey.key)).toBe(false);
    const audit = newPc.core.db.prepare(`SELECT detail FROM audit_log WHERE action = 'vault.keys_imported'`).all() as { detail: string }[];
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ keyIds: ['ss1-oldpc0000000001'] }, { keyIds: [] }]);
  });

  it('B-04 the key file opens only with its IT password and refuses absurd work factors', () => {
    const key = { keyId: 'file-abcd1234', key: randomBytes(32) };
    const text = encodeKeyFile([key], IT_PASSWORD, { createdAt: '2026-11-27T01:00:00.000Z', storeCode: 'S001', terminalCode: 'T01' });
    expect(decodeKeyFile(text, IT_PASSWORD).keys[0]!.key.equals(key.key)).toBe(true);
    expect(() => decodeKeyFile(text, `${IT_PASSWORD} `)).toThrow('KEY_FILE_PASSWORD_WRONG');
    const greedy = JSON.parse(text) as { kdf: { N: number } };
    greedy.kdf.N = 2 ** 30;
    expect(() => decodeKeyFile(JSON.stringify(greedy), IT_PASSWORD)).toThrow('KEY_FILE_INVALID');
  });
});
