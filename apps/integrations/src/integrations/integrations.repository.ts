import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { Environment, IntegrationSource, Settings, isUuid } from '@ilm/contracts';
import { TxWork, asServiceError, inTransaction } from '@ilm/storage';

export interface IntegrationRow {
  workspaceId: string;
  id: string;
  environment: Environment;
  name: string;
  description: string;
  settings: Settings;
  tree: string;
  resourceCount: number;
  version: number;
  source?: IntegrationSource;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

export interface HeadUpdate {
  name: string;
  description: string;
  settings: Settings;
  tree: string;
  resourceCount: number;
}



function toRow(r: Record<string, any>): IntegrationRow {
  return {
    workspaceId: r.workspace_id,
    id: r.id,
    environment: r.environment,
    name: r.name,
    description: r.description,
    settings: r.settings,
    tree: r.tree,
    resourceCount: r.resource_count,
    version: r.version,
    ...(r.source ? { source: r.source } : {}),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    ...(r.deleted_at ? { deletedAt: new Date(r.deleted_at).toISOString() } : {}),
  };
}

@Injectable()
export class IntegrationsRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async find(workspaceId: string, id: string, opts: { includeDeleted?: boolean } = {}): Promise<IntegrationRow | undefined> {
    if (!isUuid(id)) return undefined;
    try {
      const res = await this.pool.query(
        `SELECT * FROM integrations.integrations WHERE workspace_id = $1 AND id = $2 ${opts.includeDeleted ? '' : 'AND deleted_at IS NULL'}`,
        [workspaceId, id],
      );
      return res.rows[0] ? toRow(res.rows[0]) : undefined;
    } catch (err) {
      throw asServiceError(err);
    }
  }

  async list(
    workspaceId: string,
    opts: { environment?: Environment; onlyIds?: string[]; after?: { createdAt: string; id: string }; limit: number },
  ): Promise<IntegrationRow[]> {
    const params: unknown[] = [workspaceId];
    let where = 'workspace_id = $1 AND deleted_at IS NULL';
    if (opts.environment) {
      params.push(opts.environment);
      where += ` AND environment = $${params.length}`;
    }
    if (opts.onlyIds) {
      params.push(opts.onlyIds);
      where += ` AND id = ANY($${params.length}::uuid[])`;
    }
    if (opts.after) {
      params.push(opts.after.createdAt, opts.after.id);
      where += ` AND (created_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(opts.limit);
    try {
      const res = await this.pool.query(
        `SELECT * FROM integrations.integrations WHERE ${where} ORDER BY created_at, id LIMIT $${params.length}`,
        params,
      );
      return res.rows.map(toRow);
    } catch (err) {
      throw asServiceError(err);
    }
  }

  async insert(row: Omit<IntegrationRow, 'createdAt' | 'updatedAt'>, work?: TxWork): Promise<IntegrationRow> {
    return inTransaction(this.pool, async (client) => {
      const res = await client.query(
        `INSERT INTO integrations.integrations
           (workspace_id, id, environment, name, description, settings, tree, resource_count, version, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [row.workspaceId, row.id, row.environment, row.name, row.description, JSON.stringify(row.settings), row.tree,
          row.resourceCount, row.version, row.source ? JSON.stringify(row.source) : null],
      );
      if (work) await work(client);
      return toRow(res.rows[0]);
    });
  }

  /**
   * The only write path of live state: sets the head if the version is still
   * `expectedVersion`, together with `work`, in one transaction. Returns the new
   * row, or undefined when someone else changed it first.
   */
  async compareAndSet(
    workspaceId: string,
    id: string,
    expectedVersion: number,
    head: HeadUpdate,
    work?: TxWork,
  ): Promise<IntegrationRow | undefined> {
    return inTransaction(this.pool, async (client) => {
      const res = await client.query(
        `UPDATE integrations.integrations
            SET name = $4, description = $5, settings = $6, tree = $7, resource_count = $8,
                version = version + 1, updated_at = now()
          WHERE workspace_id = $1 AND id = $2 AND version = $3 AND deleted_at IS NULL
          RETURNING *`,
        [workspaceId, id, expectedVersion, head.name, head.description, JSON.stringify(head.settings), head.tree, head.resourceCount],
      );
      if (res.rowCount === 0) return undefined;
      if (work) await work(client);
      return toRow(res.rows[0]);
    });
  }

  async softDelete(workspaceId: string, id: string, expectedVersion: number, work?: TxWork): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const res = await client.query(
        `UPDATE integrations.integrations SET deleted_at = now(), version = version + 1, updated_at = now()
          WHERE workspace_id = $1 AND id = $2 AND version = $3 AND deleted_at IS NULL`,
        [workspaceId, id, expectedVersion],
      );
      if (res.rowCount === 0) return false;
      if (work) await work(client);
      return true;
    });
  }

  /** The version a state commit produced, if the operation was applied before. */
  async findCommit(workspaceId: string, operationId: string): Promise<{ integrationId: string; version: number } | undefined> {
    try {
      const res = await this.pool.query(
        'SELECT integration_id, version FROM integrations.state_commits WHERE workspace_id = $1 AND operation_id = $2',
        [workspaceId, operationId],
      );
      return res.rows[0] ? { integrationId: res.rows[0].integration_id, version: res.rows[0].version } : undefined;
    } catch (err) {
      throw asServiceError(err);
    }
  }

  static recordCommit(workspaceId: string, operationId: string, integrationId: string, version: number): TxWork {
    return async (client) => {
      await client.query(
        'INSERT INTO integrations.state_commits (workspace_id, operation_id, integration_id, version) VALUES ($1, $2, $3, $4)',
        [workspaceId, operationId, integrationId, version],
      );
    };
  }
}
