import { Action, Actor, DomainError, GrantLevel } from '@ilm/contracts';
import { decide } from './access-policy';

/**
 * The access service's own commands check the actor again (the gateway already
 * did): a command reaching the queue by another path gets no more rights.
 * Scopes were checked when the token was authorised.
 */
export function assertAllowed(actor: Actor, action: Action, grants: (GrantLevel | undefined)[] = []): void {
  const decision = decide({ role: actor.role, scopes: null }, action, grants);
  if (!decision.allowed) throw new DomainError('forbidden', decision.reason);
}
