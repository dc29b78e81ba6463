/** Starts a real HQ server on 127.0.0.1 (port 0) over a real database: SQLite always, PostgreSQL when configured. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type HqDatabase, migrateHq, openPostgresHqDatabase, openSqliteHqDatabase } from '../../../hq/db.ts';
import { buildHqServer, type HqServerOptions } from '../../../hq/server.ts';
import { provisionTerminal } from '../../../hq/terminals.ts';

export const PG_URL = process.env.HQ_TEST_DATABASE_URL;

export interface Backend {
  name: 'sqlite' | 'postgres';
  open(): Promise<{ db: HqDatabase; dispose(): Promise<void> }>;
}

const sqliteBackend: Backend = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'hq-test-'));
    const db = openSqliteHqDatabase(join(dir, 'hq.sqlite3'));
    return {
      db,
      async dispose() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresBackend: Backend = {
  name: 'postgres',
  async open() {
    // A schema of its own per HQ instance: test files run in parallel on one server without seeing each other.
    const schema = `hq_test_${randomBytes(6).toString('hex')}`;
    const db = await openPostgresHqDatabase({ connectionString: PG_URL!, schema });
    return {
      db,
      async dispose() {
        await db.execute(`DROP SCHEMA ${schema} CASCADE`);
        await db.close();
      },
    };
  },
};

let warned = false;
/** The backends to run HQ suites on. Says once, loudly, when PostgreSQL is skipped. */
export function backends(): Backend[] {
  if (!PG_URL && !warned) {
    warned = true;
    console.info('HQ_TEST_DATABASE_URL is not set: HQ tests run on SQLite only; PostgreSQL runs are SKIPPED.');
  }
  return PG_URL ? [sqliteBackend, postgresBackend] : [sqliteBackend];
}

export interface RunningHq {
  url: string;
  port: number;
  db: HqDatabase;
  app: FastifyInstance;
  token: string;
  adminToken: string;
  /** Stops the server; keeps the database (for restarts). */
  stopServer(): Promise<void>;
  close(): Promise<void>;
}

export interface StartHqOptions extends Partial<Omit<HqServerOptions, 'db'>> {
  /** Reuse a database (a restarted HQ) instead of opening a new one. */
  db?: { db: HqDatabase; dispose(): Promise<void> };
  port?: number;
  /** Add fault-injecting hooks before the server starts listening. */
  configure?(app: FastifyInstance): void;
  storeCode?: string;
  terminalCode?: string;
  /** The terminal token to provision (default: random), for a kiosk configured before HQ starts. */
  token?: string;
}

export async function startHq(backend: Backend, options: StartHqOptions = {}): Promise<RunningHq> {
  const opened = options.db ?? (await backend.open());
  await migrateHq(opened.db);
  const wantedToken = options.token;
  const { token } = await provisionTerminal(
    opened.db,
    { storeCode: options.storeCode ?? 'S001', terminalCode: options.terminalCode ?? 'T01' },
    wantedToken ? { randomToken: () => wantedToken } : {},
  );
  const adminToken = options.adminToken ?? 'admin-secret-for-tests';
  const { configure, port: wantedPort, db: _db, storeCode: _s, terminalCode: _t, token: _k, ...serverOptions } = options;
  const app = await buildHqServer({ ...serverOptions, db: opened.db, adminToken });
  configure?.(app);
  await app.listen({ host: '127.0.0.1', port: wantedPort ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let serverOpen = true;
  const stopServer = async () => {
    if (!serverOpen) return;
    serverOpen = false;
    await app.close();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db: opened.db,
    app,
    token,
    adminToken,
    stopServer,
    async close() {
      await stopServer();
      await opened.dispose();
    },
  };
}

/** A port nothing listens on (taken, then freed), for "HQ down" runs. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function countAtHq(db: HqDatabase): Promise<{ settlements: number; items: number; received: number }> {
  const [s] = await db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM settlements');
  const [i] = await db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM settlement_items');
  const [r] = await db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM received_items');
  return { settlements: Number(s?.n), items: Number(i?.n), received: Number(r?.n) };
}

export async function settlementIdsAtHq(db: HqDatabase): Promise<string[]> {
  const rows = await db.query<{ id: string }>('SELECT id FROM settlements ORDER BY id');
  return rows.map((r) => r.id);
}

/** POSTs a sync batch body to HQ as a terminal would; returns the status and the parsed answer. */
export async function postBatch(
  hq: RunningHq,
  body: unknown,
): Promise<{ status: number; body: { results: Record<string, unknown>[] } }> {
  const response = await fetch(`${hq.url}/api/v1/settlements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { results: Record<string, unknown>[] } };
}

/** Polls `probe` until it gives a value (bounded: throws after `ms`), for waits on a kiosk's sync worker and HQ. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** publishes master-data changes as HQ's admin API takes them (JSON, admin token); returns the newest version. */
export async function publishMasterData(hq: RunningHq, changes: unknown[], publishedBy = '本部 商品部'): Promise<number> {
  const response = await fetch(`${hq.url}/api/v1/master-data`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ changes, publishedBy }),
  });
  if (!response.ok) throw new Error(`publish failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { version: number }).version;
}
