import { Inject, Injectable } from '@nestjs/common';
import type { Actor, DomainEvent, EventType } from '@ilm/contracts';
import { EventPublisher, NewEvent } from '@ilm/messaging';
import { Pool } from 'pg';
import { TxWork, inTransaction } from '@ilm/storage';
import { OutboxRelay } from './outbox-relay';
import { OUTBOX_SCHEMA_NAME } from './tokens';

/**
 * How a service publishes its events (issue 5, SPEC §7): the event is written
 * to the service's outbox in the same transaction as its change, so it exists
 * if and only if the change committed; the relay publishes it afterwards, at
 * least once, with the event id for consumers to dedupe on.
 */
@Injectable()
export class EventOutbox {
  constructor(
    @Inject(OUTBOX_SCHEMA_NAME) private readonly schema: string,
    @Inject(Pool) private readonly pool: Pool,
    private readonly relay: OutboxRelay,
  ) {}

  event<D>(event: NewEvent<D>): DomainEvent<D> {
    return EventPublisher.build(event);
  }

  /** A successful change made by `actor` in its workspace. */
  change<D>(actor: Actor, type: EventType, action: string, target: { type: string; id: string | null }, data?: D): DomainEvent<D> {
    return this.event({ type, workspaceId: actor.workspaceId, actor: { userId: actor.userId, tokenId: actor.tokenId ?? null }, action, target, data });
  }

  /** Writes the events inside the caller's transaction. */
  write(...events: DomainEvent[]): TxWork {
    return async (client) => {
      for (const e of events) {
        await client.query(`INSERT INTO ${this.schema}.outbox (id, routing_key, body) VALUES ($1, $2, $3)`, [e.id, e.type, JSON.stringify(e)]);
      }
    };
  }

  /** Events of no change of this service's (a refused attempt): written on their own, as durably. */
  async record(...events: DomainEvent[]): Promise<void> {
    await inTransaction(this.pool, this.write(...events));
    this.committed();
  }

  /** After a commit: publish now rather than at the relay's next round. */
  committed(): void {
    this.relay.kick();
  }
}
