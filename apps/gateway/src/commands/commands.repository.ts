import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { CommandReply } from '@ilm/contracts';
import { queryOrUnavailable } from '@ilm/storage';

/** A claim taken over after this long in `processing` belonged to a consumer that died. */
const ABANDONED_AFTER_S = 30;

export type Claim = { state: 'new' } | { state: 'done'; reply: CommandReply } | { state: 'busy' };

/** Idempotency of upstream commands: message ids per workspace, with the reply each got. */
@Injectable()
export class CommandsRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  /** Takes a message id for processing; tells when it was processed (or is being processed) already. */
  async claim(workspaceId: string, messageId: string, routingKey: string): Promise<Claim> {
    const taken = await queryOrUnavailable(
      this.pool,
      `INSERT INTO gateway.commands (workspace_id, message_id, routing_key, status) VALUES ($1, $2, $3, 'processing')
       ON CONFLICT (workspace_id, message_id) DO UPDATE SET claimed_at = now()
         WHERE gateway.commands.status = 'processing' AND gateway.commands.claimed_at < now() - interval '${ABANDONED_AFTER_S} seconds'
       RETURNING 1`,
      [workspaceId, messageId, routingKey],
    );
    if ((taken.rowCount ?? 0) > 0) return { state: 'new' };
    const res = await queryOrUnavailable(this.pool, 'SELECT status, reply FROM gateway.commands WHERE workspace_id = $1 AND message_id = $2', [
      workspaceId,
      messageId,
    ]);
    const row = res.rows[0];
    if (!row) return { state: 'busy' };
    return row.status === 'done' ? { state: 'done', reply: row.reply } : { state: 'busy' };
  }

  async finish(workspaceId: string, messageId: string, reply: CommandReply): Promise<void> {
    await queryOrUnavailable(
      this.pool,
      `UPDATE gateway.commands SET status = 'done', reply = $3, done_at = now() WHERE workspace_id = $1 AND message_id = $2`,
      [workspaceId, messageId, JSON.stringify(reply)],
    );
  }

  /** Gives a message id back (its processing will be retried). */
  async release(workspaceId: string, messageId: string): Promise<void> {
    await queryOrUnavailable(this.pool, `DELETE FROM gateway.commands WHERE workspace_id = $1 AND message_id = $2 AND status = 'processing'`, [
      workspaceId,
      messageId,
    ]);
  }
}
