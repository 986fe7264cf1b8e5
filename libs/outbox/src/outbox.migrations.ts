import type { Migration } from '@ilm/storage';

/** The outbox of a service's schema: events written in the transaction of their change. */
export function outboxMigrations(schema: string): Migration[] {
  return [
    {
      id: 'outbox-001',
      sql: `
        CREATE TABLE ${schema}.outbox (
          seq bigserial PRIMARY KEY,
          -- the event id consumers dedupe on
          id uuid NOT NULL UNIQUE,
          routing_key text NOT NULL,
          body jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          published_at timestamptz
        );
        -- serves: OutboxRelay.drain (what is still to publish, oldest first)
        CREATE INDEX outbox_unpublished ON ${schema}.outbox (seq) WHERE published_at IS NULL;`,
    },
  ];
}
