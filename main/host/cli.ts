// `npm run host` / the fallback of `npm start`: the app in any Chromium through the browser host. Built by
// `npm run build` into out/main/host/cli.js (never packaged): start-up runs compiled JavaScript, not a transpiler.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCore } from '../core.ts';
import { chromiumDocumentRenderer } from './chromium-documents.ts';
import { fileKeyProvider } from './file-key-provider.ts';
import { startHostServer } from './server.ts';

/** The checkout's root: the first folder above this file with a package.json (main/host from source, out/main/host built). */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = projectRoot(here);
const built = import.meta.url.endsWith('.js');
const dataDir = resolve(process.env.KIOSK_DATA_DIR ?? join(root, '.data/kiosk'));
const port = Number(process.env.KIOSK_PORT ?? 5780);
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

mkdirSync(dataDir, { recursive: true });
// statements and quotes as PDF through headless Chromium (CHROMIUM_PATH, default Debian's).
let printPageUrl: (url: string) => void = () => {};
const printPage = new Promise<string>((resolvePrintPage) => {
  printPageUrl = resolvePrintPage;
});
const core = await createCore({
  dataDir,
  migrationsDir: join(root, 'db/migrations'),
  host: 'browser',
  version,
  keyProvider: fileKeyProvider(dataDir),
  documents: chromiumDocumentRenderer({ chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', printPageUrl: () => printPage }),
  // Built, the sync worker is the bundled out/main/sync-worker.js; from source the default (worker.ts through tsx).
  ...(built ? { sync: { workerUrl: pathToFileURL(join(root, 'out/main/sync-worker.js')) } } : {}),
});
const host = await startHostServer(core, { rendererDir: join(root, 'out/renderer'), port });
printPageUrl(`${host.origin}/print.html`);
console.log(`Kaitori Kiosk (browser host) — data: ${dataDir}`);
console.log(`Open: ${host.url}`);
console.log(`Customer's screen (second display): ${host.customerUrl}`);
if (core.demo) console.log('Demo store: terminal T01 / demo-terminal, clerk 1001 / PIN 1234, manager 9001 / PIN 9999');

const stop = async () => {
  await host.close();
  await core.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
