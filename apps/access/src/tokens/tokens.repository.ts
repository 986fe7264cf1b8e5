import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { Role } from '@ilm/contracts';
import { asServiceError } from '@ilm/storage';

export interface TokenOwner {
  tokenId: string;
  workspaceId: string;
  userId: string;
  role: Role;
  expiresAt?: string;
  revokedAt?: string;
}

@Injectable()
export class TokensRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  /**
   * The one lookup without a workspace argument: a bearer token is what tells
   * us the workspace. The hash is unique across all workspaces.
   */
  async findByHash(tokenHash: string): Promise<TokenOwner | undefined> {
    try {
      const res = await this.pool.query(
        `SELECT t.id, t.workspace_id, t.user_id, t.expires_at, t.revoked_at, u.role
           FROM access.tokens t JOIN access.users u ON u.workspace_id = t.workspace_id AND u.id = t.user_id
          WHERE t.token_hash = $1`,
        [tokenHash],
      );
      const r = res.rows[0];
      if (!r) return undefined;
      return {
        tokenId: r.id,
        workspaceId: r.workspace_id,
        userId: r.user_id,
        role: r.role,
        ...(r.expires_at ? { expiresAt: new Date(r.expires_at).toISOString() } : {}),
        ...(r.revoked_at ? { revokedAt: new Date(r.revoked_at).toISOString() } : {}),
      };
    } catch (err) {
      throw asServiceError(err);
    }
  }

  async countForUser(workspaceId: string, userId: string): Promise<number> {
    const res = await this.pool.query('SELECT count(*)::int AS n FROM access.tokens WHERE workspace_id = $1 AND user_id = $2', [
      workspaceId,
      userId,
    ]);
    return res.rows[0].n;
  }

  async insert(workspaceId: string, token: { id: string; userId: string; name: string; tokenHash: string; expiresAt?: string }): Promise<void> {
    await this.pool.query(
      `INSERT INTO access.tokens (id, workspace_id, user_id, name, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (token_hash) DO NOTHING`,
      [token.id, workspaceId, token.userId, token.name, token.tokenHash, token.expiresAt ?? null],
    );
  }
}
