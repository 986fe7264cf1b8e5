import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { Action, DomainError } from '@ilm/contracts';
import { EventPublisher } from '@ilm/messaging';
import { IlmRequest, correlationIdOf } from '../http/request-context';
import { ACCESS_KEY, AccessRule } from './access.decorator';
import { Authorizer } from './authorizer';
import { FailedAuthLimiter } from './failed-auth-limiter';

const MAX_TOKEN_LENGTH = 4096;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Every route but health, metrics and docs passes here: a well-formed bearer
 * token, a client not locked out by failed attempts, and the route's action
 * authorised (the Authorizer, which queue commands use too).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter = new FailedAuthLimiter();

  constructor(
    private readonly reflector: Reflector,
    private readonly authorizer: Authorizer,
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
      const decision = await this.authorizer.authorize(token, tokenHash, rule, { params: req.params, body: req.body, query: req.query, client });
      req.actor = decision.actor;
      req.visibleIntegrationIds = decision.visibleIntegrationIds;
      this.limiter.succeeded(tokenHash);
      return true;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'unauthenticated') this.limiter.failed(client);
      throw err;
    }
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

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const m = typeof header === 'string' ? /^Bearer ([\x21-\x7e]+)$/.exec(header.trim()) : null;
  return m && m[1].length <= MAX_TOKEN_LENGTH ? m[1] : undefined;
}
