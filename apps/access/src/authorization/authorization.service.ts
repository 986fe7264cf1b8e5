import { Injectable } from '@nestjs/common';
import { Actor, AuthorizeRequest, DomainError } from '@ilm/contracts';
import { EventOutbox } from '@ilm/outbox';
import { GrantsRepository } from '../grants/grants.repository';
import { decide } from '../policy/access-policy';
import { hashToken } from '../tokens/token-hash';
import { TokenOwner, TokensRepository } from '../tokens/tokens.repository';

/** Authentication and authorisation of one request: the single place access is decided. */
@Injectable()
export class AuthorizationService {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly grants: GrantsRepository,
    private readonly events: EventOutbox,
  ) {}

  async authorize(req: AuthorizeRequest.Request): Promise<AuthorizeRequest.Response> {
    const owner = await this.tokens.findByHash(hashToken(req.token));
    if (!owner || owner.revokedAt || (owner.expiresAt && Date.parse(owner.expiresAt) <= Date.now())) {
      const why = !owner ? 'unknown token' : owner.revokedAt ? 'revoked token' : 'expired token';
      await this.denied(req, owner, why);
      // one answer for unknown, revoked and expired: a caller learns nothing about a token
      throw new DomainError('unauthenticated', 'missing, invalid, expired or revoked token');
    }
    const actor: Actor = {
      userId: owner.userId,
      workspaceId: owner.workspaceId,
      role: owner.role,
      tokenId: owner.tokenId,
      ...(owner.scopes ? { scopes: owner.scopes } : {}),
    };
    const integrationIds = req.integrationIds ?? [];
    const levels = owner.role === 'member' && integrationIds.length > 0 ? await this.grants.levels(owner.workspaceId, owner.userId, integrationIds) : [];
    const decision = decide({ role: owner.role, scopes: owner.scopes }, req.action, levels);
    if (!decision.allowed) {
      await this.denied(req, owner, decision.reason);
      throw new DomainError('forbidden', decision.reason);
    }
    if (req.action === 'integration.list' && owner.role === 'member') {
      return { actor, visibleIntegrationIds: await this.grants.integrationsOf(owner.workspaceId, owner.userId) };
    }
    return { actor };
  }

  private denied(req: AuthorizeRequest.Request, owner: TokenOwner | undefined, reason: string): Promise<void> {
    return this.events.record(this.events.event({
      type: 'access.denied',
      workspaceId: owner?.workspaceId ?? null,
      actor: { userId: owner?.userId ?? null, tokenId: owner?.tokenId ?? null, ...(req.client ? { client: req.client } : {}) },
      action: req.action,
      target: req.integrationIds?.length ? { type: 'integration', id: req.integrationIds[0] } : { type: 'workspace', id: owner?.workspaceId ?? null },
      outcome: 'denied',
      data: { reason },
    }));
  }
}
