import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Core, createCore, DATABASE_FILE } from '../../main/core.ts';
import { dispatch } from '../../main/dispatch.ts';
import { PROVISIONING_FILE } from '../../main/services/device-provisioning.ts';
import { MIGRATIONS } from '../support/core.ts';

const provision = {
  store: { code: 'K042', name: 'かいとり屋 横浜店', address: '神奈川県横浜市西区1-1', licenceNumber: '神奈川県公安委員会 第451230000000号', invoiceNumber: 'T9876543210987' },
  terminal: { code: 'K042-T02', number: 2, name: 'レジ2', password: 'correct horse battery' },
  staff: [
    { code: '7001', name: '店長 太郎', role: 'manager', pin: '482913' },
    { code: '7002', name: '店員 花子', role: 'clerk', pin: '5521' },
  ],
};

const dirs: string[] = [];
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(file: unknown, seedDemo = false) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-provision-'));
  dirs.push(dataDir);
  if (file !== undefined) writeFileSync(join(dataDir, PROVISIONING_FILE), JSON.stringify(file));
  const key = randomBytes(32);
  const core = await createCore({ dataDir, migrationsDir: MIGRATIONS, host: 'browser', version: 't', keyProvider: { keyId: 'k', getKey: () => key }, seedDemo });
  cores.push(core);
  const call = (channel: string, request: unknown) => dispatch(core, channel, request, { clientId: 'c', window: 'clerk' }, () => {});
  return { core, dataDir, call };
}

describe('D-09 P-05 a counter PC set up from IT’s provisioning file', () => {
  it('creates the store, terminal account and staff, with no demo data, and removes the secrets from disk', async () => {
    const { core, dataDir, call } = await start(provision, true);
    expect(core.demo).toBe(false);
    expect(core.db.prepare('SELECT COUNT(*) AS n FROM receptions').get()).toEqual({ n: 0 });
    expect(await call('app:info', {})).toMatchObject({ ok: true, value: { provisioned: true, demo: false } });
    expect(existsSync(join(dataDir, PROVISIONING_FILE))).toBe(false);
    const applied = readFileSync(join(dataDir, `${PROVISIONING_FILE}.applied.json`), 'utf8');
    expect(applied).not.toContain('correct horse battery');
    expect(applied).not.toContain('482913');
    expect(readFileSync(join(dataDir, DATABASE_FILE)).includes(Buffer.from('correct horse battery'))).toBe(false);

    expect((await call('session:terminalSignIn', { code: 'K042-T02', password: 'correct horse battery' })).ok).toBe(true);
    const staff = await call('session:staffSignIn', { code: '7001', pin: '482913' });
    expect(staff).toMatchObject({ ok: true, value: { staff: { role: 'manager' }, terminal: { storeCode: 'K042', number: 2 } } });
    const reception = await call('reception:create', {
      kind: 'walkIn',
      seller: { name: '客 一郎', nameKana: 'キャク イチロウ', address: '横浜市', phone: '045-111-2222', birthDate: '1970-01-01', occupation: '会社員' },
    });
    expect(reception).toMatchObject({ ok: true, value: { number: expect.stringMatching(/^K042-02-\d{8}-0001$/) } });
  });

  it('refuses an invalid file with what is wrong; once IT fixes the file, the next start applies it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-provision-'));
    dirs.push(dataDir);
    const key = randomBytes(32);
    const config = { dataDir, migrationsDir: MIGRATIONS, host: 'browser' as const, version: 't', keyProvider: { keyId: 'k', getKey: () => key }, seedDemo: false };
    writeFileSync(join(dataDir, PROVISIONING_FILE), JSON.stringify({ ...provision, staff: [{ code: '1', name: 'x', role: 'clerk', pin: '1234' }] }));
    await expect(createCore(config)).rejects.toThrow(/PROVISIONING_INVALID/);
    writeFileSync(join(dataDir, PROVISIONING_FILE), JSON.stringify(provision));
    const core = await createCore(config);
    cores.push(core);
    expect(core.db.prepare('SELECT code FROM stores').all()).toEqual([{ code: 'K042' }]);
  });

  it('without a file or demo data the app says the PC is not set up', async () => {
    const { call } = await start(undefined, false);
    expect(await call('app:info', {})).toMatchObject({ ok: true, value: { provisioned: false } });
  });
});
