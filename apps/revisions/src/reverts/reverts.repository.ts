import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { ResourceChange, RevertView, RevisionStatus, isUuid } from '@ilm/contracts';
import { queryOrUnavailable } from '@ilm/storage';

export interface RevertRow extends RevertView {
  workspaceId: string;
  baseVersion: number;
  operationId: string;
}

function toRow(r: Record<string, any>): RevertRow {
  return {
    workspaceId: r.workspace_id,
    id: r.id,
    integrationId: r.integration_id,
    targetRevisionId: r.target_revision_id,
    status: r.status,
    baseVersion: r.base_version,
    previewHash: r.preview_hash,
    changes: r.changes,
    operationId: r.operation_id,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.revision_id ? { revisionId: r.revision_id } : {}),
    ...(r.failure_reason ? { failureReason: r.failure_reason } : {}),
  };
}

export function toRevertView(row: RevertRow): RevertView {
  const { workspaceId: _ws, baseVersion: _v, operationId: _op, ...view } = row;
  return view;
}

@Injectable()
export class RevertsRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  private query(sql: string, params: unknown[]) {
    return queryOrUnavailable(this.pool, sql, params);
  }

  async insert(
    workspaceId: string,
    r: { id: string; integrationId: string; targetRevisionId: string; baseVersion: number; previewHash: string; changes: ResourceChange[]; operationId: string; createdBy: string },
  ): Promise<RevertRow> {
    const res = await this.query(
      `INSERT INTO revisions.reverts
         (workspace_id, id, integration_id, target_revision_id, status, base_version, preview_hash, changes, operation_id, created_by)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $6, $7, $8, $9) RETURNING *`,
      [workspaceId, r.id, r.integrationId, r.targetRevisionId, r.baseVersion, r.previewHash, JSON.stringify(r.changes), r.operationId, r.createdBy],
    );
    return toRow(res.rows[0]);
  }

  async find(workspaceId: string, id: string): Promise<RevertRow | undefined> {
    if (!isUuid(id)) return undefined;
    const res = await this.query('SELECT * FROM revisions.reverts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  async findByOperation(workspaceId: string, operationId: string): Promise<RevertRow | undefined> {
    const res = await this.query('SELECT * FROM revisions.reverts WHERE workspace_id = $1 AND operation_id = $2', [workspaceId, operationId]);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  async finish(workspaceId: string, id: string, status: RevisionStatus, revisionId?: string, failureReason?: string): Promise<RevertRow> {
    const res = await this.query(
      `UPDATE revisions.reverts SET status = $3, revision_id = coalesce($4, revision_id), failure_reason = $5
        WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [workspaceId, id, status, revisionId ?? null, failureReason ?? null],
    );
    return toRow(res.rows[0]);
  }
}
