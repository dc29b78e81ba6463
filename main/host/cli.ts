// `npm run host` / the fallback of `npm start`: the app in any Chromium through the browser host.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core.ts';
import { fileKeyProvider } from './file-key-provider.ts';
import { startHostServer } from './server.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = resolve(process.env.KIOSK_DATA_DIR ?? join(root, '.data/kiosk'));
const port = Number(process.env.KIOSK_PORT ?? 5780);
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

mkdirSync(dataDir, { recursive: true });
const core = await createCore({
  dataDir,
  migrationsDir: join(root, 'db/migrations'),
  host: 'browser',
  version,
  keyProvider: fileKeyProvider(dataDir),
});
const host = await startHostServer(core, { rendererDir: join(root, 'out/renderer'), port });
console.log(`Kaitori Kiosk (browser host) — data: ${dataDir}`);
console.log(`Open: ${host.url}`);
if (core.demo) console.log('Demo store: terminal T01 / demo-terminal, clerk 1001 / PIN 1234, manager 9001 / PIN 9999');

const stop = async () => {
  await host.close();
  await core.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
