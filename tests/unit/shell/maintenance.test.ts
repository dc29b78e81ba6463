import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open.ts';
import { MaintenanceExit, parseMaintenanceCommand, runMaintenance } from '../../../main/shell/maintenance.ts';

let dir: string;
const lines: string[] = [];
const log = { info: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-maint-'));
  lines.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function seed(rows: number) {
  const db = openDatabase(path.join(dir, 'kiosk.sqlite3'));
  db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)');
  for (let i = 0; i < rows; i++) db.prepare('INSERT INTO t DEFAULT VALUES').run();
  db.close();
}
const count = () => {
  const db = openDatabase(path.join(dir, 'kiosk.sqlite3'));
  const n = (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
  db.close();
  return n;
};

describe('D-09 IT maintenance commands', () => {
  it.each([
    [['kiosk.exe'], null],
    [['kiosk.exe', '--backup=D:\\b\\k.sqlite3'], { kind: 'backup', file: 'D:\\b\\k.sqlite3' }],
    [['electron', '.', '--restore=/mnt/usb/k.sqlite3'], { kind: 'restore', file: '/mnt/usb/k.sqlite3' }],
    [['kiosk.exe', '--backup'], { kind: 'backup', file: '' }],
    [['kiosk.exe', '--backups=x'], null],
  ])('parses %j', (argv, expected) => {
    expect(parseMaintenanceCommand(argv)).toEqual(expected);
  });

  it('backs up, then restores the backup over later changes', async () => {
    seed(3);
    const file = path.join(dir, 'usb', 'kiosk-backup.sqlite3');
    expect(await runMaintenance({ kind: 'backup', file }, dir, log)).toBe(MaintenanceExit.OK);
    seed(10);
    expect(count()).toBe(13);
    expect(await runMaintenance({ kind: 'restore', file }, dir, log)).toBe(MaintenanceExit.OK);
    expect(count()).toBe(3);
    expect(lines.join('\n')).toMatch(/before-restore/);
  });

  it('exits CORRUPT for a damaged backup and USAGE without a file', async () => {
    seed(1);
    const bad = path.join(dir, 'bad.sqlite3');
    writeFileSync(bad, 'garbage'.repeat(1000));
    expect(await runMaintenance({ kind: 'restore', file: bad }, dir, log)).toBe(MaintenanceExit.CORRUPT);
    expect(await runMaintenance({ kind: 'backup', file: '' }, dir, log)).toBe(MaintenanceExit.USAGE);
    expect(count()).toBe(1);
  });
});
