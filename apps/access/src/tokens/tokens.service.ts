import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { Actor, CreateToken, DomainError, IssuedToken, RevokeToken, UserView } from '@ilm/contracts';
import { EventOutbox } from '@ilm/outbox';
import { inTransaction } from '@ilm/storage';
import { UsersService } from '../users/users.service';
import { hashToken, newToken } from './token-hash';
import { TokensRepository } from './tokens.repository';

/**
 * Tokens: 256 random bits, shown once, stored as a hash. Anyone may make and
 * revoke their own; an admin those of members; the owner anyone's.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly users: UsersService,
    private readonly events: EventOutbox,
    @Inject(Pool) private readonly pool: Pool,
  ) {}

  async create(req: CreateToken.Request): Promise<IssuedToken> {
    const { actor } = req;
    const user = req.userId && req.userId !== actor.userId ? await this.users.mustFind(actor, req.userId) : undefined;
    if (user) this.assertMayManage(actor, user, 'make tokens for');
    if (req.expiresAt && Date.parse(req.expiresAt) <= Date.now()) throw new DomainError('validation_failed', 'expiresAt must be in the future');
    if (actor.scopes && (!req.scopes || req.scopes.some((s) => !actor.scopes!.includes(s)))) {
      throw new DomainError('forbidden', `a token limited to ${actor.scopes.join(', ')} can only make tokens within those scopes`);
    }
    const token = newToken();
    const view = await inTransaction(this.pool, async (db) => {
      const made = await this.tokens.insert(
        actor.workspaceId,
        { id: randomUUID(), userId: user?.id ?? actor.userId, name: req.name, tokenHash: hashToken(token), expiresAt: req.expiresAt, scopes: req.scopes },
        db,
      );
      const event = this.events.change(actor, 'token.created', 'token.create', { type: 'token', id: made.id }, {
        userId: made.userId,
        name: made.name,
        scopes: made.scopes,
        expiresAt: made.expiresAt,
      });
      await this.events.write(event)(db);
      return made;
    });
    this.events.committed();
    return { id: view.id, name: view.name, userId: view.userId, token, scopes: view.scopes, expiresAt: view.expiresAt };
  }

  async revoke(req: RevokeToken.Request): Promise<RevokeToken.Response> {
    const { actor } = req;
    const token = await this.tokens.find(actor.workspaceId, req.tokenId);
    if (!token) throw new DomainError('not_found', 'token not found');
    if (token.userId !== actor.userId) this.assertMayManage(actor, await this.users.mustFind(actor, token.userId), 'revoke tokens of');
    await inTransaction(this.pool, async (db) => {
      await this.tokens.revoke(actor.workspaceId, token.id, db);
      await this.events.write(this.events.change(actor, 'token.revoked', 'token.revoke', { type: 'token', id: token.id }, { userId: token.userId }))(db);
    });
    this.events.committed();
    return { id: token.id, revoked: true };
  }

  private assertMayManage(actor: Actor, user: UserView, what: string): void {
    const allowed = actor.role === 'owner' || (actor.role === 'admin' && user.role === 'member');
    if (!allowed) throw new DomainError('forbidden', `you may not ${what} this user`);
  }
}
