import { Migration } from '@ilm/storage';

export const REVISIONS_SCHEMA = 'revisions';

export const REVISIONS_MIGRATIONS: Migration[] = [
  {
    id: '001-revisions',
    sql: `
      CREATE TABLE revisions.revisions (
        workspace_id text NOT NULL,
        id uuid NOT NULL,
        integration_id uuid NOT NULL,
        seq integer NOT NULL,
        type text NOT NULL CHECK (type IN ('snapshot', 'pull', 'revert')),
        status text NOT NULL CHECK (status IN ('in_progress', 'completed', 'failed', 'canceled')),
        description text NOT NULL DEFAULT '',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        parents uuid[] NOT NULL DEFAULT '{}',
        summary jsonb NOT NULL,
        -- hash of the state object {name, description, settings, tree} in the object store
        state char(64) NOT NULL,
        operation_id uuid,
        failure_reason text,
        -- serves: RevisionsRepository.find (get one, diff)
        PRIMARY KEY (workspace_id, id)
      );
      -- serves: RevisionsRepository.list / latest / insert (newest first, next seq)
      CREATE UNIQUE INDEX revisions_by_seq ON revisions.revisions (workspace_id, integration_id, seq);
      -- serves: RevertService.recover (unfinished operations after a crash)
      CREATE INDEX revisions_in_progress ON revisions.revisions (status) WHERE status = 'in_progress';

      CREATE TABLE revisions.reverts (
        workspace_id text NOT NULL,
        id uuid NOT NULL,
        integration_id uuid NOT NULL,
        target_revision_id uuid NOT NULL,
        status text NOT NULL,
        base_version integer NOT NULL,
        preview_hash char(64) NOT NULL,
        changes jsonb NOT NULL,
        operation_id uuid NOT NULL,
        revision_id uuid,
        failure_reason text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- serves: RevertsRepository.find / update
        PRIMARY KEY (workspace_id, id)
      );
      -- serves: RevertService.recover (find the revert of an unfinished revision)
      CREATE UNIQUE INDEX reverts_by_operation ON revisions.reverts (operation_id);

      -- one lifecycle operation at a time per integration (SPEC §3)
      CREATE TABLE revisions.operation_locks (
        workspace_id text NOT NULL,
        integration_id uuid NOT NULL,
        operation_id uuid NOT NULL,
        kind text NOT NULL,
        acquired_at timestamptz NOT NULL DEFAULT now(),
        -- serves: OperationLocks.acquire (the uniqueness is the lock)
        PRIMARY KEY (workspace_id, integration_id)
      );`,
  },
  {
    id: '002-lineage-pulls',
    sql: `
      -- the parents a merge base is searched through; NULL: the same as parents. A revert's
      -- lineage is its target alone, so reverting a pull also forgets that the pull happened.
      ALTER TABLE revisions.revisions ADD COLUMN lineage uuid[];

      CREATE TABLE revisions.pulls (
        workspace_id text NOT NULL,
        id uuid NOT NULL,
        current_integration_id uuid NOT NULL,
        remote_integration_id uuid NOT NULL,
        base_revision_id uuid NOT NULL,
        current_snapshot_id uuid NOT NULL,
        remote_snapshot_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('in_progress', 'completed', 'failed', 'canceled')),
        description text NOT NULL DEFAULT '',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        resolutions jsonb NOT NULL DEFAULT '{}'::jsonb,
        approvals jsonb NOT NULL DEFAULT '[]'::jsonb,
        -- the last computed preview: changes, conflicts, merged state, and the live version it was computed on
        preview jsonb NOT NULL,
        preview_hash char(64) NOT NULL,
        operation_id uuid,
        merge_version integer,
        revision_id uuid,
        failure_reason text,
        -- serves: PullsRepository.find / update
        PRIMARY KEY (workspace_id, id)
      );
      -- serves: PullService.resume (the pull of an unfinished merge revision)
      CREATE UNIQUE INDEX pulls_by_operation ON revisions.pulls (operation_id) WHERE operation_id IS NOT NULL;`,
  },
];
