// End-to-end harness: the real core (real SQLite in a temp folder) behind the real browser host, driven by Playwright
// in Debian's Chromium. No Electron binary is needed; the renderer is the same build Electron loads.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Core, type CoreSyncOptions, createCore } from '../../main/core.ts';
import { chromiumDocumentRenderer } from '../../main/host/chromium-documents.ts';
import { fileKeyProvider } from '../../main/host/file-key-provider.ts';
import type { DocumentRenderer } from '../../main/services/documents.ts';
import { openDemoTill } from '../support/core.ts';
import { type HostServer, startHostServer } from '../../main/host/server.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it with "sudo apt-get install -y chromium fonts-noto-cjk" or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

export interface Kiosk {
  core: Core;
  host: HostServer;
  browser: Browser;
  page: Page;
  dataDir: string;
  /** Stops the app (main process and host) and starts it again on the same data folder; the page loads it anew. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startKiosk(
  options: {
    seedDemo?: boolean;
    sync?: CoreSyncOptions;
    clock?: () => Date;
    /** Runs on the empty data folder before the kiosk starts on it (e.g. another PC's database, an edit by hand). */
    prepare?: (dataDir: string) => Promise<void>;
    /** V-01: how long the customer's screen shows its thank-you. */
    customerThanksMs?: number;
    /** what makes document PDFs; by default headless Chromium as the browser host does (cli.ts). */
    documents?: (printPageUrl: () => Promise<string>) => DocumentRenderer;
    /** More Chromium flags, e.g. --use-file-for-fake-video-capture for a camera that shows a known picture (I-01). */
    browserArgs?: string[];
    /** false: the demo counter's till stays closed (by default it is open with the standard float). */
    openTill?: boolean;
  } = {},
): Promise<Kiosk> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) throw new Error('renderer not built: run `npm run build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  await options.prepare?.(dataDir);
  // The print page lives on the host, whose port is known once it listens (and changes with a restart).
  let printPageReady: (url: string) => void = () => {};
  let printPage = new Promise<string>((resolve) => {
    printPageReady = resolve;
  });
  const printPageUrl = () => printPage;
  const config = {
    dataDir,
    migrationsDir: join(ROOT, 'db/migrations'),
    host: 'browser' as const,
    version: 'e2e',
    keyProvider: fileKeyProvider(dataDir),
    seedDemo: options.seedDemo ?? true,
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.customerThanksMs ? { customerThanksMs: options.customerThanksMs } : {}),
    documents: options.documents?.(printPageUrl) ?? chromiumDocumentRenderer({ chromiumPath: chromiumPath(), printPageUrl }),
  };
  const core = await createCore(config);
  // A counter's day starts with its till open (M-02); cash settlements need it. Till tests start without one.
  if (config.seedDemo && options.openTill !== false) openDemoTill(core);
  const host = await startHostServer(core, { rendererDir: join(ROOT, 'out/renderer') });
  printPageReady(`${host.origin}/print.html`);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...(options.browserArgs ?? []),
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true, locale: 'ja-JP' });
  await context.grantPermissions(['camera'], { origin: host.origin });
  const page = await context.newPage();
  await page.goto(host.url);
  const kiosk: Kiosk = {
    core,
    host,
    browser,
    page,
    dataDir,
    restart: async () => {
      await kiosk.host.close();
      await kiosk.core.close();
      kiosk.core = await createCore(config);
      kiosk.host = await startHostServer(kiosk.core, { rendererDir: join(ROOT, 'out/renderer') });
      printPage = Promise.resolve(`${kiosk.host.origin}/print.html`);
      await context.grantPermissions(['camera'], { origin: kiosk.host.origin });
      await page.goto(kiosk.host.url);
    },
    close: async () => {
      await browser.close();
      await kiosk.host.close();
      await kiosk.core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return kiosk;
}

/** A clock that runs with real time but can be moved ahead, for idle limits measured in minutes. */
export function aheadClock(): { now: () => Date; advance: (ms: number) => void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => (offset += ms) };
}

export async function signIn(page: Page, staff = { code: '1001', pin: '1234' }): Promise<void> {
  const terminal = page.getByLabel('端末ID');
  // Wait for whichever sign-in form the app shows first; checking before it has loaded would guess wrong.
  await terminal.or(page.getByLabel('従業員コード')).first().waitFor();
  if (await terminal.isVisible()) {
    await terminal.fill('T01');
    await page.getByLabel('端末パスワード').fill('demo-terminal');
    await page.getByRole('button', { name: '端末ログイン' }).click();
  }
  await page.getByLabel('従業員コード').fill(staff.code);
  await page.getByLabel('暗証番号').fill(staff.pin);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByTestId('staff-name').waitFor();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the current screen; returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // A dialog or a notice still fading in has the contrast of its half-way opacity: axe judges what the clerk sees
  // once it settled. (Bounded: after 10 s it checks whatever shows.)
  // page.waitForFunction would eval() in the page, which its CSP refuses; page.evaluate goes through DevTools.
  for (let tries = 0; tries < 100; tries++) {
    if (await page.evaluate(`document.getAnimations().every((a) => a.playState !== 'running')`)) break;
    await page.waitForTimeout(100);
  }
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not govern.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/**
 * V-01: the customer's screen, as the second browser window on the second display would open it: its own browser
 * context (its own sessionStorage, like another window), the host's customer URL with the customer token.
 */
export async function openCustomerScreen(kiosk: Kiosk): Promise<Page> {
  const context = await kiosk.browser.newContext({ viewport: { width: 1280, height: 1024 }, locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(kiosk.host.customerUrl);
  await page.getByTestId('customer-screen').waitFor();
  return page;
}
