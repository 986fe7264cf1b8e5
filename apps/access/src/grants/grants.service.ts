import { Injectable } from '@nestjs/common';
import { Actor, DeleteGrant, DomainError, GrantView, PutGrant } from '@ilm/contracts';
import { EventPublisher } from '@ilm/messaging';
import { assertAllowed } from '../policy/assert-allowed';
import { UsersService } from '../users/users.service';
import { GrantsRepository } from './grants.repository';

/** Per-integration grants for members; the gateway has checked the integration exists in the workspace. */
@Injectable()
export class GrantsService {
  constructor(
    private readonly grants: GrantsRepository,
    private readonly users: UsersService,
    private readonly events: EventPublisher,
  ) {}

  async put(req: PutGrant.Request): Promise<GrantView> {
    assertAllowed(req.actor, 'grant.write');
    const user = await this.users.mustFind(req.actor, req.userId);
    if (user.role !== 'member') throw new DomainError('validation_failed', `a ${user.role} may do everything already; grants are for members`);
    const grant = await this.grants.put(req.actor.workspaceId, { integrationId: req.integrationId, userId: user.id, level: req.level, grantedBy: req.actor.userId });
    await this.publish(req.actor, req.integrationId, user.id, req.level);
    return grant;
  }

  /** The member who made an integration (clone, import) may manage it; owners and admins need no grant. */
  async grantCreator(actor: Actor, integrationId: string): Promise<{ granted: boolean }> {
    if (actor.role !== 'member') return { granted: false };
    await this.grants.put(actor.workspaceId, { integrationId, userId: actor.userId, level: 'manage', grantedBy: actor.userId });
    await this.publish(actor, integrationId, actor.userId, 'manage');
    return { granted: true };
  }

  async remove(req: DeleteGrant.Request): Promise<DeleteGrant.Response> {
    assertAllowed(req.actor, 'grant.write');
    if (!(await this.grants.remove(req.actor.workspaceId, req.integrationId, req.userId))) {
      throw new DomainError('not_found', 'this user has no grant on this integration');
    }
    await this.publish(req.actor, req.integrationId, req.userId, null);
    return { integrationId: req.integrationId, userId: req.userId, deleted: true };
  }

  async list(actor: Actor, integrationId: string): Promise<{ items: GrantView[]; nextCursor: null }> {
    assertAllowed(actor, 'grant.read');
    return { items: await this.grants.list(actor.workspaceId, integrationId), nextCursor: null };
  }

  private publish(actor: Actor, integrationId: string, userId: string, level: string | null) {
    return this.events.publishChange(actor, 'grant.changed', level ? 'grant.put' : 'grant.delete', { type: 'integration', id: integrationId }, { userId, level });
  }
}
