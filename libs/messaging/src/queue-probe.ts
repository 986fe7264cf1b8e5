import * as amqp from 'amqplib';
import { amqpUrl } from './names';

const FRESH_MS = 500;

/**
 * Tells whether anybody consumes a queue, so a call to a stopped service fails
 * at once with 503 instead of waiting out its timeout. Answers are reused for
 * half a second; any broker trouble counts as "nobody there".
 */
export class QueueProbe {
  private conn?: Promise<amqp.ChannelModel>;
  private channel?: Promise<amqp.Channel>;
  private readonly answers = new Map<string, { at: number; consumers: boolean }>();

  async hasConsumers(queue: string): Promise<boolean> {
    const cached = this.answers.get(queue);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.consumers;
    let consumers = false;
    try {
      const ch = await this.openChannel();
      consumers = (await ch.checkQueue(queue)).consumerCount > 0;
    } catch {
      this.channel = undefined;
    }
    this.answers.set(queue, { at: Date.now(), consumers });
    return consumers;
  }

  /** Depth and consumers of a queue, or undefined when it does not exist or the broker is away. */
  async stats(queue: string): Promise<{ messages: number; consumers: number } | undefined> {
    try {
      const ch = await this.openChannel();
      const q = await ch.checkQueue(queue);
      return { messages: q.messageCount, consumers: q.consumerCount };
    } catch {
      this.channel = undefined;
      return undefined;
    }
  }

  private openChannel(): Promise<amqp.Channel> {
    if (!this.conn) {
      this.conn = amqp.connect(amqpUrl(), { noDelay: true }).then((c) => {
        c.on('error', () => undefined);
        c.on('close', () => {
          this.conn = undefined;
          this.channel = undefined;
        });
        return c;
      });
      this.conn.catch(() => (this.conn = undefined));
    }
    if (!this.channel) {
      this.channel = this.conn.then(async (c) => {
        const ch = await c.createChannel();
        ch.on('error', () => undefined);
        ch.on('close', () => (this.channel = undefined));
        return ch;
      });
      this.channel.catch(() => (this.channel = undefined));
    }
    return this.channel;
  }

  async close(): Promise<void> {
    const conn = await this.conn?.catch(() => undefined);
    this.conn = undefined;
    await conn?.close().catch(() => undefined);
  }
}
