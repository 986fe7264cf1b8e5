import { Migration } from '@ilm/storage';

export const GATEWAY_SCHEMA = 'gateway';

export const GATEWAY_MIGRATIONS: Migration[] = [
  {
    id: '001-commands',
    sql: `
      -- upstream commands seen, by message id, with their reply: a message seen before is not applied twice
      CREATE TABLE gateway.commands (
        workspace_id text NOT NULL,
        message_id text NOT NULL,
        routing_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('processing', 'done')),
        reply jsonb,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        -- serves: CommandsRepository.claim / finish / release (one row per workspace and message id)
        PRIMARY KEY (workspace_id, message_id)
      );`,
  },
];
