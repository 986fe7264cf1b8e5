import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Action, AuthorizeRequest, DomainError, ResolveTarget } from '@ilm/contracts';
import { EventPublisher } from '@ilm/messaging';
import { IlmRequest, correlationIdOf } from '../http/request-context';
import { ServiceClients } from '../service-clients';
import { ACCESS_KEY, AccessRule } from './access.decorator';
import { FailedAuthLimiter } from './failed-auth-limiter';

/** A decision is reused for at most this long, so a revoked token stops working within it. */
const DECISION_TTL_MS = 1000;
const MAX_TOKEN_LENGTH = 4096;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Every route but health, metrics and docs passes here: the bearer token is
 * checked and the route's action authorised by the access service, one call a
 * request (or none, for a decision made in the last second). Routes that name
 * a revision or revert are checked against the integration it belongs to.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly decisions = new LRUCache<string, AuthorizeRequest.Response>({ max: 10_000, ttl: DECISION_TTL_MS });
  private readonly limiter = new FailedAuthLimiter();

  constructor(
    private readonly reflector: Reflector,
    private readonly clients: ServiceClients,
    private readonly events: EventPublisher,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_KEY, context.getHandler());
    if (!rule) return true; // public route (health, metrics, docs)
    const req = context.switchToHttp().getRequest<IlmRequest>();
    req.correlationId ??= correlationIdOf(req);
    const client = req.ip ?? 'unknown';
    const token = bearerToken(req.headers.authorization);
    const tokenHash = token ? sha256(token) : undefined;

    const retryAfter = this.limiter.retryAfter(client, tokenHash);
    if (retryAfter > 0) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      this.deny(req, rule.action, client, 'rate_limited', 'too many failed authentications from this client');
      throw new DomainError('too_many_requests', 'too many failed authentications; retry later', { retryAfterSeconds: retryAfter });
    }
    if (!token || !tokenHash) {
      this.limiter.failed(client);
      this.deny(req, rule.action, client, 'denied', 'no well-formed bearer token');
      throw new DomainError('unauthenticated', 'send Authorization: Bearer <token>');
    }

    try {
      let integrationIds = rule.integrationParam ? [String(req.params[rule.integrationParam] ?? '').slice(0, 100)] : undefined;
      const also = rule.alsoBodyField ? (req.body as Record<string, unknown> | undefined)?.[rule.alsoBodyField] : undefined;
      if (integrationIds && typeof also === 'string') integrationIds.push(also.slice(0, 100));
      if (rule.resolve) {
        const { actor } = await this.authorize(req, token, tokenHash, 'self.read', undefined, client);
        // owners and admins may act on anything in their workspace: no need to know which integration
        if (actor.role === 'member') {
          const { kind, param, againstQuery } = rule.resolve;
          const owner = async (k: 'revision' | 'revert' | 'pull', id: unknown) =>
            (await this.clients.revisions.send(ResolveTarget, { actor, kind: k, id: String(id ?? '').slice(0, 100) })).integrationId;
          integrationIds = [await owner(kind, req.params[param])];
          const against = againstQuery ? req.query[againstQuery] : undefined;
          if (typeof against === 'string' && against !== 'live') integrationIds.push(await owner('revision', against));
        }
      }
      const decision = await this.authorize(req, token, tokenHash, rule.action, integrationIds, client);
      req.actor = decision.actor;
      req.visibleIntegrationIds = decision.visibleIntegrationIds;
      this.limiter.succeeded(tokenHash);
      return true;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'unauthenticated') this.limiter.failed(client);
      throw err;
    }
  }

  private async authorize(req: IlmRequest, token: string, tokenHash: string, action: Action, integrationIds: string[] | undefined, client: string) {
    const key = `${tokenHash}|${action}|${integrationIds?.join(',') ?? ''}`;
    const cached = this.decisions.get(key);
    if (cached) return cached;
    const decision = await this.clients.access.send(
      AuthorizeRequest,
      { token, action, client: client.slice(0, 100), ...(integrationIds ? { integrationIds } : {}) },
      { correlationId: req.correlationId },
    );
    this.decisions.set(key, decision);
    return decision;
  }

  /** Attempts refused before any token lookup are audited here; the access service audits the rest. */
  private deny(req: IlmRequest, action: Action, client: string, outcome: 'denied' | 'rate_limited', reason: string): void {
    void this.events.publish({
      type: 'access.denied',
      workspaceId: null,
      actor: { userId: null, tokenId: null, client },
      action,
      target: { type: 'route', id: `${req.method} ${req.route?.path ?? req.path}`.slice(0, 200) },
      outcome,
      data: { reason },
    });
  }
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const m = typeof header === 'string' ? /^Bearer ([\x21-\x7e]+)$/.exec(header.trim()) : null;
  return m && m[1].length <= MAX_TOKEN_LENGTH ? m[1] : undefined;
}
