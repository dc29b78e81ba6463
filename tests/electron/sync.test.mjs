// Issue 11 §5 in the real shell: the HQ sync worker runs in an Electron utility process (loading its ESM entry, the
// Electron build of better-sqlite3 and Chromium's net), reaches a real HQ on 127.0.0.1 and reports online.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { executablePath, kioskProfile, root, waitFor } from './support.mjs';

const profile = kioskProfile('kiosk-sync-');
const hqDir = mkdtempSync(path.join(tmpdir(), 'kiosk-sync-hq-'));
const hqEnv = { ...process.env, HQ_DB_FILE: path.join(hqDir, 'hq.sqlite3') };
let hq;
let app;
let page;
let hqUrl;
let token;

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

before(async () => {
  const provisioned = spawnSync(process.execPath, ['--import', 'tsx', 'hq/cli.ts', 'provision', '--store', 'S001', '--terminal', 'T01'], {
    cwd: root,
    env: hqEnv,
    encoding: 'utf8',
  });
  assert.equal(provisioned.status, 0, provisioned.stderr);
  token = provisioned.stdout.split('\n')[1].trim();
  const port = await freePort();
  hqUrl = `http://127.0.0.1:${port}`;
  hq = spawn(process.execPath, ['--import', 'tsx', 'hq/cli.ts'], { cwd: root, env: { ...hqEnv, PORT: String(port) }, stdio: 'ignore' });
  await waitFor(async () => (await fetch(`${hqUrl}/api/v1/ping`, { headers: { authorization: `Bearer ${token}` } })).status < 500, 30_000, 'HQ');
  app = await electron.launch({ executablePath, args: profile.args, env: profile.env, cwd: root, timeout: 60_000 });
  page = await app.firstWindow();
  await waitFor(() => page.evaluate(() => typeof window.kiosk === 'object'), 30_000, 'window.kiosk');
});

after(async () => {
  await app?.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => {});
  await app?.close().catch(() => {});
  hq?.kill();
  rmSync(profile.dataHome, { recursive: true, force: true });
  rmSync(hqDir, { recursive: true, force: true });
});

describe('D-06 the sync worker in a utility process', () => {
  it('provisioned, it runs as a utility process and reports HQ online', async () => {
    const call = (channel, request) => page.evaluate(([c, r]) => window.kiosk[c](r), [channel, request]);
    assert.equal((await call('session:terminalSignIn', { code: 'T01', password: 'demo-terminal' })).ok, true);
    assert.equal((await call('session:staffSignIn', { code: '9001', pin: '9999' })).ok, true);
    const provisioned = await call('sync:provision', { hqUrl, storeCode: 'S001', terminalCode: 'T01', token });
    assert.equal(provisioned.ok, true, JSON.stringify(provisioned));
    await waitFor(async () => (await call('sync:status', {})).value?.online === true, 30_000, 'sync online');
    const processes = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().map((metric) => ({ type: metric.type, name: metric.name })));
    assert.ok(processes.some((metric) => metric.type === 'Utility' && metric.name === 'Kaitori Kiosk sync'), JSON.stringify(processes));
  });
});
