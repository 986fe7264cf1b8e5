import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { hashToken } from '../tokens/token-hash';
import { TokensRepository } from '../tokens/tokens.repository';

/**
 * First start: one workspace with one owner. `ILM_ADMIN_TOKEN` (when set) is
 * always a valid owner token; `ILM_FIRST_TOKEN` (from `npm start`) becomes the
 * owner's token only if the owner has none yet, so it is shown exactly once.
 */
@Injectable()
export class OwnerBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('access');

  constructor(
    @Inject(Pool) private readonly pool: Pool,
    private readonly tokens: TokensRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const owner = await this.ensureOwner();
    const admin = process.env.ILM_ADMIN_TOKEN;
    if (admin) {
      await this.tokens.insert(owner.workspaceId, { id: randomUUID(), userId: owner.userId, name: 'ILM_ADMIN_TOKEN', tokenHash: hashToken(admin) });
    }
    const first = process.env.ILM_FIRST_TOKEN;
    if (first && (await this.tokens.countForUser(owner.workspaceId, owner.userId)) === 0) {
      await this.tokens.insert(owner.workspaceId, { id: randomUUID(), userId: owner.userId, name: 'first start', tokenHash: hashToken(first) });
      this.logger.log('first-start owner token registered');
    }
  }

  private async ensureOwner(): Promise<{ workspaceId: string; userId: string }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['ilm-owner-bootstrap']);
      const found = await client.query(
        `SELECT u.workspace_id, u.id FROM access.users u WHERE u.role = 'owner' ORDER BY u.created_at LIMIT 1`,
      );
      if (found.rows[0]) {
        await client.query('COMMIT');
        return { workspaceId: found.rows[0].workspace_id, userId: found.rows[0].id };
      }
      const workspaceId = randomUUID();
      const userId = randomUUID();
      await client.query('INSERT INTO access.workspaces (id, name) VALUES ($1, $2)', [workspaceId, 'Default workspace']);
      await client.query(`INSERT INTO access.users (workspace_id, id, email, name, role) VALUES ($1, $2, $3, $4, 'owner')`, [
        workspaceId,
        userId,
        'owner@localhost',
        'Owner',
      ]);
      await client.query('COMMIT');
      return { workspaceId, userId };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
