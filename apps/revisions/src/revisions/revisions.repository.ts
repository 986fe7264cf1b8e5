import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { DomainEvent, RevisionStatus, RevisionSummary, RevisionType, RevisionView, isUuid } from '@ilm/contracts';
import { TxWork, asServiceError, isUniqueViolation, queryOrUnavailable, withWork } from '@ilm/storage';

export interface RevisionRow extends RevisionView {
  workspaceId: string;
  state: string;
  operationId?: string;
}

export interface NewRevision {
  id: string;
  integrationId: string;
  type: RevisionType;
  status: RevisionStatus;
  description: string;
  createdBy: string;
  parents: string[];
  summary: RevisionSummary;
  state: string;
  operationId?: string;
  /** parents for merge-base search, when they differ from `parents` */
  lineage?: string[];
}

/** A recursive CTE of every ancestor of a revision, with its distance, through lineage (else parents). */
const ancestors = (name: string, start: string) => `${name}(id, depth) AS (
           SELECT ${start}::uuid, 0
           UNION
           SELECT p, ${name}.depth + 1 FROM ${name}
             JOIN revisions.revisions r ON r.workspace_id = $1 AND r.id = ${name}.id
             CROSS JOIN LATERAL unnest(coalesce(r.lineage, r.parents)) AS p
            WHERE ${name}.depth < 100000)`;

function toRow(r: Record<string, any>): RevisionRow {
  return {
    workspaceId: r.workspace_id,
    id: r.id,
    integrationId: r.integration_id,
    seq: r.seq,
    type: r.type,
    status: r.status,
    description: r.description,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    parents: r.parents ?? [],
    summary: r.summary,
    state: r.state,
    ...(r.operation_id ? { operationId: r.operation_id } : {}),
    ...(r.failure_reason ? { failureReason: r.failure_reason } : {}),
  };
}

export function toRevisionView(row: RevisionRow): RevisionView {
  const { workspaceId: _ws, state: _state, operationId: _op, ...view } = row;
  return view;
}

@Injectable()
export class RevisionsRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  private query(sql: string, params: unknown[]) {
    return queryOrUnavailable(this.pool, sql, params);
  }

  async find(workspaceId: string, id: string): Promise<RevisionRow | undefined> {
    if (!isUuid(id)) return undefined;
    const res = await this.query('SELECT * FROM revisions.revisions WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  /** The newest completed revision: the parent of the next one. */
  async latestCompleted(workspaceId: string, integrationId: string): Promise<RevisionRow | undefined> {
    const res = await this.query(
      `SELECT * FROM revisions.revisions WHERE workspace_id = $1 AND integration_id = $2 AND status = 'completed'
        ORDER BY seq DESC LIMIT 1`,
      [workspaceId, integrationId],
    );
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  async list(workspaceId: string, integrationId: string, beforeSeq: number | undefined, limit: number): Promise<RevisionRow[]> {
    const res = await this.query(
      `SELECT * FROM revisions.revisions WHERE workspace_id = $1 AND integration_id = $2 AND ($3::int IS NULL OR seq < $3)
        ORDER BY seq DESC LIMIT $4`,
      [workspaceId, integrationId, beforeSeq ?? null, limit],
    );
    return res.rows.map(toRow);
  }

  /**
   * Inserts with the next seq of its integration (concurrent inserts retry on
   * the unique seq), and `event` into the outbox in the same statement, its
   * `data.seq` set to the seq the revision got: one round trip, one commit.
   */
  async insert(workspaceId: string, rev: NewRevision, event?: DomainEvent): Promise<RevisionRow> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.query(
          `WITH r AS (
             INSERT INTO revisions.revisions
               (workspace_id, id, integration_id, seq, type, status, description, created_by, parents, summary, state, operation_id, lineage)
             SELECT $1, $2, $3, coalesce(max(seq), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11, $12
               FROM revisions.revisions WHERE workspace_id = $1 AND integration_id = $3
             RETURNING *),
           o AS (
             INSERT INTO revisions.outbox (id, routing_key, body)
             SELECT $13::uuid, $14, jsonb_set($15::jsonb, '{data,seq}', to_jsonb(r.seq)) FROM r WHERE $13::uuid IS NOT NULL)
           SELECT * FROM r`,
          [workspaceId, rev.id, rev.integrationId, rev.type, rev.status, rev.description, rev.createdBy, rev.parents,
            JSON.stringify(rev.summary), rev.state, rev.operationId ?? null, rev.lineage ?? null,
            event?.id ?? null, event?.type ?? null, event ? JSON.stringify(event) : null],
        );
        return toRow(res.rows[0]);
      } catch (err) {
        if (isUniqueViolation(err) && attempt < 20) continue;
        throw asServiceError(err);
      }
    }
  }

  async setStatus(workspaceId: string, id: string, status: RevisionStatus, failureReason?: string, then?: (row: RevisionRow) => TxWork | undefined): Promise<RevisionRow> {
    const row = await withWork(
      this.pool,
      'UPDATE revisions.revisions SET status = $3, failure_reason = $4 WHERE workspace_id = $1 AND id = $2 RETURNING *',
      [workspaceId, id, status, failureReason ?? null],
      toRow,
      then,
    );
    return row!;
  }

  async findByOperation(workspaceId: string, operationId: string): Promise<RevisionRow | undefined> {
    const res = await this.query('SELECT * FROM revisions.revisions WHERE workspace_id = $1 AND operation_id = $2', [workspaceId, operationId]);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  async hasInProgress(workspaceId: string, operationId: string): Promise<boolean> {
    const res = await this.query(
      `SELECT 1 FROM revisions.revisions WHERE workspace_id = $1 AND operation_id = $2 AND status = 'in_progress'`,
      [workspaceId, operationId],
    );
    return (res.rowCount ?? 0) > 0;
  }

  /**
   * The nearest common ancestor of two revisions in the lineage graph (which
   * spans integrations): the common ancestor with the shortest total distance
   * from both, the newest on a tie. Undefined when they share no history.
   */
  async mergeBase(workspaceId: string, a: string, b: string): Promise<RevisionRow | undefined> {
    const res = await this.query(
      `WITH RECURSIVE
         ${ancestors('up_a', '$2')},
         ${ancestors('up_b', '$3')},
         common AS (
           SELECT a.id, a.depth + b.depth AS distance
             FROM (SELECT id, min(depth) AS depth FROM up_a GROUP BY id) a
             JOIN (SELECT id, min(depth) AS depth FROM up_b GROUP BY id) b USING (id))
       SELECT r.* FROM common c JOIN revisions.revisions r ON r.workspace_id = $1 AND r.id = c.id
        WHERE r.status = 'completed'
        ORDER BY c.distance, r.created_at DESC LIMIT 1`,
      [workspaceId, a, b],
    );
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  /** Unfinished operations, across workspaces: only the recovery loop calls this. */
  async inProgress(olderThanMs: number): Promise<RevisionRow[]> {
    const res = await this.query(
      `SELECT * FROM revisions.revisions WHERE status = 'in_progress' AND created_at < now() - ($1::int * interval '1 millisecond')`,
      [olderThanMs],
    );
    return res.rows.map(toRow);
  }
}
