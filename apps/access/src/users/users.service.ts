import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { Actor, CreateUser, DomainError, UpdateUser, UserView } from '@ilm/contracts';
import { EventOutbox } from '@ilm/outbox';
import { inTransaction } from '@ilm/storage';
import { assertAllowed } from '../policy/assert-allowed';
import { UsersRepository } from './users.repository';

/** People of a workspace. Only the owner makes or changes admins (SPEC §5). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly events: EventOutbox,
    @Inject(Pool) private readonly pool: Pool,
  ) {}

  async create(req: CreateUser.Request): Promise<UserView> {
    assertAllowed(req.actor, 'user.write');
    if (req.role === 'admin' && req.actor.role !== 'owner') throw new DomainError('forbidden', 'only the owner may make admins');
    const user = await inTransaction(this.pool, async (db) => {
      const made = await this.users.insert(req.actor.workspaceId, { id: randomUUID(), email: req.email, name: req.name, role: req.role }, db);
      if (!made) throw new DomainError('conflict', `a user with email ${req.email} already exists in this workspace`);
      await this.events.write(this.event(req.actor, 'user.created', 'user.create', made))(db);
      return made;
    });
    this.events.committed();
    return user;
  }

  async update(req: UpdateUser.Request): Promise<UserView> {
    assertAllowed(req.actor, 'user.write');
    const target = await this.mustFind(req.actor, req.userId);
    if (target.role === 'owner' && req.patch.role) throw new DomainError('forbidden', 'the owner stays the owner');
    const touchesAdmin = target.role === 'admin' || req.patch.role === 'admin';
    if (touchesAdmin && req.actor.role !== 'owner') throw new DomainError('forbidden', 'only the owner may change admins');
    const user = await inTransaction(this.pool, async (db) => {
      const changed = (await this.users.update(req.actor.workspaceId, target.id, req.patch, db))!;
      await this.events.write(this.event(req.actor, 'user.updated', 'user.update', changed, { before: { role: target.role, name: target.name } }))(db);
      return changed;
    });
    this.events.committed();
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

  private event(actor: Actor, type: 'user.created' | 'user.updated', action: string, user: UserView, extra: Record<string, unknown> = {}) {
    return this.events.change(actor, type, action, { type: 'user', id: user.id }, { role: user.role, email: user.email, ...extra });
  }
}
