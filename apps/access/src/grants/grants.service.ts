import { Inject, Injectable } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { Actor, DeleteGrant, DomainError, GrantView, PutGrant } from '@ilm/contracts';
import { EventOutbox } from '@ilm/outbox';
import { inTransaction } from '@ilm/storage';
import { assertAllowed } from '../policy/assert-allowed';
import { UsersService } from '../users/users.service';
import { GrantsRepository } from './grants.repository';

/** Per-integration grants for members; the gateway has checked the integration exists in the workspace. */
@Injectable()
export class GrantsService {
  constructor(
    private readonly grants: GrantsRepository,
    private readonly users: UsersService,
    private readonly events: EventOutbox,
    @Inject(Pool) private readonly pool: Pool,
  ) {}

  async put(req: PutGrant.Request): Promise<GrantView> {
    assertAllowed(req.actor, 'grant.write');
    const user = await this.users.mustFind(req.actor, req.userId);
    if (user.role !== 'member') throw new DomainError('validation_failed', `a ${user.role} may do everything already; grants are for members`);
    return this.changed(req.actor, req.integrationId, user.id, req.level, (db) =>
      this.grants.put(req.actor.workspaceId, { integrationId: req.integrationId, userId: user.id, level: req.level, grantedBy: req.actor.userId }, db),
    );
  }

  /** The member who made an integration (clone, import) may manage it; owners and admins need no grant. */
  async grantCreator(actor: Actor, integrationId: string): Promise<{ granted: boolean }> {
    if (actor.role !== 'member') return { granted: false };
    await this.changed(actor, integrationId, actor.userId, 'manage', (db) =>
      this.grants.put(actor.workspaceId, { integrationId, userId: actor.userId, level: 'manage', grantedBy: actor.userId }, db),
    );
    return { granted: true };
  }

  async remove(req: DeleteGrant.Request): Promise<DeleteGrant.Response> {
    assertAllowed(req.actor, 'grant.write');
    await this.changed(req.actor, req.integrationId, req.userId, null, async (db) => {
      if (!(await this.grants.remove(req.actor.workspaceId, req.integrationId, req.userId, db))) {
        throw new DomainError('not_found', 'this user has no grant on this integration');
      }
    });
    return { integrationId: req.integrationId, userId: req.userId, deleted: true };
  }

  async list(actor: Actor, integrationId: string): Promise<{ items: GrantView[]; nextCursor: null }> {
    assertAllowed(actor, 'grant.read');
    return { items: await this.grants.list(actor.workspaceId, integrationId), nextCursor: null };
  }

  /** A grant change and its `grant.changed` event, committed together. */
  private async changed<T>(actor: Actor, integrationId: string, userId: string, level: string | null, change: (db: PoolClient) => Promise<T>): Promise<T> {
    const event = this.events.change(actor, 'grant.changed', level ? 'grant.put' : 'grant.delete', { type: 'integration', id: integrationId }, { userId, level });
    const result = await inTransaction(this.pool, async (db) => {
      const out = await change(db);
      await this.events.write(event)(db);
      return out;
    });
    this.events.committed();
    return result;
  }
}
