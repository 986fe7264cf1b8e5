import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { ConflictView, ResourceChange, RevisionStatus, StateHead, isUuid } from '@ilm/contracts';
import { TxWork, queryOrUnavailable, withWork } from '@ilm/storage';

/** A resolution as stored, by conflict id. */
export type StoredResolution = { choice: 'current' | 'remote' } | { value: unknown };

export interface StoredApproval {
  userId: string;
  previewHash: string;
  approvedAt: string;
}

/** The last computed preview, and what it was computed on. */
export interface StoredPreview {
  changes: ResourceChange[];
  conflicts: ConflictView[];
  merged: StateHead;
  /** address of the live state of current it was computed from */
  currentState: string;
  /** resolutions that do not settle their conflict (e.g. a value of the wrong kind) */
  invalid: string[];
}

export interface PullRow {
  workspaceId: string;
  id: string;
  currentIntegrationId: string;
  remoteIntegrationId: string;
  baseRevisionId: string;
  currentSnapshotId: string;
  remoteSnapshotId: string;
  status: RevisionStatus;
  description: string;
  createdBy: string;
  createdAt: string;
  resolutions: Record<string, StoredResolution>;
  approvals: StoredApproval[];
  preview: StoredPreview;
  previewHash: string;
  operationId?: string;
  mergeVersion?: number;
  revisionId?: string;
  failureReason?: string;
}

function toRow(r: Record<string, any>): PullRow {
  return {
    workspaceId: r.workspace_id,
    id: r.id,
    currentIntegrationId: r.current_integration_id,
    remoteIntegrationId: r.remote_integration_id,
    baseRevisionId: r.base_revision_id,
    currentSnapshotId: r.current_snapshot_id,
    remoteSnapshotId: r.remote_snapshot_id,
    status: r.status,
    description: r.description,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    resolutions: r.resolutions,
    approvals: r.approvals,
    preview: r.preview,
    previewHash: r.preview_hash,
    ...(r.operation_id ? { operationId: r.operation_id } : {}),
    ...(r.merge_version !== null && r.merge_version !== undefined ? { mergeVersion: r.merge_version } : {}),
    ...(r.revision_id ? { revisionId: r.revision_id } : {}),
    ...(r.failure_reason ? { failureReason: r.failure_reason } : {}),
  };
}

export type NewPull = Omit<PullRow, 'workspaceId' | 'createdAt' | 'status' | 'approvals' | 'operationId' | 'mergeVersion' | 'revisionId' | 'failureReason'>;

@Injectable()
export class PullsRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  private query(sql: string, params: unknown[]) {
    return queryOrUnavailable(this.pool, sql, params);
  }

  async insert(workspaceId: string, p: NewPull, then?: (row: PullRow) => TxWork | undefined): Promise<PullRow> {
    const row = await withWork(
      this.pool,
      `INSERT INTO revisions.pulls (workspace_id, id, current_integration_id, remote_integration_id, base_revision_id,
          current_snapshot_id, remote_snapshot_id, status, description, created_by, resolutions, preview, preview_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'in_progress', $8, $9, $10, $11, $12) RETURNING *`,
      [workspaceId, p.id, p.currentIntegrationId, p.remoteIntegrationId, p.baseRevisionId, p.currentSnapshotId, p.remoteSnapshotId,
        p.description, p.createdBy, JSON.stringify(p.resolutions), JSON.stringify(p.preview), p.previewHash],
      toRow,
      then,
    );
    return row!;
  }

  async find(workspaceId: string, id: string): Promise<PullRow | undefined> {
    if (!isUuid(id)) return undefined;
    const res = await this.query('SELECT * FROM revisions.pulls WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  async findByOperation(workspaceId: string, operationId: string): Promise<PullRow | undefined> {
    const res = await this.query('SELECT * FROM revisions.pulls WHERE workspace_id = $1 AND operation_id = $2', [workspaceId, operationId]);
    return res.rows[0] ? toRow(res.rows[0]) : undefined;
  }

  /** A new preview (and the resolutions it was computed with); approvals stay, valid only for their hash. */
  async savePreview(
    workspaceId: string,
    id: string,
    preview: StoredPreview,
    previewHash: string,
    resolutions: Record<string, StoredResolution>,
    then?: (row: PullRow) => TxWork | undefined,
  ): Promise<PullRow> {
    const row = await withWork(
      this.pool,
      `UPDATE revisions.pulls SET preview = $3, preview_hash = $4, resolutions = $5, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND status = 'in_progress' RETURNING *`,
      [workspaceId, id, JSON.stringify(preview), previewHash, JSON.stringify(resolutions)],
      toRow,
      then,
    );
    return row ?? (await this.find(workspaceId, id))!;
  }

  async addApproval(workspaceId: string, id: string, approval: StoredApproval, then?: (row: PullRow) => TxWork | undefined): Promise<PullRow> {
    const row = await withWork(
      this.pool,
      `UPDATE revisions.pulls
          SET approvals = (SELECT coalesce(jsonb_agg(a), '[]'::jsonb) FROM jsonb_array_elements(approvals) a WHERE a->>'userId' <> $3) || $4::jsonb,
              updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [workspaceId, id, approval.userId, JSON.stringify([approval])],
      toRow,
      then,
    );
    return row!;
  }

  /** Marks the merge as started: its operation id and the live version it must apply to. */
  async startMerge(workspaceId: string, id: string, operationId: string, version: number): Promise<void> {
    await this.query(
      `UPDATE revisions.pulls SET operation_id = $3, merge_version = $4, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, operationId, version],
    );
  }

  async finish(
    workspaceId: string,
    id: string,
    status: RevisionStatus,
    opts: { revisionId?: string; failureReason?: string; then?: (row: PullRow) => TxWork | undefined } = {},
  ): Promise<PullRow> {
    const { revisionId, failureReason } = opts;
    const row = await withWork(
      this.pool,
      `UPDATE revisions.pulls SET status = $3, revision_id = coalesce($4, revision_id), failure_reason = $5, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING *`,
      [workspaceId, id, status, revisionId ?? null, failureReason ?? null],
      toRow,
      opts.then,
    );
    return row!;
  }
}
