import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { Pool } from 'pg';
import { Gauge } from 'prom-client';
import { CORRELATION_HEADER, connectBroker, eventsExchange, metricsRegistry } from '@ilm/messaging';
import { OUTBOX_SCHEMA_NAME } from './tokens';

const BATCH = 200;
const INTERVAL_MS = 250;
/** `ILM_OUTBOX_RELAY=off` keeps events in the outbox (maintenance of the broker, say); they go out once it is on again. */
const RELAY_ON = process.env.ILM_OUTBOX_RELAY !== 'off';

/**
 * Publishes what the outbox holds, oldest first, with publisher confirms, then
 * marks it published. A crash between the two publishes it again on restart:
 * at-least-once, never lost; rows are locked while published so two instances
 * never send the same batch together.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox');
  private connection?: AmqpConnectionManager;
  private channel?: ChannelWrapper;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    @Inject(OUTBOX_SCHEMA_NAME) private readonly schema: string,
  ) {}

  onApplicationBootstrap(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const relay = this;
    new Gauge({
      name: 'ilm_outbox_pending_events',
      help: 'Events committed but not yet published',
      registers: [metricsRegistry],
      collect: async function (this: Gauge) {
        this.set((await relay.lag().catch(() => ({ pending: -1 }))).pending);
      },
    });
    new Gauge({
      name: 'ilm_outbox_lag_seconds',
      help: 'Age of the oldest event not yet published',
      registers: [metricsRegistry],
      collect: async function (this: Gauge) {
        this.set((await relay.lag().catch(() => ({ oldestSeconds: -1 }))).oldestSeconds);
      },
    });
    if (!RELAY_ON) {
      this.logger.warn('outbox relay is off (ILM_OUTBOX_RELAY=off): events stay in the outbox');
      return;
    }
    this.connection = connectBroker();
    this.channel = this.connection.createChannel({
      confirm: true,
      setup: (ch: ConfirmChannel) => ch.assertExchange(eventsExchange(), 'topic', { durable: true }),
    });
    this.timer = setInterval(() => this.kick(), INTERVAL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Drains now (or right after the drain under way). */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err) => this.logger.warn(`outbox not drained: ${(err as Error)?.message ?? err}`))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** How many events wait to be published, and the age of the oldest (for /metrics). */
  async lag(): Promise<{ pending: number; oldestSeconds: number }> {
    const res = await this.pool.query(
      `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
         FROM ${this.schema}.outbox WHERE published_at IS NULL`,
    );
    return { pending: res.rows[0].n, oldestSeconds: res.rows[0].age };
  }

  private async drain(): Promise<void> {
    if (!this.channel) return;
    for (;;) {
      const client = await this.pool.connect();
      let sent = 0;
      try {
        await client.query('BEGIN');
        const rows = (
          await client.query(
            `SELECT id, routing_key, body FROM ${this.schema}.outbox WHERE published_at IS NULL
              ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          )
        ).rows;
        await Promise.all(
          rows.map((r) =>
            this.channel!.publish(eventsExchange(), r.routing_key, Buffer.from(JSON.stringify(r.body)), {
              persistent: true,
              messageId: r.id,
              type: r.routing_key,
              contentType: 'application/json',
              headers: r.body.correlationId ? { [CORRELATION_HEADER]: r.body.correlationId } : {},
            }),
          ),
        );
        if (rows.length > 0) {
          await client.query(`UPDATE ${this.schema}.outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
        }
        await client.query('COMMIT');
        sent = rows.length;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      if (sent < BATCH) return;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
    await this.channel?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}
