import { Pool } from 'pg';

/** Every row of every table of the database as text: to prove a value is stored nowhere. */
export async function dumpDatabase(pool: Pool): Promise<string> {
  const tables = await pool.query(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const { table_schema, table_name } of tables.rows) {
    const res = await pool.query(`SELECT t::text AS row FROM "${table_schema}"."${table_name}" t`);
    for (const r of res.rows) parts.push(`${table_schema}.${table_name} ${r.row}`);
  }
  return parts.join('\n');
}
