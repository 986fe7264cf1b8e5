import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { Role, UserView, WorkspaceView, isUuid } from '@ilm/contracts';
import { Queryable, asServiceError, isUniqueViolation } from '@ilm/storage';

function toUser(r: Record<string, any>): UserView {
  return { id: r.id, email: r.email, name: r.name, role: r.role, workspaceId: r.workspace_id, createdAt: new Date(r.created_at).toISOString() };
}

/** Workspaces and their users. Every method takes the workspace first. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async find(workspaceId: string, userId: string): Promise<UserView | undefined> {
    if (!isUuid(userId)) return undefined;
    try {
      const res = await this.pool.query('SELECT * FROM access.users WHERE workspace_id = $1 AND id = $2', [workspaceId, userId]);
      return res.rows[0] ? toUser(res.rows[0]) : undefined;
    } catch (err) {
      throw asServiceError(err);
    }
  }

  async list(workspaceId: string): Promise<UserView[]> {
    try {
      const res = await this.pool.query('SELECT * FROM access.users WHERE workspace_id = $1 ORDER BY created_at, id LIMIT 1000', [workspaceId]);
      return res.rows.map(toUser);
    } catch (err) {
      throw asServiceError(err);
    }
  }

  /** undefined when the email is taken in the workspace */
  async insert(
    workspaceId: string,
    user: { id: string; email: string; name: string; role: Role },
    client: Queryable = this.pool,
  ): Promise<UserView | undefined> {
    try {
      const res = await client.query(
        'INSERT INTO access.users (workspace_id, id, email, name, role) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [workspaceId, user.id, user.email, user.name, user.role],
      );
      return toUser(res.rows[0]);
    } catch (err) {
      if (isUniqueViolation(err)) return undefined;
      throw asServiceError(err);
    }
  }

  async update(workspaceId: string, userId: string, patch: { name?: string; role?: Role }, db: Queryable = this.pool): Promise<UserView | undefined> {
    try {
      const res = await db.query(
        `UPDATE access.users SET name = coalesce($3, name), role = coalesce($4, role)
          WHERE workspace_id = $1 AND id = $2 RETURNING *`,
        [workspaceId, userId, patch.name ?? null, patch.role ?? null],
      );
      return res.rows[0] ? toUser(res.rows[0]) : undefined;
    } catch (err) {
      throw asServiceError(err);
    }
  }

  static async insertWorkspace(client: PoolClient, workspace: { id: string; name: string }): Promise<WorkspaceView> {
    const res = await client.query('INSERT INTO access.workspaces (id, name) VALUES ($1, $2) RETURNING *', [workspace.id, workspace.name]);
    return { id: res.rows[0].id, name: res.rows[0].name, createdAt: new Date(res.rows[0].created_at).toISOString() };
  }
}
