import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CreateUser, DomainError, UpdateUser, UserView } from '@ilm/contracts';
import { EventPublisher } from '@ilm/messaging';
import { assertAllowed } from '../policy/assert-allowed';
import { UsersRepository } from './users.repository';

/** People of a workspace. Only the owner makes or changes admins (SPEC §5). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly events: EventPublisher,
  ) {}

  async create(req: CreateUser.Request): Promise<UserView> {
    assertAllowed(req.actor, 'user.write');
    if (req.role === 'admin' && req.actor.role !== 'owner') throw new DomainError('forbidden', 'only the owner may make admins');
    const user = await this.users.insert(req.actor.workspaceId, { id: randomUUID(), email: req.email, name: req.name, role: req.role });
    if (!user) throw new DomainError('conflict', `a user with email ${req.email} already exists in this workspace`);
    await this.publish(req.actor, 'user.created', 'user.create', user);
    return user;
  }

  async update(req: UpdateUser.Request): Promise<UserView> {
    assertAllowed(req.actor, 'user.write');
    const target = await this.mustFind(req.actor, req.userId);
    if (target.role === 'owner' && req.patch.role) throw new DomainError('forbidden', 'the owner stays the owner');
    const touchesAdmin = target.role === 'admin' || req.patch.role === 'admin';
    if (touchesAdmin && req.actor.role !== 'owner') throw new DomainError('forbidden', 'only the owner may change admins');
    const user = (await this.users.update(req.actor.workspaceId, target.id, req.patch))!;
    await this.publish(req.actor, 'user.updated', 'user.update', user, { before: { role: target.role, name: target.name } });
    return user;
  }

  async list(actor: Actor): Promise<{ items: UserView[]; nextCursor: null }> {
    assertAllowed(actor, 'user.read');
    return { items: await this.users.list(actor.workspaceId), nextCursor: null };
  }

  async mustFind(actor: Actor, userId: string): Promise<UserView> {
    const user = await this.users.find(actor.workspaceId, userId);
    if (!user) throw new DomainError('not_found', 'user not found');
    return user;
  }

  private publish(actor: Actor, type: 'user.created' | 'user.updated', action: string, user: UserView, extra: Record<string, unknown> = {}) {
    return this.events.publishChange(actor, type, action, { type: 'user', id: user.id }, { role: user.role, email: user.email, ...extra });
  }
}
