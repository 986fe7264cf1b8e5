import { Injectable } from '@nestjs/common';
import { Action, Actor, AuthorizeRequest, DomainError } from '@ilm/contracts';
import { hashToken } from '../tokens/token-hash';
import { TokensRepository } from '../tokens/tokens.repository';

/** Authentication and authorisation of one request: the single place access is decided. */
@Injectable()
export class AuthorizationService {
  constructor(private readonly tokens: TokensRepository) {}

  async authorize(req: AuthorizeRequest.Request): Promise<AuthorizeRequest.Response> {
    const owner = await this.tokens.findByHash(hashToken(req.token));
    if (!owner || owner.revokedAt || (owner.expiresAt && Date.parse(owner.expiresAt) <= Date.now())) {
      // one answer for unknown, revoked and expired: a caller learns nothing about a token
      throw new DomainError('unauthenticated', 'missing, invalid, expired or revoked token');
    }
    const actor: Actor = { userId: owner.userId, workspaceId: owner.workspaceId, role: owner.role, tokenId: owner.tokenId };
    if (!this.allowed(actor, req.action)) {
      throw new DomainError('forbidden', `not allowed to ${req.action}`);
    }
    return { actor };
  }

  /** Owners and admins may do everything in their workspace; members get grants in a later issue. */
  private allowed(actor: Actor, action: Action): boolean {
    if (actor.role === 'owner' || actor.role === 'admin') return true;
    return action === 'self.read';
  }
}
