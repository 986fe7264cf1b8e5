/**
 * `npm start`: every ILM service in one foreground command, with an embedded
 * PostgreSQL unless DATABASE_URL is set and a local RabbitMQ unless AMQP_URL is
 * set. Ctrl-C / SIGTERM stops everything it started; data stays under .ilm/.
 */
import { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { EmbeddedDb, startEmbeddedPostgres } from './stack/embedded-db';
import { RABBITMQ_HINT, ensureLocalRabbit } from './stack/rabbitmq';
import { SERVICE_NAMES, StackService, projectRoot, spawnService, stopProcess, waitForReady } from './stack/services';
import { sleep } from './stack/net';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exitHook: (fn: (done: () => void) => void) => void = require('async-exit-hook');

const root = projectRoot();
const dataDir = resolve(process.cwd(), '.ilm');
const log = (line: string) => process.stdout.write(`[ilm] ${line}\n`);

interface LocalSecrets {
  credentialsKey: string;
  dbPassword: string;
}

function localSecrets(): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = { credentialsKey: randomBytes(32).toString('base64'), dbPassword: randomBytes(18).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const secrets = localSecrets();
  let db: EmbeddedDb | undefined;
  let rabbit: ChildProcess | undefined;
  const children = new Map<StackService, ChildProcess>();
  let stopping = false;

  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping ...');
    // the gateway first, so no new work arrives while the others stop
    await stopProcess(children.get('gateway'));
    await Promise.all([...children.entries()].filter(([n]) => n !== 'gateway').map(([, c]) => stopProcess(c)));
    if (db) await db.stop().catch(() => undefined);
    if (rabbit) await stopProcess(rabbit, 15_000);
    log('stopped');
  };
  exitHook((done) => void shutdown().finally(done));
  // `npm start` runs this under `sh -c`; a SIGTERM to npm kills the shell but is not
  // passed on, leaving this process orphaned: its parent changing means stop.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 500).unref();

  let amqpUrl = process.env.AMQP_URL;
  if (!amqpUrl) {
    try {
      rabbit = await ensureLocalRabbit(log);
    } catch (err) {
      console.error((err as Error).message === RABBITMQ_HINT ? RABBITMQ_HINT : `[ilm] ${(err as Error).message}`);
      process.exit(1);
    }
    amqpUrl = 'amqp://guest:guest@127.0.0.1:5672';
  }
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    db = await startEmbeddedPostgres(join(dataDir, 'pg'), secrets.dbPassword, log);
    databaseUrl = db.url;
  }

  const port = Number(process.env.GATEWAY_PORT ?? 3000);
  const firstToken = process.env.ILM_ADMIN_TOKEN ? undefined : `ilm_${randomBytes(32).toString('base64url')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AMQP_URL: amqpUrl,
    GATEWAY_PORT: String(port),
    ILM_CREDENTIALS_KEY: process.env.ILM_CREDENTIALS_KEY ?? secrets.credentialsKey,
    ...(firstToken ? { ILM_FIRST_TOKEN: firstToken } : {}),
  };

  // each service's health and metrics on the ports after the gateway's: 3001 access, 3002 integrations, 3003 revisions
  const opsPort = (name: StackService) => (name === 'gateway' ? undefined : port + 1 + SERVICE_NAMES.indexOf(name));
  const start = (name: StackService) => {
    const ops = opsPort(name);
    const child = spawnService(root, name, { ...env, ...(ops ? { ILM_OPS_PORT: String(ops) } : {}) }, (line) => process.stdout.write(`[${name}] ${line}\n`));
    children.set(name, child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      log(`${name} exited (${signal ?? code}); restarting in 1 s`);
      void sleep(1000).then(() => !stopping && start(name));
    });
  };
  for (const name of SERVICE_NAMES) start(name);

  const url = `http://127.0.0.1:${port}`;
  await waitForReady(url, 90_000);
  log(`ILM is running: ${url}  (API docs: ${url}/docs)`);
  log(`service health and metrics: ${SERVICE_NAMES.filter((n) => n !== 'gateway').map((n) => `${n} http://127.0.0.1:${opsPort(n)}/metrics`).join(', ')}`);
  if (process.env.ILM_ADMIN_TOKEN) {
    log('token: the value of ILM_ADMIN_TOKEN');
  } else {
    const works = (await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${firstToken}` } })).status === 200;
    if (works) log(`token (shown once, stored only as a hash): ${firstToken}`);
    else log('token: the one printed at the first start (set ILM_ADMIN_TOKEN to choose one)');
  }
  log('Ctrl-C stops everything');
}

main().catch((err) => {
  console.error(`[ilm] failed to start: ${(err as Error)?.message ?? err}`);
  process.exit(1);
});
