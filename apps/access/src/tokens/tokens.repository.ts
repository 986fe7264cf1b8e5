import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { Role, Scope, TokenView, isUuid } from '@ilm/contracts';
import { Queryable, asServiceError } from '@ilm/storage';

export interface TokenOwner {
  tokenId: string;
  workspaceId: string;
  userId: string;
  role: Role;
  scopes: Scope[] | null;
  expiresAt?: string;
  revokedAt?: string;
}

export interface NewToken {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  expiresAt?: string;
  scopes?: Scope[];
}

function toView(r: Record<string, any>): TokenView {
  return {
    id: r.id,
    name: r.name,
    userId: r.user_id,
    scopes: r.scopes ?? null,
    expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Tokens are stored as SHA-256 hashes only; the token itself is never written anywhere. */
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
        `SELECT t.id, t.workspace_id, t.user_id, t.scopes, t.expires_at, t.revoked_at, u.role
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
        scopes: r.scopes ?? null,
        ...(r.expires_at ? { expiresAt: new Date(r.expires_at).toISOString() } : {}),
        ...(r.revoked_at ? { revokedAt: new Date(r.revoked_at).toISOString() } : {}),
      };
    } catch (err) {
      throw asServiceError(err);
    }
  }

  async find(workspaceId: string, tokenId: string): Promise<TokenView | undefined> {
    if (!isUuid(tokenId)) return undefined;
    try {
      const res = await this.pool.query('SELECT * FROM access.tokens WHERE workspace_id = $1 AND id = $2', [workspaceId, tokenId]);
      return res.rows[0] ? toView(res.rows[0]) : undefined;
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

  async insert(workspaceId: string, token: NewToken, client: Queryable = this.pool): Promise<TokenView> {
    try {
      const res = await client.query(
        `INSERT INTO access.tokens (id, workspace_id, user_id, name, token_hash, expires_at, scopes)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token_hash) DO NOTHING RETURNING *`,
        [token.id, workspaceId, token.userId, token.name, token.tokenHash, token.expiresAt ?? null, token.scopes ? JSON.stringify(token.scopes) : null],
      );
      return res.rows[0] ? toView(res.rows[0]) : (await this.find(workspaceId, token.id))!;
    } catch (err) {
      throw asServiceError(err);
    }
  }

  /** Revokes at once; a token revoked before keeps its first revocation time. */
  async revoke(workspaceId: string, tokenId: string, db: Queryable = this.pool): Promise<boolean> {
    try {
      const res = await db.query(
        'UPDATE access.tokens SET revoked_at = coalesce(revoked_at, now()) WHERE workspace_id = $1 AND id = $2',
        [workspaceId, tokenId],
      );
      return (res.rowCount ?? 0) > 0;
    } catch (err) {
      throw asServiceError(err);
    }
  }
}
