/**
 * The thin database adapter of the HQ server (B-09): the same SQL runs on the embedded SQLite file and on
 * PostgreSQL. SQL is written with `?` placeholders; the PostgreSQL side numbers them `$1, $2, …`. Only SQL that both
 * engines accept is used (TEXT times, INTEGER/BIGINT money, `ON CONFLICT … DO NOTHING/UPDATE`, `RETURNING`).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';

export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface HqQueryable {
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  execute(sql: string, params?: readonly SqlValue[]): Promise<{ rowCount: number }>;
}

/** Inside a transaction: a savepoint undoes one part (one item of a batch) without losing the rest. */
export interface HqTransaction extends HqQueryable {
  /** Runs fn under a savepoint: released when fn resolves, rolled back to (and rethrown) when it throws. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export interface HqDatabase extends HqQueryable {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: HqTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A promise chain used as a mutex. better-sqlite3 has one connection and a transaction body may await, so every
 * statement outside a transaction waits for the running transaction instead of slipping into it.
 */
class Serializer {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

export function openSqliteHqDatabase(file: string): HqDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // An acknowledged settlement must survive a power cut at HQ, or the kiosk would already have deleted it.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const lock = new Serializer();
  // Preparing is a large part of a small statement's cost; ingest runs the same few statements for every batch.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 500) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  let savepoints = 0;
  const direct: HqTransaction = {
    async query<T extends Row>(sql: string, params: readonly SqlValue[] = []) {
      return prepared(sql).all(...params) as T[];
    },
    async execute(sql: string, params: readonly SqlValue[] = []) {
      return { rowCount: prepared(sql).run(...params).changes };
    },
    async savepoint(fn) {
      const name = `item_${++savepoints}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn();
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
        throw error;
      }
    },
  };
  /**
   * Group commit: transactions that arrive while one is being written (kiosks pushing at once) share one BEGIN and
   * one COMMIT, each under its own savepoint so a failing one is undone alone. The disk flush of a durable commit is
   * the largest cost of a small transaction; shared, it is paid once per group. Each caller hears back only after the
   * COMMIT its work was part of.
   */
  interface Job {
    fn: (tx: HqTransaction) => Promise<unknown>;
    resolve: (value: unknown) => void;
    reject: (error: unknown) => void;
  }
  const waiting: Job[] = [];
  let scheduled = false;
  const runGroup = () =>
    lock.run(async () => {
      scheduled = false;
      const group = waiting.splice(0, 32);
      if (waiting.length > 0) schedule();
      if (group.length === 0) return;
      db.exec('BEGIN IMMEDIATE');
      const done: { job: Job; value: unknown }[] = [];
      let lost: unknown = null;
      for (const job of group) {
        if (lost !== null) {
          job.reject(lost);
          continue;
        }
        db.exec('SAVEPOINT job');
        try {
          done.push({ job, value: await job.fn(direct) });
          db.exec('RELEASE job');
        } catch (error) {
          job.reject(error);
          if (db.inTransaction) db.exec('ROLLBACK TO job; RELEASE job');
          // SQLite itself rolled the whole transaction back (disk full, I/O error): nothing of the group holds.
          else lost = error;
        }
      }
      try {
        if (lost !== null) throw lost;
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        for (const { job } of done) job.reject(error);
        return;
      }
      for (const { job, value } of done) job.resolve(value);
    });
  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // One turn of the event loop first: requests that arrived meanwhile join this group.
    setImmediate(() => void runGroup());
  }
  return {
    dialect: 'sqlite',
    query: (sql, params) => lock.run(() => direct.query(sql, params)),
    execute: (sql, params) => lock.run(() => direct.execute(sql, params)),
    transaction: (fn) =>
      new Promise((resolve, reject) => {
        waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      }),
    close: async () => {
      await lock.run(async () => db.close());
    },
  };
}

/** `?` → `$n`. HQ SQL never holds a literal question mark, so a plain scan is enough. */
export function toPostgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Data statements go as named prepared statements (the name is a digest of the text): each connection parses and
 * plans a statement once, instead of once per call — a batch's multi-row INSERT has thousands of parameters.
 */
const statementNames = new Map<string, string>();
function pgStatement(sql: string, params: readonly SqlValue[]): pg.QueryConfig {
  const text = toPostgresPlaceholders(sql);
  if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(text)) return { text, values: [...params] };
  let name = statementNames.get(text);
  if (!name) {
    name = `hq_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (statementNames.size < 2_000) statementNames.set(text, name);
  }
  return { name, text, values: [...params] };
}

function pgQueryable(client: pg.Pool | pg.PoolClient): HqQueryable {
  return {
    async query<T extends Row>(sql: string, params: readonly SqlValue[] = []) {
      const result = await client.query(pgStatement(sql, params));
      return result.rows as T[];
    },
    async execute(sql: string, params: readonly SqlValue[] = []) {
      const result = await client.query(pgStatement(sql, params));
      return { rowCount: result.rowCount ?? 0 };
    },
  };
}

export interface PostgresOptions {
  connectionString: string;
  /** A schema to work in (created when missing); tests use one per run so they never see each other's rows. */
  schema?: string;
  maxConnections?: number;
}

export async function openPostgresHqDatabase(options: PostgresOptions): Promise<HqDatabase> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('invalid schema name');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reports the error instead.
  pool.on('error', () => undefined);
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const direct = pgQueryable(pool);
  return {
    dialect: 'postgres',
    query: direct.query,
    execute: direct.execute,
    async transaction(fn) {
      const client = await pool.connect();
      let savepoints = 0;
      const tx: HqTransaction = {
        ...pgQueryable(client),
        async savepoint(inner) {
          const name = `item_${++savepoints}`;
          await client.query(`SAVEPOINT ${name}`);
          try {
            const result = await inner();
            await client.query(`RELEASE SAVEPOINT ${name}`);
            return result;
          } catch (error) {
            // PostgreSQL refuses every statement after an error until the transaction rolls back to a savepoint.
            await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
            throw error;
          }
        },
      };
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export interface HqMigration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+?)(?:\.(sqlite|postgres))?\.sql$/;

/**
 * Reads hq/migrations: `NNN_name.sql` runs on both engines; `NNN_name.sqlite.sql` / `NNN_name.postgres.sql`
 * replace it on one engine when a statement cannot be shared.
 */
export function loadHqMigrations(dir: string, dialect: HqDatabase['dialect']): HqMigration[] {
  const byVersion = new Map<number, HqMigration & { specific: boolean }>();
  for (const file of readdirSync(dir)) {
    const match = MIGRATION_FILE.exec(file);
    if (!match) continue;
    const target = match[3];
    if (target !== undefined && target !== dialect) continue;
    const version = Number(match[1]);
    const specific = target !== undefined;
    const existing = byVersion.get(version);
    if (existing && existing.specific === specific) throw new Error(`two HQ migrations share version ${version}`);
    if (existing?.specific) continue;
    byVersion.set(version, { version, name: match[2]!, sql: readFileSync(join(dir, file), 'utf8'), specific });
  }
  return [...byVersion.values()]
    .sort((a, b) => a.version - b.version)
    .map(({ version, name, sql }) => ({ version, name, sql }));
}

export const HQ_MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Applies each migration newer than the last recorded one, each in its own transaction with its record. */
export async function migrateHq(db: HqDatabase, migrations = loadHqMigrations(fileURLToPath(HQ_MIGRATIONS_DIR), db.dialect)) {
  await db.execute(
    'CREATE TABLE IF NOT EXISTS hq_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const rows = await db.query<{ version: number | string }>('SELECT version FROM hq_schema_migrations');
  const applied = new Set(rows.map((r) => Number(r.version)));
  const latest = migrations.at(-1)?.version ?? 0;
  const newest = Math.max(0, ...applied);
  if (newest > latest) throw new Error(`HQ schema version ${newest} is newer than this build (${latest})`);
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(migration.sql)) await tx.execute(statement);
      await tx.execute('INSERT INTO hq_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
    });
  }
}

/** Migrations hold plain DDL without semicolons inside literals, so splitting on `;` is safe and keeps pg happy. */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
