import { Migration } from '@ilm/storage';

export const INTEGRATIONS_SCHEMA = 'integrations';

export const INTEGRATIONS_MIGRATIONS: Migration[] = [
  {
    id: '001-integrations',
    sql: `
      CREATE TABLE integrations.integrations (
        workspace_id text NOT NULL,
        id uuid NOT NULL,
        environment text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        tree char(64) NOT NULL,
        resource_count integer NOT NULL,
        version integer NOT NULL,
        source jsonb,
        -- millisecond precision: list cursors carry ISO timestamps
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        -- serves: IntegrationsRepository.find / compareAndSet (every read and write of live state)
        PRIMARY KEY (workspace_id, id)
      );
      -- serves: IntegrationsRepository.list (keyset paging by creation order, live ones only)
      CREATE INDEX integrations_list ON integrations.integrations (workspace_id, created_at, id) WHERE deleted_at IS NULL;

      CREATE TABLE integrations.credentials (
        workspace_id text NOT NULL,
        integration_id uuid NOT NULL,
        resource_key text NOT NULL,
        sealed text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- serves: CredentialsRepository.keysWithCredentials / upsert / remove
        PRIMARY KEY (workspace_id, integration_id, resource_key)
      );

      CREATE TABLE integrations.state_commits (
        workspace_id text NOT NULL,
        operation_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- serves: IntegrationsRepository.commitHead (idempotent replays of reverts / merges)
        PRIMARY KEY (workspace_id, operation_id)
      );`,
  },
];
