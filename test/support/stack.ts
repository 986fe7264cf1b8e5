import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as amqp from 'amqplib';
import { Client, Pool } from 'pg';
import { freePort, waitFor } from '../../scripts/stack/net';
import { SERVICE_NAMES, StackService, projectRoot, spawnService, stopProcess, waitForReady } from '../../scripts/stack/services';

export const ROOT = projectRoot();
export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
/** A server the tests may create and drop databases on (this machine's own PostgreSQL by default). */
const ADMIN_PG_URL = process.env.ILM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The real system for one test file: the four built services as processes, a
 * fresh database, and broker names under a namespace of its own. `stop()`
 * removes all of it: processes, database, queues.
 */
export class Stack {
  readonly logs: { service: StackService; line: string }[] = [];
  readonly children = new Map<StackService, ChildProcess>();
  /** each service's health and metrics port (the gateway serves its own on `url`) */
  readonly opsPorts = new Map<StackService, number>();
  pool!: Pool;

  private constructor(
    readonly url: string,
    readonly token: string,
    readonly databaseUrl: string,
    readonly databaseName: string,
    readonly namespace: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<Stack> {
    const id = randomBytes(4).toString('hex');
    const databaseName = `ilm_test_${id}`;
    const admin = new Client({ connectionString: ADMIN_PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const dbUrl = new URL(ADMIN_PG_URL);
    dbUrl.pathname = `/${databaseName}`;
    const port = await freePort();
    const token = `ilm_${randomBytes(32).toString('base64url')}`;
    const namespace = `test-${id}.`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      AMQP_URL,
      GATEWAY_PORT: String(port),
      ILM_ADMIN_TOKEN: token,
      ILM_CREDENTIALS_KEY: randomBytes(32).toString('base64'),
      ILM_AMQP_NAMESPACE: namespace,
      ...extraEnv,
    };
    const stack = new Stack(`http://127.0.0.1:${port}`, token, dbUrl.toString(), databaseName, namespace, env);
    stack.pool = new Pool({ connectionString: dbUrl.toString(), max: 2 });
    for (const name of SERVICE_NAMES) if (name !== 'gateway') stack.opsPorts.set(name, await freePort());
    try {
      for (const name of SERVICE_NAMES) stack.startService(name);
      await waitForReady(stack.url, 60_000);
    } catch (err) {
      await stack.stop();
      throw new Error(`stack did not start: ${(err as Error).message}\n${stack.logs.slice(-30).map((l) => `[${l.service}] ${l.line}`).join('\n')}`);
    }
    return stack;
  }

  startService(name: StackService, extraEnv: NodeJS.ProcessEnv = {}): void {
    const ops = this.opsPorts.get(name);
    const env = { ...this.env, ...(ops ? { ILM_OPS_PORT: String(ops) } : {}), ...extraEnv };
    const child = spawnService(ROOT, name, env, (line) => this.logs.push({ service: name, line }));
    this.children.set(name, child);
  }

  async stopService(name: StackService, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (signal === 'SIGKILL') {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    } else {
      await stopProcess(child);
    }
  }

  async restartService(name: StackService): Promise<void> {
    await this.stopService(name);
    this.startService(name);
    await waitForReady(this.url, 60_000);
  }

  /** Queue names of this stack (what the services use under its namespace). */
  queue(service: 'integrations' | 'revisions' | 'access'): string {
    return `${this.namespace}ilm.${service}`;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.values()].map((c) => stopProcess(c)));
    await this.pool?.end().catch(() => undefined);
    const admin = new Client({ connectionString: ADMIN_PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`);
    await admin.end();
    const conn = await amqp.connect(AMQP_URL);
    const ch = await conn.createChannel();
    const ns = this.namespace;
    for (const queue of [...(['integrations', 'revisions', 'access'] as const).map((s) => this.queue(s)), `${ns}ilm.access.audit`]) {
      await ch.deleteQueue(queue).catch(() => undefined);
      await ch.deleteQueue(`${queue}.dlq`).catch(() => undefined);
    }
    for (const queue of [`${ns}ilm.commands.in`, `${ns}ilm.commands.dlq`, `${ns}ilm.commands.retry`]) await ch.deleteQueue(queue).catch(() => undefined);
    for (const exchange of [`${ns}ilm.events`, `${ns}ilm.commands`, `${ns}ilm.commands.retry`]) await ch.deleteExchange(exchange).catch(() => undefined);
    await conn.close().catch(() => undefined);
  }

  allLogs(): string {
    return this.logs.map((l) => `[${l.service}] ${l.line}`).join('\n');
  }

  async waitForReady(timeoutMs = 60_000): Promise<void> {
    await waitFor('stack ready', async () => (await fetch(`${this.url}/health/ready`)).status === 200, timeoutMs, 200);
  }
}
