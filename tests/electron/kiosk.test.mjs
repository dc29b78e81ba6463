// Playwright `_electron` tests of the kiosk shell (D-07, S-02, issue 2 item 11 and issue 8). Run by
// scripts/electron-tests.mjs with ELECTRON_PATH set, against the built app in out/ (npm run build). The app starts
// in production mode here (no ELECTRON_RENDERER_URL): kiosk window, no devtools.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { executablePath, kioskProfile, root, waitFor } from './support.mjs';

const { dataHome, userData, env, args } = kioskProfile();

/** @type {import('playwright-core').ElectronApplication} */
let app;
/** @type {import('playwright-core').Page} */
let page;

before(async () => {
  app = await electron.launch({ executablePath, args, env, cwd: root, timeout: 60_000 });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

after(async () => {
  await app?.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => {});
  await app?.close().catch(() => {});
  rmSync(dataHome, { recursive: true, force: true });
});

describe('D-07 kiosk window', () => {
  it('is fullscreen and in kiosk mode, with no menu', async () => {
    const state = await app.evaluate(({ BrowserWindow, Menu }) => {
      const windows = BrowserWindow.getAllWindows();
      const win = windows[0];
      return {
        count: windows.length,
        kiosk: win.isKiosk(),
        fullscreen: win.isFullScreen(),
        menu: Menu.getApplicationMenu(),
      };
    });
    assert.equal(state.count, 1);
    assert.equal(state.kiosk, true);
    assert.equal(state.fullscreen, true);
    assert.equal(state.menu, null);
  });

  it('is served from app://kiosk with the CSP header', async () => {
    assert.match(page.url(), /^app:\/\/kiosk\//);
    const csp = await page.evaluate(async () => (await fetch('/')).headers.get('content-security-policy'));
    assert.match(csp ?? '', /script-src 'self';/);
    assert.match(csp ?? '', /object-src 'none'/);
  });

  it('refuses path traversal on the app protocol', async () => {
    const statuses = await page.evaluate(async () => {
      const urls = ['/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/..%5c..%5cpackage.json', '/%252e%252e/x.js'];
      return Promise.all(urls.map(async (url) => (await fetch(url)).status));
    });
    assert.deepEqual(statuses, [404, 404, 404, 404]);
  });

  it('exposes window.kiosk with functions, and no Node in the renderer', async () => {
    const renderer = await page.evaluate(() => ({
      kiosk: typeof window.kiosk,
      allFunctions: Object.values(window.kiosk ?? {}).every((value) => typeof value === 'function'),
      count: Object.keys(window.kiosk ?? {}).length,
      require: typeof globalThis.require,
      process: typeof globalThis.process,
      module: typeof globalThis.module,
      buffer: typeof globalThis.Buffer,
    }));
    assert.equal(renderer.kiosk, 'object');
    assert.equal(renderer.allFunctions, true);
    assert.ok(renderer.count > 1);
    assert.equal(renderer.require, 'undefined');
    assert.equal(renderer.process, 'undefined');
    assert.equal(renderer.module, 'undefined');
    assert.equal(renderer.buffer, 'undefined');
  });

  it('issue 11 §1: the sandboxed preload loaded and window.kiosk reaches the main process', async () => {
    const info = await page.evaluate(() => window.kiosk['app:info']({}));
    assert.equal(info.ok, true);
    assert.equal(info.value.host, 'electron');
    // The fatal "bridge missing" screen is not shown.
    assert.equal(await page.getByText('アプリを起動できません').count(), 0);
  });

  it('denies navigation away from the app', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(page.url(), before);
  });

  it('denies window.open', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    assert.equal(opened, true);
    const count = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    assert.equal(count, 1);
  });

  it('keeps devtools closed in production', async () => {
    const opened = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0].webContents;
      contents.openDevTools();
      return contents.isDevToolsOpened();
    });
    assert.equal(opened, false);
  });

  it('reloads a crashed renderer within seconds, window.kiosk back', async () => {
    const started = Date.now();
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].webContents.forcefullyCrashRenderer());
    await waitFor(
      () =>
        app.evaluate(async ({ BrowserWindow }) => {
          const contents = BrowserWindow.getAllWindows()[0].webContents;
          if (contents.isCrashed() || contents.isLoading()) return false;
          return (await contents.executeJavaScript('typeof window.kiosk')) === 'object';
        }),
      15_000,
      'the renderer to come back',
    );
    assert.ok(Date.now() - started < 15_000);
  });
});

describe('D-09 updates in an unpackaged run', () => {
  it('the updater is off and says why; app:update reports nothing to install', async () => {
    const update = await page.evaluate(() => window.kiosk['app:update']({}));
    assert.deepEqual(update, { ok: true, value: null });
    const log = readFileSync(path.join(userData, 'logs', 'kiosk.log'), 'utf8');
    assert.match(log, /\[updater\] off \(not packaged\)/);
  });
});

describe('S-02 single instance', () => {
  it('a second start exits and leaves the first window alone', async () => {
    const second = spawn(executablePath, args, { env, cwd: root, stdio: 'ignore' });
    const code = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        second.kill();
        reject(new Error('second instance did not exit'));
      }, 20_000);
      second.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    assert.equal(code, 0);
    const count = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
    assert.equal(count, 1);
  });
});
