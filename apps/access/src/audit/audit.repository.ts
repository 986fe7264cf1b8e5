import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { AuditEntryView, DomainEvent, ListAudit } from '@ilm/contracts';
import { asServiceError } from '@ilm/storage';

function toView(r: Record<string, any>): AuditEntryView {
  return {
    id: r.event_id,
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    type: r.type,
    action: r.action,
    outcome: r.outcome,
    actor: { userId: r.actor_user_id, tokenId: r.actor_token_id, client: r.actor_client },
    target: { type: r.target_type, id: r.target_id },
    correlationId: r.correlation_id,
    details: r.details,
  };
}

/** The append-only audit log (a trigger refuses updates and deletes). */
@Injectable()
export class AuditRepository {
  constructor(@Inject(Pool) private readonly pool: Pool) {}

  /** Writes one event; an event delivered again is written once. */
  async append(event: DomainEvent): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO access.audit (event_id, workspace_id, at, type, action, outcome, actor_user_id, actor_token_id, actor_client,
                                   target_type, target_id, correlation_id, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (event_id) DO NOTHING`,
        [
          event.id, event.workspaceId, event.occurredAt, event.type, event.action, event.outcome,
          event.actor.userId, event.actor.tokenId ?? null, event.actor.client ?? null,
          event.target.type, event.target.id, event.correlationId, JSON.stringify(event.data ?? {}),
        ],
      );
    } catch (err) {
      throw asServiceError(err);
    }
  }

  async list(workspaceId: string, f: Omit<ListAudit.Request, 'actor'>): Promise<AuditEntryView[]> {
    const params: unknown[] = [workspaceId];
    const where = ['workspace_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.action) add('action = ?', f.action);
    if (f.type) add('type = ?', f.type);
    if (f.outcome) add('outcome = ?', f.outcome);
    if (f.actorId) add('actor_user_id = ?', f.actorId);
    if (f.targetId) add('target_id = ?', f.targetId);
    if (f.correlationId) add('correlation_id = ?', f.correlationId);
    if (f.since) add('at >= ?::timestamptz', f.since);
    if (f.until) add('at < ?::timestamptz', f.until);
    if (f.cursor) add('seq < ?::bigint', f.cursor);
    params.push(f.limit + 1);
    try {
      const res = await this.pool.query(
        `SELECT * FROM access.audit WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
        params,
      );
      return res.rows.map(toView);
    } catch (err) {
      throw asServiceError(err);
    }
  }
}
