/**
 * Multi-row INSERT for ingest (B-09 throughput): a batch of 100 settlements is a handful of statements instead of
 * hundreds, which is what makes PostgreSQL fast over a network round trip per statement. Table and column names come
 * from the code that calls this, never from input.
 */
import type { HqQueryable, Row, SqlValue } from './db.ts';

/** Below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement. */
const MAX_PARAMETERS = 30_000;
/** Keeps the number of distinct statement texts (and so prepared statements) small. */
const MAX_ROWS = 500;

export interface InsertOptions {
  /** e.g. `(kind, id) DO NOTHING` */
  onConflict?: string;
  /** e.g. `kind, id`: the inserted rows' columns are returned (rows skipped by ON CONFLICT are not). */
  returning?: string;
}

export async function insertRows(
  db: HqQueryable,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  options: InsertOptions = {},
): Promise<Row[]> {
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const returned: Row[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const sql =
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}` +
      (options.onConflict ? ` ON CONFLICT ${options.onConflict}` : '') +
      (options.returning ? ` RETURNING ${options.returning}` : '');
    const params = chunk.flat();
    if (options.returning) returned.push(...(await db.query(sql, params)));
    else await db.execute(sql, params);
  }
  return returned;
}

/** `?, ?, ?` for an IN list of n values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Splits values into chunks small enough for one statement's parameters. */
export function chunked<T>(values: readonly T[], size = 1_000): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}
