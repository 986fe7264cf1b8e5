import { Pool } from 'pg';

export interface Migration {
  id: string;
  sql: string;
}

/**
 * Applies a service's migrations in order, once each, under an advisory lock so
 * that services starting together never race. Each service owns one schema.
 */
export async function migrate(pool: Pool, schema: string, migrations: Migration[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`ilm-migrate`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set((await client.query(`SELECT id FROM ${schema}.migrations`)).rows.map((r) => r.id as string));
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO ${schema}.migrations (id) VALUES ($1)`, [m.id]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`ilm-migrate`]).catch(() => undefined);
    client.release();
  }
}
