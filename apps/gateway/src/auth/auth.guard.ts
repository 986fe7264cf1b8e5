import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Actor, AuthorizeRequest, DomainError } from '@ilm/contracts';
import { IlmRequest, correlationIdOf } from '../http/request-context';
import { ServiceClients } from '../service-clients';
import { ACCESS_KEY, AccessRule } from './access.decorator';

/** A decision is reused for at most this long, so a revoked token stops working within it. */
const DECISION_TTL_MS = 1000;
const MAX_TOKEN_LENGTH = 4096;

/**
 * Every route but health, metrics and docs passes here: the bearer token is
 * checked and the route's action authorised by the access service, one call a
 * request (or none, for a decision made in the last second).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly decisions = new LRUCache<string, Actor>({ max: 10_000, ttl: DECISION_TTL_MS });

  constructor(
    private readonly reflector: Reflector,
    private readonly clients: ServiceClients,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_KEY, context.getHandler());
    if (!rule) return true; // public route (health, metrics, docs)
    const req = context.switchToHttp().getRequest<IlmRequest>();
    req.correlationId ??= correlationIdOf(req);
    const token = bearerToken(req.headers.authorization);
    const integrationId = rule.integrationParam ? String(req.params[rule.integrationParam] ?? '') : undefined;
    const key = `${createHash('sha256').update(token).digest('hex')}|${rule.action}|${integrationId ?? ''}`;
    let actor = this.decisions.get(key);
    if (!actor) {
      const res = await this.clients.access.send(
        AuthorizeRequest,
        { token, action: rule.action, ...(integrationId ? { integrationId: integrationId.slice(0, 100) } : {}) },
        { correlationId: req.correlationId },
      );
      actor = res.actor;
      this.decisions.set(key, actor);
    }
    req.actor = actor;
    return true;
  }
}

function bearerToken(header: string | undefined): string {
  const m = typeof header === 'string' ? /^Bearer ([\x21-\x7e]+)$/.exec(header.trim()) : null;
  if (!m || m[1].length > MAX_TOKEN_LENGTH) {
    throw new DomainError('unauthenticated', 'send Authorization: Bearer <token>');
  }
  return m[1];
}
