import { SetMetadata } from '@nestjs/common';
import type { Action } from '@ilm/contracts';

export const ACCESS_KEY = 'ilm:access';

export interface AccessRule {
  action: Action;
  /** route parameter holding the integration id the action targets */
  integrationParam?: string;
  /** body field naming a second integration the action reads (a pull's remote): needs `monitor` on it */
  alsoBodyField?: string;
  /** route parameter holding a revision or revert id whose integration the action targets */
  resolve?: { kind: 'revision' | 'revert' | 'pull'; param: string; againstQuery?: string };
}

/** Declares what a route does, so the guard can ask the access service about exactly that. */
export const Access = (action: Action, integrationParam?: string, alsoBodyField?: string) =>
  SetMetadata(ACCESS_KEY, { action, integrationParam, alsoBodyField } satisfies AccessRule);

/**
 * For routes that name a revision or revert: the grant checked is on the
 * integration it belongs to (and, with `againstQuery`, on that of the revision
 * named in the query too, unless it says "live").
 */
export const AccessVia = (action: Action, kind: 'revision' | 'revert' | 'pull', param: string, againstQuery?: string) =>
  SetMetadata(ACCESS_KEY, { action, resolve: { kind, param, againstQuery } } satisfies AccessRule);
