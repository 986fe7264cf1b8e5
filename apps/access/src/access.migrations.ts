import { Migration } from '@ilm/storage';

export const ACCESS_SCHEMA = 'access';

export const ACCESS_MIGRATIONS: Migration[] = [
  {
    id: '001-access',
    sql: `
      CREATE TABLE access.workspaces (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE access.users (
        workspace_id uuid NOT NULL REFERENCES access.workspaces (id),
        id uuid NOT NULL,
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- serves: UsersRepository.find (actor lookup after authentication)
        PRIMARY KEY (workspace_id, id),
        UNIQUE (workspace_id, email)
      );
      CREATE TABLE access.tokens (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        user_id uuid NOT NULL,
        name text NOT NULL,
        -- SHA-256 of the token; the token itself is never stored
        token_hash char(64) NOT NULL,
        scopes jsonb,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (workspace_id, user_id) REFERENCES access.users (workspace_id, id)
      );
      -- serves: TokensRepository.findByHash (every authenticated request)
      CREATE UNIQUE INDEX tokens_hash ON access.tokens (token_hash);
      -- serves: TokensRepository.countForUser (first-start bootstrap)
      CREATE INDEX tokens_user ON access.tokens (workspace_id, user_id);`,
  },
];
