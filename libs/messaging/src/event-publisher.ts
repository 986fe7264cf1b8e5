import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventType, Outcome, EventActor } from '@ilm/contracts';
import { connectBroker } from './broker-connection';
import { currentCorrelationId } from './correlation';
import { CORRELATION_HEADER, eventsExchange } from './names';

export interface NewEvent<D> {
  type: EventType;
  workspaceId: string | null;
  actor: EventActor;
  action: string;
  target: { type: string; id: string | null };
  outcome?: Outcome;
  data?: D;
}

/**
 * Publishes domain events to the `ilm.events` topic exchange, persistent and
 * with publisher confirms. Events are published after their change committed;
 * a broker outage queues them in memory until it is back (amqp-connection-manager).
 */
@Injectable()
export class EventPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('events');
  private readonly connection: AmqpConnectionManager;
  private readonly channel: ChannelWrapper;

  constructor() {
    this.connection = connectBroker();
    this.channel = this.connection.createChannel({
      json: false,
      confirm: true,
      setup: (ch: ConfirmChannel) => ch.assertExchange(eventsExchange(), 'topic', { durable: true }),
    });
  }

  static build<D>(event: NewEvent<D>): DomainEvent<D> {
    return {
      id: randomUUID(),
      type: event.type,
      occurredAt: new Date().toISOString(),
      workspaceId: event.workspaceId,
      actor: event.actor,
      action: event.action,
      target: event.target,
      outcome: event.outcome ?? 'success',
      correlationId: currentCorrelationId() ?? null,
      data: (event.data ?? {}) as D,
    };
  }

  /** Never throws: a change that committed is not undone because its event could not be sent. */
  async publish<D>(event: NewEvent<D> | DomainEvent<D>): Promise<void> {
    const full = 'id' in event ? event : EventPublisher.build(event);
    try {
      await this.channel.publish(eventsExchange(), full.type, Buffer.from(JSON.stringify(full)), {
        persistent: true,
        messageId: full.id,
        type: full.type,
        contentType: 'application/json',
        headers: full.correlationId ? { [CORRELATION_HEADER]: full.correlationId } : {},
      });
    } catch (err) {
      this.logger.warn(`event ${full.type} ${full.id} not published: ${(err as Error)?.message ?? err}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}
