// Issue 12 "Downloads in the Electron kiosk" (S-20, B-02): the main process writes CSV and PDF files itself — into the
// path chosen in the save dialog, or IT's export folder — with real files here: bad names, path traversal, no
// overwrite, no half files, a missing USB stick. And the contract channels that use it, through the real core.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskError } from '../../../main/errors.ts';
import { FileExporter, parseExportFolder, safeFileName } from '../../../main/shell/file-export.ts';
import { startTestCore, type TestCore, walkIn, watch } from '../../support/core.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-export-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof KioskError ? error.code : `not a KioskError: ${String(error)}`;
  }
  return 'did not throw';
}

describe('S-20 file names that cannot leave their folder or break Windows', () => {
  it.each([
    ['appraisal-S001-01-20261127-0007.csv', '.csv', 'appraisal-S001-01-20261127-0007.csv'],
    ['kobutsu-ledger-2026-11-01-2026-11-30.csv', '.csv', 'kobutsu-ledger-2026-11-01-2026-11-30.csv'],
    ['../../etc/passwd', '.csv', 'passwd.csv'],
    ['..\\..\\Windows\\System32\\drivers\\etc\\hosts', '.csv', 'hosts.csv'],
    ['C:\\Users\\kiosk\\evil.exe', '.csv', 'evil.exe.csv'], // the extension is the export's, whatever the name says
    ['report.CSV', '.csv', 'report.csv'],
    ['a:b|c?d*e<f>g"h', '.csv', 'a_b_c_d_e_f_g_h.csv'],
    ['file::$DATA', '.csv', 'file__$DATA.csv'],
    ['CON', '.csv', '_CON.csv'],
    ['nul.txt', '.pdf', '_nul.txt.pdf'],
    ['  .hidden. . ', '.csv', 'hidden.csv'],
    ['line\nbreak\u0000nul', '.csv', 'line_break_nul.csv'],
    ['', '.pdf', 'export.pdf'],
    ['..', '.csv', 'export.csv'],
    ['𠮷野家 台帳 😀', '.pdf', '𠮷野家 台帳 😀.pdf'], // Japanese outside CP932 and emoji are kept
  ] as const)('%j → %j', (requested, extension, expected) => {
    expect(safeFileName(requested, extension)).toBe(expected);
  });

  it('bounds the length (in characters, so a Japanese name is not cut mid-character)', () => {
    const name = safeFileName(`${'台帳'.repeat(200)}.csv`, '.csv');
    expect(Array.from(name)).toHaveLength(124);
    expect(name.endsWith('台帳.csv')).toBe(true);
  });

  it.each([
    [['kaitori-kiosk', '--export-folder=/media/usb/kaitori'], '/media/usb/kaitori'],
    [['Kaitori Kiosk.exe', '--export-folder=E:\\kaitori'], 'E:\\kaitori'],
    [['kaitori-kiosk', '--export-folder='], null],
    [['kaitori-kiosk'], null],
  ] as const)('IT configures the export folder with %j', (argv, folder) => {
    expect(parseExportFolder(argv)).toBe(folder);
  });
});

describe('S-20 B-02 the export folder IT configured', () => {
  const csv = '\uFEFF受付番号,商品名\r\nS001-01-20261127-0007,𠮷野の時計\r\n';

  it('writes the bytes as given, owner-only, leaves no partial file, and never overwrites an earlier export', async () => {
    const exporter = new FileExporter({ kind: 'folder', folder: dir });
    expect(await exporter.save('appraisal-S001-01-20261127-0007.csv', '.csv', csv)).toEqual({
      outcome: 'saved',
      fileName: 'appraisal-S001-01-20261127-0007.csv',
      folder: dir,
    });
    expect(readFileSync(join(dir, 'appraisal-S001-01-20261127-0007.csv'), 'utf8')).toBe(csv);
    expect(statSync(join(dir, 'appraisal-S001-01-20261127-0007.csv')).mode & 0o777).toBe(0o600);
    const again = await exporter.save('appraisal-S001-01-20261127-0007.csv', '.csv', 'second');
    expect(again).toMatchObject({ fileName: 'appraisal-S001-01-20261127-0007 (2).csv' });
    expect(readFileSync(join(dir, 'appraisal-S001-01-20261127-0007.csv'), 'utf8')).toBe(csv);
    expect(readdirSync(dir).sort()).toEqual(['appraisal-S001-01-20261127-0007 (2).csv', 'appraisal-S001-01-20261127-0007.csv']);
  });

  it('a traversal in the name still lands inside the folder', async () => {
    const folder = join(dir, 'exports');
    mkdirSync(folder);
    const exporter = new FileExporter({ kind: 'folder', folder });
    const saved = await exporter.save('../../../outside.csv', '.csv', 'x');
    expect(saved).toEqual({ outcome: 'saved', fileName: 'outside.csv', folder });
    expect(existsSync(join(dir, 'outside.csv'))).toBe(false);
  });

  it('a folder reached through a link is written in the real folder', async () => {
    const real = join(dir, 'real');
    mkdirSync(real);
    symlinkSync(real, join(dir, 'link'));
    const saved = await new FileExporter({ kind: 'folder', folder: join(dir, 'link') }).save('a.csv', '.csv', 'x');
    expect(saved).toEqual({ outcome: 'saved', fileName: 'a.csv', folder: real });
  });

  it('a missing folder (the USB stick is not in) is said, not created on the system disk', async () => {
    const exporter = new FileExporter({ kind: 'folder', folder: join(dir, 'usb-stick') });
    expect(await codeOf(() => exporter.save('a.csv', '.csv', 'x'))).toBe('EXPORT_FOLDER_MISSING');
    expect(existsSync(join(dir, 'usb-stick'))).toBe(false);
    writeFileSync(join(dir, 'a-file'), '');
    expect(await codeOf(() => new FileExporter({ kind: 'folder', folder: join(dir, 'a-file') }).save('a.csv', '.csv', 'x'))).toBe(
      'EXPORT_FOLDER_MISSING',
    );
  });

  it('a folder that refuses the write reports EXPORT_WRITE_FAILED and leaves nothing behind', async () => {
    // /proc/self exists and is a folder, but no file can be created in it, not even by root.
    const exporter = new FileExporter({ kind: 'folder', folder: '/proc/self' });
    expect(await codeOf(() => exporter.save('a.csv', '.csv', 'x'))).toBe('EXPORT_WRITE_FAILED');
  });
});

describe('S-20 B-02 the save dialog', () => {
  const dialog = (answer: string | null, asked: string[] = []) =>
    new FileExporter({
      kind: 'dialog',
      choose: async (suggested, extension) => {
        asked.push(`${suggested} ${extension}`);
        return answer;
      },
    });

  it('suggests the export name and writes where the person chose, with the export extension', async () => {
    const asked: string[] = [];
    const saved = await dialog(join(dir, 'my ledger'), asked).save('kobutsu-ledger-2026-11-01-2026-11-30.csv', '.csv', 'x');
    expect(asked).toEqual(['kobutsu-ledger-2026-11-01-2026-11-30.csv .csv']);
    expect(saved).toEqual({ outcome: 'saved', fileName: 'my ledger.csv', folder: dir });
    expect(readFileSync(join(dir, 'my ledger.csv'), 'utf8')).toBe('x');
    expect(await dialog(join(dir, 'setup.exe')).save('a.csv', '.csv', 'y')).toMatchObject({ fileName: 'setup.exe.csv' });
  });

  it('overwrites only what the person chose to replace (the dialog asked), atomically', async () => {
    writeFileSync(join(dir, 'old.csv'), 'old');
    await dialog(join(dir, 'old.csv')).save('a.csv', '.csv', 'new');
    expect(readFileSync(join(dir, 'old.csv'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['old.csv']);
  });

  it('cancelling writes nothing', async () => {
    expect(await dialog(null).save('a.csv', '.csv', 'x')).toEqual({ outcome: 'cancelled' });
    expect(await dialog('').save('a.csv', '.csv', 'x')).toEqual({ outcome: 'cancelled' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a relative path, a folder as the file, and a folder that does not exist', async () => {
    expect(await codeOf(() => dialog('../relative.csv').save('a.csv', '.csv', 'x'))).toBe('EXPORT_NAME_REFUSED');
    mkdirSync(join(dir, 'taken.csv'));
    expect(await codeOf(() => dialog(join(dir, 'taken.csv')).save('a.csv', '.csv', 'x'))).toBe('EXPORT_NAME_REFUSED');
    expect(await codeOf(() => dialog(join(dir, 'gone', 'a.csv')).save('a.csv', '.csv', 'x'))).toBe('EXPORT_FOLDER_MISSING');
  });
});

describe('S-20 B-02 the file:save and app:printPage channels', () => {
  let test: TestCore;
  afterEach(async () => {
    await test?.close();
  });

  async function appraisedReception() {
    const r = await test.ok('reception:create', { kind: 'walkIn', seller: walkIn });
    await test.ok('appraisal:addItem', { receptionId: r.id, item: watch });
    return test.ok('appraisal:complete', { receptionId: r.id });
  }

  it('the Electron kiosk writes the appraisal CSV into the export folder, the same bytes settlement:csv makes', async () => {
    const exporter = new FileExporter({ kind: 'folder', folder: dir });
    test = await startTestCore({ desktop: { saveFile: (name, extension, content) => exporter.save(name, extension, content) } });
    const r = await appraisedReception();
    const saved = await test.ok('file:save', { kind: 'settlementCsv', receptionId: r.id });
    const expected = await test.ok('settlement:csv', { receptionId: r.id });
    expect(saved).toEqual({ outcome: 'saved', fileName: expected.filename, folder: dir });
    expect(readFileSync(join(dir, expected.filename), 'utf8')).toBe(expected.content);
  });

  it('the browser host answers with the content for the browser to download, as before', async () => {
    test = await startTestCore();
    const r = await appraisedReception();
    const answer = await test.ok('file:save', { kind: 'settlementCsv', receptionId: r.id });
    expect(answer).toEqual({ outcome: 'download', ...(await test.ok('settlement:csv', { receptionId: r.id })) });
  });

  it('the ledger CSV needs a manager, as ledger:csv does', async () => {
    test = await startTestCore({ desktop: { saveFile: () => Promise.reject(new Error('must not be reached')) } });
    expect(await test.call('file:save', { kind: 'ledgerCsv', from: '2026-11-01', to: '2026-11-30' })).toMatchObject({
      ok: false,
      error: { code: 'MANAGER_REQUIRED' },
    });
  });

  it('prints through the shell where there is one, and says "unsupported" in the browser host (the page prints itself)', async () => {
    const printed: string[] = [];
    const exporter = new FileExporter({ kind: 'folder', folder: dir });
    test = await startTestCore({
      desktop: {
        printPage: async (clientId) => {
          printed.push(clientId);
          return 'printed';
        },
        pagePdf: async () => Buffer.from('%PDF-1.7 stand-in'),
        saveFile: (name, extension, content) => exporter.save(name, extension, content),
      },
    });
    expect(await test.ok('app:printPage', { as: 'printer' })).toEqual({ outcome: 'printed' });
    expect(printed).toEqual(['test-client']);
    expect(await test.ok('app:printPage', { as: 'pdf', fileName: 'kobutsu-ledger-2026-11-01-2026-11-30' })).toEqual({
      outcome: 'saved',
      fileName: 'kobutsu-ledger-2026-11-01-2026-11-30.pdf',
      folder: dir,
    });
    await test.close();
    test = await startTestCore();
    expect(await test.ok('app:printPage', { as: 'printer' })).toEqual({ outcome: 'unsupported' });
    expect(await test.ok('app:printPage', { as: 'pdf', fileName: '' })).toEqual({ outcome: 'unsupported' });
  });
});
