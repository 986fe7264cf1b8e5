import { Pool, PoolClient } from 'pg';
import { DomainError } from '@ilm/contracts';

/** Connection errors (server down, refused, reset) are retryable: callers get 503, not 500. */
const TRANSIENT_PG_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && (TRANSIENT_PG_CODES.has(e.code) || TRANSIENT_NODE_CODES.has(e.code))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(e?.message ?? '');
}

export function createPool(databaseUrl: string, max = 10): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max,
    // a request that cannot get a connection fails fast (503) instead of hanging
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 30_000,
  });
  // an idle client losing its server must not crash the process
  pool.on('error', () => undefined);
  return pool;
}

/** Where a repository runs a statement: the pool, or a caller's transaction. */
export type Queryable = Pool | PoolClient;

/** Work done inside a caller's transaction (credentials, commit records, outbox events). */
export type TxWork = (client: PoolClient) => Promise<void>;

/** Several pieces of work, in order, in the same transaction. */
export function allWork(...works: (TxWork | undefined)[]): TxWork | undefined {
  const real = works.filter((w): w is TxWork => w !== undefined);
  if (real.length === 0) return undefined;
  return async (client) => {
    for (const w of real) await w(client);
  };
}

/**
 * One statement and the work that must commit with it (its events, say), in a
 * transaction: `then` gets the statement's first row.
 */
export async function withWork<R>(pool: Pool, sql: string, params: unknown[], toRow: (r: Record<string, any>) => R, then?: (row: R) => TxWork | undefined): Promise<R | undefined> {
  if (!then) {
    const res = await queryOrUnavailable(pool, sql, params);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }
  return inTransaction(pool, async (client) => {
    const res = await client.query(sql, params);
    if (!res.rows[0]) return undefined;
    const row = toRow(res.rows[0]);
    await then(row)?.(client);
    return row;
  });
}

/** Runs `work` in a transaction; rolls back on any error. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw asServiceError(err);
  }
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw asServiceError(err);
  } finally {
    client.release();
  }
}

/** Maps a lost database to the retryable `service_unavailable`; other errors pass unchanged. */
export function asServiceError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  if (isTransientDbError(err)) return new DomainError('service_unavailable', 'database unavailable, retry later');
  return err;
}

/** One query; a lost database becomes the retryable `service_unavailable` (503), never a 500. */
export async function queryOrUnavailable(pool: Queryable, sql: string, params: unknown[]) {
  try {
    return await pool.query(sql, params);
  } catch (err) {
    throw asServiceError(err);
  }
}

export async function isDatabaseReachable(pool: Pool): Promise<boolean> {
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL unique-violation, for insert races. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}
