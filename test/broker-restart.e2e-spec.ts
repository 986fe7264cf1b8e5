import { execFileSync } from 'node:child_process';
import * as amqp from 'amqplib';
import { Api } from './support/api';
import { AMQP_URL, Stack } from './support/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const COMMANDS = 300;

function rabbitmqctl(...args: string[]): void {
  execFileSync('rabbitmqctl', args, { stdio: 'ignore', timeout: 60_000 });
}

/** Makes sure the broker runs again, whatever happened to the test. */
async function ensureBrokerUp(): Promise<void> {
  try {
    rabbitmqctl('start_app');
  } catch {
    /* already running */
  }
  rabbitmqctl('await_startup', '--timeout', '60');
}

/**
 * An upstream system that never gives up on a command: it publishes with
 * confirms and, when the broker is away, reconnects and publishes the same
 * message again (same message id) until it is confirmed.
 */
class PersistentPublisher {
  private conn?: amqp.ChannelModel;
  private ch?: amqp.ConfirmChannel;
  republished = 0;

  constructor(private readonly exchange: string, private readonly token: string) {}

  async send(messageId: string, body: unknown): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (!this.ch) {
          this.conn = await amqp.connect(AMQP_URL);
          this.conn.on('error', () => undefined);
          this.ch = await this.conn.createConfirmChannel();
          this.ch.on('error', () => undefined);
          this.ch.on('close', () => (this.ch = undefined));
        }
        if (attempt > 0) this.republished++;
        const ch = this.ch;
        await new Promise<void>((resolve, reject) =>
          ch.publish(this.exchange, 'integration.resource.upsert', Buffer.from(JSON.stringify(body)), {
            persistent: true, messageId, headers: { authorization: `Bearer ${this.token}` }, contentType: 'application/json',
          }, (err) => (err ? reject(err) : resolve())),
        );
        return;
      } catch {
        this.ch = undefined;
        await this.conn?.close().catch(() => undefined);
        await sleep(200);
      }
    }
  }

  async close(): Promise<void> {
    await this.conn?.close().catch(() => undefined);
  }
}

describe('RabbitMQ restarts while commands flow', () => {
  let stack: Stack;
  let api: Api;

  beforeAll(async () => {
    stack = await Stack.start();
    api = new Api(stack.url, stack.token);
  });

  afterAll(async () => {
    await ensureBrokerUp();
    await stack?.stop();
  });

  it('reconnects every service by itself and applies every confirmed command exactly once', async () => {
    const id = (await api.post('/v1/integrations', { name: 'through the outage', environment: 'sandbox' })).body.id;
    const publisher = new PersistentPublisher(`${stack.namespace}ilm.commands`, stack.token);
    try {
      let restart: Promise<void> | undefined;
      for (let i = 0; i < COMMANDS; i++) {
        await publisher.send(`flow-${i}`, { integrationId: id, key: `k-${i}`, resource: { type: 'script', name: `K ${i}`, code: `${i}` } });
        if (i === 100) {
          restart = (async () => {
            rabbitmqctl('stop_app');
            await sleep(2000);
            await ensureBrokerUp();
          })();
        }
        if (i > 100 && i < 140) await sleep(50); // keep publishing while the broker is down and coming back
      }
      await restart;
    } finally {
      await publisher.close();
      await ensureBrokerUp();
    }

    // everything confirmed is applied, once: one version per resource, none twice
    let integration: any;
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await sleep(500)) {
      const res = await api.get(`/v1/integrations/${id}`);
      if (res.status === 200) {
        integration = res.body;
        if (integration.resources.length >= COMMANDS) break;
      }
    }
    expect(integration.resources).toHaveLength(COMMANDS);
    expect(integration.version).toBe(1 + COMMANDS);
    expect(publisher.republished).toBeGreaterThan(0);
    // every service answers again without having been restarted
    await stack.waitForReady(30_000);
    for (const [name, child] of stack.children) expect({ name, exited: child.exitCode }).toEqual({ name, exited: null });
    Api.expectStatus(await api.post(`/v1/integrations/${id}/snapshots`, { description: 'after the outage' }), 201);
  });
});
