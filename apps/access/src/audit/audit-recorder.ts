import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { DomainEvent, EVENT_TYPES } from '@ilm/contracts';
import { amqpNamespace, connectBroker, deadLetter, deadLetterQueue, eventsExchange, settleSafely } from '@ilm/messaging';
import { AuditRepository } from './audit.repository';

export const auditQueue = (): string => `${amqpNamespace()}ilm.access.audit`;

const isEvent = (v: any): v is DomainEvent =>
  v && typeof v === 'object' && typeof v.id === 'string' && (EVENT_TYPES as readonly string[]).includes(v.type) &&
  typeof v.action === 'string' && v.actor && typeof v.actor === 'object' && v.target && typeof v.target.type === 'string';

/**
 * Writes the audit log from the events every service publishes, so no service
 * can forget to audit a change: the log is a consumer of `ilm.events`, with its
 * own durable queue. A database outage leaves events in the queue (nack with
 * requeue after a pause); an event that is not one goes to the DLQ.
 */
@Injectable()
export class AuditRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('audit');
  private connection?: AmqpConnectionManager;
  private channel?: ChannelWrapper;

  constructor(private readonly audit: AuditRepository) {}

  onApplicationBootstrap(): void {
    this.connection = connectBroker();
    this.channel = this.connection.createChannel({
      setup: async (ch: ConfirmChannel) => {
        const queue = auditQueue();
        await ch.assertExchange(eventsExchange(), 'topic', { durable: true });
        await ch.assertQueue(queue, { durable: true });
        await ch.assertQueue(deadLetterQueue(queue), { durable: true });
        await ch.bindQueue(queue, eventsExchange(), '#');
        await ch.prefetch(64);
        await ch.consume(queue, (m) => m && void this.handle(ch, m));
      },
    });
  }

  private async handle(ch: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    let event: unknown;
    try {
      event = JSON.parse(message.content.toString('utf8'));
    } catch {
      event = undefined;
    }
    if (!isEvent(event)) {
      deadLetter(ch, message, deadLetterQueue(auditQueue()), 'malformed_message', 'not an ILM domain event');
      return;
    }
    try {
      await this.audit.append(event);
      settleSafely(() => ch.ack(message));
    } catch (err) {
      this.logger.warn(`audit write failed, will retry: ${(err as Error)?.message ?? err}`);
      setTimeout(() => settleSafely(() => ch.nack(message, false, true)), 1000).unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}
