import { execFileSync } from 'node:child_process';
import * as amqp from 'amqplib';
import { AMQP_URL } from './stack';

/**
 * Sees every message body published on the broker (RabbitMQ's firehose), so a
 * test can prove what never crosses the wire. Needs rabbitmqctl on this machine.
 */
export class BrokerTap {
  readonly bodies: string[] = [];
  private conn?: amqp.ChannelModel;

  async start(): Promise<void> {
    execFileSync('rabbitmqctl', ['trace_on'], { stdio: 'ignore' });
    this.conn = await amqp.connect(AMQP_URL);
    const ch = await this.conn.createChannel();
    const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
    await ch.bindQueue(queue, 'amq.rabbitmq.trace', 'publish.#');
    await ch.consume(queue, (m) => m && this.bodies.push(m.content.toString('utf8') + JSON.stringify(m.properties.headers ?? {})), { noAck: true });
  }

  async stop(): Promise<void> {
    await this.conn?.close().catch(() => undefined);
    execFileSync('rabbitmqctl', ['trace_off'], { stdio: 'ignore' });
  }
}
