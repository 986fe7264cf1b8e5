import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { DomainError } from '@ilm/contracts';
import { asServiceError, isUniqueViolation } from '@ilm/storage';

/**
 * One lifecycle operation (revert apply, pull merge) at a time per integration.
 * The lock is a row, so it survives a crash of the service holding it; the
 * recovery loop releases it once the operation's outcome is settled.
 */
@Injectable()
export class OperationLocks {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  async acquire(workspaceId: string, integrationId: string, operationId: string, kind: string): Promise<void> {
    try {
      await this.pool.query(
        'INSERT INTO revisions.operation_locks (workspace_id, integration_id, operation_id, kind) VALUES ($1, $2, $3, $4)',
        [workspaceId, integrationId, operationId, kind],
      );
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DomainError('operation_in_progress', 'another lifecycle operation is running on this integration; retry when it ends');
      }
      throw asServiceError(err);
    }
  }

  async release(workspaceId: string, integrationId: string, operationId: string): Promise<void> {
    await this.pool
      .query('DELETE FROM revisions.operation_locks WHERE workspace_id = $1 AND integration_id = $2 AND operation_id = $3', [
        workspaceId,
        integrationId,
        operationId,
      ])
      .catch(() => undefined);
  }

  /** Locks older than `ms`, across workspaces: for the recovery loop only. */
  async olderThan(ms: number): Promise<{ workspaceId: string; integrationId: string; operationId: string }[]> {
    const res = await this.pool.query(
      `SELECT workspace_id, integration_id, operation_id FROM revisions.operation_locks
        WHERE acquired_at < now() - ($1::int * interval '1 millisecond')`,
      [ms],
    );
    return res.rows.map((r) => ({ workspaceId: r.workspace_id, integrationId: r.integration_id, operationId: r.operation_id }));
  }
}
