import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Action, AuthorizeRequest, ResolveTarget } from '@ilm/contracts';
import { ServiceClients } from '../service-clients';
import { AccessRule } from './access.decorator';

/** A decision is reused for at most this long, so a revoked token stops working within it. */
const DECISION_TTL_MS = 1000;

/** What a rule reads from a request: route parameters, body, query. */
export interface RequestParts {
  params: Record<string, unknown>;
  body?: unknown;
  query?: Record<string, unknown>;
  client: string;
}

/**
 * Decides whether a token may do what a rule says, asking the access service
 * (one call, or none for a decision made in the last second). HTTP routes and
 * queue commands both come here: one code path for access.
 */
@Injectable()
export class Authorizer {
  private readonly decisions = new LRUCache<string, AuthorizeRequest.Response>({ max: 10_000, ttl: DECISION_TTL_MS });

  constructor(private readonly clients: ServiceClients) {}

  async authorize(token: string, tokenHash: string, rule: AccessRule, parts: RequestParts): Promise<AuthorizeRequest.Response> {
    let integrationIds = rule.integrationParam ? [String(parts.params[rule.integrationParam] ?? '').slice(0, 100)] : undefined;
    const also = rule.alsoBodyField ? (parts.body as Record<string, unknown> | undefined)?.[rule.alsoBodyField] : undefined;
    if (integrationIds && typeof also === 'string') integrationIds.push(also.slice(0, 100));
    if (rule.resolve) {
      const { actor } = await this.decide(token, tokenHash, 'self.read', undefined, parts.client);
      // owners and admins may act on anything in their workspace: no need to know which integration
      if (actor.role === 'member') {
        const { kind, param, againstQuery } = rule.resolve;
        const owner = async (k: 'revision' | 'revert' | 'pull', id: unknown) =>
          (await this.clients.revisions.send(ResolveTarget, { actor, kind: k, id: String(id ?? '').slice(0, 100) })).integrationId;
        integrationIds = [await owner(kind, parts.params[param])];
        const against = againstQuery ? parts.query?.[againstQuery] : undefined;
        if (typeof against === 'string' && against !== 'live') integrationIds.push(await owner('revision', against));
      }
    }
    return this.decide(token, tokenHash, rule.action, integrationIds, parts.client);
  }

  private async decide(token: string, tokenHash: string, action: Action, integrationIds: string[] | undefined, client: string) {
    const key = `${tokenHash}|${action}|${integrationIds?.join(',') ?? ''}`;
    const cached = this.decisions.get(key);
    if (cached) return cached;
    const decision = await this.clients.access.send(AuthorizeRequest, {
      token,
      action,
      client: client.slice(0, 100),
      ...(integrationIds ? { integrationIds } : {}),
    });
    this.decisions.set(key, decision);
    return decision;
  }
}
