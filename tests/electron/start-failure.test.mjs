// Issue 11 §2 in the real shell: a corrupt database shows the error window (what failed, what IT does, where the
// log is), a second start while it is shown does not start a second app, and closing it exits non-zero with the
// single-instance lock released (a new start gets the lock and shows the same window).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { executablePath, kioskProfile, root, waitFor } from './support.mjs';

const profile = kioskProfile('kiosk-corrupt-');
const damaged = Buffer.concat([Buffer.from('SQLite format 2\0'), Buffer.alloc(8192, 0xa5)]);

/** @type {import('playwright-core').ElectronApplication} */
let app;
/** @type {import('playwright-core').Page} */
let page;

before(async () => {
  mkdirSync(profile.userData, { recursive: true });
  writeFileSync(path.join(profile.userData, 'kiosk.sqlite3'), damaged);
  app = await electron.launch({ executablePath, args: profile.args, env: profile.env, cwd: root, timeout: 60_000 });
  page = await app.firstWindow();
});

after(async () => {
  await app?.close().catch(() => {});
  rmSync(profile.dataHome, { recursive: true, force: true });
});

describe('issue 11 §2 a corrupt database', () => {
  it('shows what failed, what IT should do and where the log is, in Japanese and English', async () => {
    await waitFor(async () => (await page.textContent('body'))?.includes('壊れて'), 30_000, 'the error page');
    const text = await page.textContent('body');
    assert.match(text, /買取キオスクを起動できません/);
    assert.match(text, /データベースファイル（kiosk\.sqlite3）が壊れていて読めません/);
    assert.match(text, /restore the latest backup/);
    assert.ok(text.includes(path.join(profile.userData, 'logs', 'kiosk.log')));
    assert.equal(await page.evaluate(() => typeof window.kiosk), 'undefined');
  });

  it('logged the failure, and left the damaged database untouched', () => {
    const log = readFileSync(path.join(profile.userData, 'logs', 'kiosk.log'), 'utf8');
    assert.match(log, /ERROR \[start\] cannot start: DATABASE_CORRUPT during database/);
    assert.ok(readFileSync(path.join(profile.userData, 'kiosk.sqlite3')).equals(damaged));
  });

  it('a second start while the error window is shown exits at once (the lock is still held)', async () => {
    const second = spawn(executablePath, profile.args, { env: profile.env, cwd: root, stdio: 'ignore' });
    const code = await new Promise((resolve) => second.on('exit', resolve));
    assert.equal(code, 0);
  });

  it('closing the window exits with a non-zero code and releases the lock', async () => {
    const exited = new Promise((resolve) => app.process().on('exit', (code) => resolve(code)));
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].close());
    assert.equal(await exited, 1);
    // The lock is free: a new start gets it and fails the same readable way instead of exiting silently.
    const again = await electron.launch({ executablePath, args: profile.args, env: profile.env, cwd: root, timeout: 60_000 });
    const againPage = await again.firstWindow();
    await waitFor(async () => (await againPage.textContent('body'))?.includes('壊れて'), 30_000, 'the error page again');
    await again.close().catch(() => {});
    assert.ok(existsSync(path.join(profile.userData, 'logs', 'kiosk.log')));
  });
});
