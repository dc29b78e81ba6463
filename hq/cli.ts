/**
 * `npm run hq` (tsx hq/cli.ts): starts the HQ server, or provisions a terminal.
 *   tsx hq/cli.ts                                   serve (PORT, HOST, DATABASE_URL | HQ_DB_FILE, HQ_TLS_CERT/KEY,
 *                                                   HQ_ADMIN_TOKEN, HQ_STORE_IMAGES=1, HQ_BODY_LIMIT_MB)
 *   tsx hq/cli.ts provision --store S001 --terminal T01 [--hq-url https://hq.example]
 *                                                   prints the terminal's token once, and a provisioning JSON
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type HqDatabase, migrateHq, openPostgresHqDatabase, openSqliteHqDatabase } from './db.ts';
import { buildHqServer } from './server.ts';
import { provisionTerminal } from './terminals.ts';

async function openFromEnv(env: NodeJS.ProcessEnv): Promise<HqDatabase> {
  if (env.DATABASE_URL) return openPostgresHqDatabase({ connectionString: env.DATABASE_URL });
  const file = resolve(env.HQ_DB_FILE ?? './hq-data/hq.sqlite3');
  mkdirSync(dirname(file), { recursive: true });
  return openSqliteHqDatabase(file);
}

async function serve(env: NodeJS.ProcessEnv): Promise<void> {
  const db = await openFromEnv(env);
  await migrateHq(db);
  const tls =
    env.HQ_TLS_CERT && env.HQ_TLS_KEY
      ? { cert: readFileSync(env.HQ_TLS_CERT), key: readFileSync(env.HQ_TLS_KEY) }
      : undefined;
  const app = await buildHqServer({
    db,
    logger: true,
    storeImages: env.HQ_STORE_IMAGES === '1',
    ...(env.HQ_BODY_LIMIT_MB ? { bodyLimit: Number(env.HQ_BODY_LIMIT_MB) * 1024 * 1024 } : {}),
    ...(env.HQ_ADMIN_TOKEN ? { adminToken: env.HQ_ADMIN_TOKEN } : {}),
    ...(tls ? { https: tls } : {}),
  });
  const port = Number(env.PORT ?? 8787);
  const host = env.HOST ?? '127.0.0.1';
  await app.listen({ port, host });
  if (!env.HQ_ADMIN_TOKEN) console.warn('HQ_ADMIN_TOKEN is not set: the read API and page answer 503.');
  if (!tls && host !== '127.0.0.1' && host !== 'localhost') {
    console.warn('Serving plain HTTP on a non-loopback address: put HQ behind a TLS reverse proxy.');
  }
  const shutdown = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function provision(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { store: { type: 'string' }, terminal: { type: 'string' }, 'hq-url': { type: 'string' } },
  });
  if (!values.store || !values.terminal) {
    console.error('usage: tsx hq/cli.ts provision --store S001 --terminal T01 [--hq-url https://hq.example]');
    process.exit(2);
  }
  const db = await openFromEnv(env);
  try {
    await migrateHq(db);
    const terminal = await provisionTerminal(db, { storeCode: values.store, terminalCode: values.terminal });
    console.log(`Terminal ${terminal.storeCode}/${terminal.terminalCode} provisioned. Its token (shown only now):`);
    console.log(terminal.token);
    console.log('Provisioning file for the kiosk (main/sync/provisioning.ts):');
    console.log(
      JSON.stringify(
        {
          hqUrl: values['hq-url'] ?? 'https://hq.example.jp',
          storeCode: terminal.storeCode,
          terminalCode: terminal.terminalCode,
          token: terminal.token,
        },
        null,
        2,
      ),
    );
  } finally {
    await db.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'provision') {
  await provision(rest, process.env);
} else if (command === undefined || command === 'serve') {
  await serve(process.env);
} else {
  console.error(`unknown command ${command}; use "serve" (default) or "provision"`);
  process.exit(2);
}
