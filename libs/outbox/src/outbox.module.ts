import { DynamicModule, Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';
import { OutboxRelay } from './outbox-relay';
import { OUTBOX_SCHEMA_NAME } from './tokens';

/** A service's outbox and its relay, over the service's own schema (migrated by StorageModule). */
@Module({})
export class OutboxModule {
  static forSchema(schema: string): DynamicModule {
    return {
      module: OutboxModule,
      providers: [
        { provide: OUTBOX_SCHEMA_NAME, useValue: schema },
        OutboxRelay,
        EventOutbox,
      ],
      exports: [EventOutbox, OutboxRelay],
    };
  }
}
