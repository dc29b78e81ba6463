// V-01, V-03: the customer's window in the real Electron shell. Run by scripts/electron-tests.mjs where an Electron
// binary exists (SKIPPED here). A CI machine has one display, so the app is started with --customer-display=window,
// the IT switch that opens the customer screen as a plain window on the main display; the display choice itself is
// table-tested in tests/unit/shell/customer-display-choice.test.ts.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { _electron as electron } from 'playwright-core';
import { executablePath, kioskProfile, root, waitFor } from './support.mjs';

const { dataHome, env, args } = kioskProfile('kiosk-electron-customer-');

/** @type {import('playwright-core').ElectronApplication} */
let app;
/** @type {import('playwright-core').Page} */
let clerk;
/** @type {import('playwright-core').Page} */
let customer;

before(async () => {
  app = await electron.launch({ executablePath, args: [...args, '--customer-display=window'], env, cwd: root, timeout: 60_000 });
  await waitFor(() => app.windows().length === 2, 30_000, 'the clerk and customer windows');
  for (const page of app.windows()) await page.waitForLoadState('domcontentloaded');
  customer = app.windows().find((page) => page.url().endsWith('/customer.html'));
  clerk = app.windows().find((page) => page !== customer);
  assert.ok(customer, 'a window shows customer.html');
});

after(async () => {
  await app?.evaluate(({ app: electronApp }) => electronApp.exit(0)).catch(() => {});
  await app?.close().catch(() => {});
  rmSync(dataHome, { recursive: true, force: true });
});

describe('V-01 the customer window', () => {
  it('is served from app://kiosk/customer.html, never takes the focus from the clerk window, and has no menu', async () => {
    assert.match(customer.url(), /^app:\/\/kiosk\/customer\.html$/);
    const state = await app.evaluate(({ BrowserWindow, Menu }) => ({
      windows: BrowserWindow.getAllWindows().map((win) => ({ url: win.webContents.getURL(), focused: win.isFocused(), visible: win.isVisible() })),
      menu: Menu.getApplicationMenu(),
    }));
    assert.equal(state.menu, null);
    const customerWindow = state.windows.find((win) => win.url.endsWith('/customer.html'));
    assert.equal(customerWindow.visible, true);
    assert.equal(customerWindow.focused, false);
  });

  it('V-03 its window.kiosk has exactly the customer channels, and no Node', async () => {
    const exposed = await customer.evaluate(() => ({
      keys: Object.keys(window.kiosk ?? {}).sort(),
      require: typeof globalThis.require,
      process: typeof globalThis.process,
    }));
    assert.deepEqual(exposed.keys, ['customer:agree', 'customer:sign', 'customer:view', 'on']);
    assert.equal(exposed.require, 'undefined');
    assert.equal(exposed.process, 'undefined');
    const clerkKeys = await clerk.evaluate(() => Object.keys(window.kiosk ?? {}));
    assert.equal(clerkKeys.some((key) => key.startsWith('customer:')), false);
  });

  it('V-01 shows the welcome from the main process; its calls are checked as the customer window', async () => {
    await waitFor(async () => (await customer.getByTestId('customer-screen').getAttribute('data-screen')) === 'welcome', 15_000, 'the welcome');
    const view = await customer.evaluate(() => window.kiosk['customer:view']({}));
    assert.equal(view.ok, true);
    assert.equal(view.value.screen, 'welcome');
    // An answer to nothing asked (and no terminal session yet) is refused by the main process.
    const agree = await customer.evaluate(() => window.kiosk['customer:agree']({ askId: crypto.randomUUID(), termsVersion: 1 }));
    assert.equal(agree.ok, false);
  });

  it('V-02 the clerk sees the customer window connected', async () => {
    await clerk.evaluate(() => window.kiosk['session:terminalSignIn']({ code: 'T01', password: 'demo-terminal' }));
    await clerk.evaluate(() => window.kiosk['session:staffSignIn']({ code: '1001', pin: '1234' }));
    const status = await clerk.evaluate(() => window.kiosk['customerDisplay:status']({}));
    assert.equal(status.ok, true);
    assert.equal(status.value.connected, true);
    assert.equal(status.value.opening.kind, 'second-display');
  });

  it('V-01 a crashed customer renderer comes back by itself, still the customer page', async () => {
    await app.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().endsWith('/customer.html'));
      win.webContents.forcefullyCrashRenderer();
    });
    await waitFor(
      () =>
        app.evaluate(async ({ BrowserWindow }) => {
          const win = BrowserWindow.getAllWindows().find((w) => w.webContents.getURL().endsWith('/customer.html'));
          if (!win || win.webContents.isCrashed() || win.webContents.isLoading()) return false;
          return (await win.webContents.executeJavaScript('Object.keys(window.kiosk).length')) === 4;
        }),
      15_000,
      'the customer renderer to come back',
    );
  });
});
