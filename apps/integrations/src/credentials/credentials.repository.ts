import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { asServiceError } from '@ilm/storage';
import type { TxWork } from '@ilm/storage';

/** Sealed connection credentials, keyed by (workspace, integration, resource key). */
@Injectable()
export class CredentialsRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async keysWithCredentials(workspaceId: string, integrationId: string): Promise<Set<string>> {
    try {
      const res = await this.pool.query(
        'SELECT resource_key FROM integrations.credentials WHERE workspace_id = $1 AND integration_id = $2',
        [workspaceId, integrationId],
      );
      return new Set(res.rows.map((r) => r.resource_key as string));
    } catch (err) {
      throw asServiceError(err);
    }
  }

  /** Sets (sealed string) or clears (null) credentials of several keys, inside a caller's transaction. */
  static write(workspaceId: string, integrationId: string, changes: Map<string, string | null>): TxWork {
    return async (client: PoolClient) => {
      for (const [key, sealed] of changes) {
        if (sealed === null) {
          await client.query(
            'DELETE FROM integrations.credentials WHERE workspace_id = $1 AND integration_id = $2 AND resource_key = $3',
            [workspaceId, integrationId, key],
          );
        } else {
          await client.query(
            `INSERT INTO integrations.credentials (workspace_id, integration_id, resource_key, sealed)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (workspace_id, integration_id, resource_key) DO UPDATE SET sealed = EXCLUDED.sealed, updated_at = now()`,
            [workspaceId, integrationId, key, sealed],
          );
        }
      }
    };
  }

  static removeAll(workspaceId: string, integrationId: string): TxWork {
    return async (client: PoolClient) => {
      await client.query('DELETE FROM integrations.credentials WHERE workspace_id = $1 AND integration_id = $2', [
        workspaceId,
        integrationId,
      ]);
    };
  }
}
