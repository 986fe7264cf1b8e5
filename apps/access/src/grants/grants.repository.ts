import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { GrantLevel, GrantView, isUuid } from '@ilm/contracts';
import { Queryable, queryOrUnavailable } from '@ilm/storage';

function toView(r: Record<string, any>): GrantView {
  return { integrationId: r.integration_id, userId: r.user_id, level: r.level, updatedAt: new Date(r.updated_at).toISOString() };
}

/** Per-integration grants of members. Every method takes the workspace first. */
@Injectable()
export class GrantsRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  private query(sql: string, params: unknown[], db: Queryable = this.pool) {
    return queryOrUnavailable(db, sql, params);
  }

  /** The user's level on each integration, in order (undefined where there is none). */
  async levels(workspaceId: string, userId: string, integrationIds: string[]): Promise<(GrantLevel | undefined)[]> {
    const ids = integrationIds.filter(isUuid);
    if (ids.length === 0) return integrationIds.map(() => undefined);
    const res = await this.query(
      'SELECT integration_id, level FROM access.grants WHERE workspace_id = $1 AND user_id = $2 AND integration_id = ANY($3::uuid[])',
      [workspaceId, userId, ids],
    );
    const found = new Map<string, GrantLevel>(res.rows.map((r) => [r.integration_id, r.level]));
    return integrationIds.map((id) => found.get(id));
  }

  async integrationsOf(workspaceId: string, userId: string): Promise<string[]> {
    const res = await this.query('SELECT integration_id FROM access.grants WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
    return res.rows.map((r) => r.integration_id);
  }

  async put(workspaceId: string, grant: { integrationId: string; userId: string; level: GrantLevel; grantedBy: string }, db?: Queryable): Promise<GrantView> {
    const res = await this.query(
      `INSERT INTO access.grants (workspace_id, integration_id, user_id, level, granted_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, integration_id, user_id) DO UPDATE SET level = EXCLUDED.level, granted_by = EXCLUDED.granted_by, updated_at = now()
       RETURNING *`,
      [workspaceId, grant.integrationId, grant.userId, grant.level, grant.grantedBy],
      db,
    );
    return toView(res.rows[0]);
  }

  async remove(workspaceId: string, integrationId: string, userId: string, db?: Queryable): Promise<boolean> {
    const res = await this.query('DELETE FROM access.grants WHERE workspace_id = $1 AND integration_id = $2 AND user_id = $3', [workspaceId, integrationId, userId], db);
    return (res.rowCount ?? 0) > 0;
  }

  async list(workspaceId: string, integrationId: string): Promise<GrantView[]> {
    const res = await this.query('SELECT * FROM access.grants WHERE workspace_id = $1 AND integration_id = $2 ORDER BY updated_at', [
      workspaceId,
      integrationId,
    ]);
    return res.rows.map(toView);
  }
}
