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
  {
    id: '002-grants-audit',
    sql: `
      CREATE TABLE access.grants (
        workspace_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        user_id uuid NOT NULL,
        level text NOT NULL CHECK (level IN ('monitor', 'manage')),
        granted_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- serves: GrantsRepository.levels / put / remove / list (one integration's grants)
        PRIMARY KEY (workspace_id, integration_id, user_id),
        FOREIGN KEY (workspace_id, user_id) REFERENCES access.users (workspace_id, id)
      );
      -- serves: GrantsRepository.integrationsOf (what a member may list)
      CREATE INDEX grants_by_user ON access.grants (workspace_id, user_id);

      CREATE TABLE access.audit (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        workspace_id uuid,
        at timestamptz NOT NULL,
        type text NOT NULL,
        action text NOT NULL,
        outcome text NOT NULL,
        actor_user_id text,
        actor_token_id text,
        actor_client text,
        target_type text NOT NULL,
        target_id text,
        correlation_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      -- serves: AuditRepository.append (an event delivered twice is written once)
      CREATE UNIQUE INDEX audit_event ON access.audit (event_id);
      -- serves: AuditRepository.list (a workspace's log, newest first, keyset paged)
      CREATE INDEX audit_by_workspace ON access.audit (workspace_id, seq DESC);

      -- append-only: no row of the audit log is ever changed or removed
      CREATE FUNCTION access.audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
      CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON access.audit
        FOR EACH ROW EXECUTE FUNCTION access.audit_is_append_only();
      CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON access.audit
        FOR EACH STATEMENT EXECUTE FUNCTION access.audit_is_append_only();`,
  },
];
