import type { Action, GrantLevel, Role, Scope } from '@ilm/contracts';

/**
 * Who may do what (SPEC §5), as data: the one table every decision reads.
 * - `admin`: owner or admin of the workspace only.
 * - `any`: every authenticated user (the service may check more, e.g. whose token).
 * - a grant level: owners and admins always; a member needs that grant on the integration.
 */
type Requirement = 'admin' | 'owner' | 'any' | GrantLevel;

export const REQUIREMENTS: Record<Action, Requirement> = {
  'integration.create': 'admin',
  'integration.list': 'any',
  'integration.read': 'monitor',
  'integration.update': 'manage',
  'integration.delete': 'admin',
  'resource.write': 'manage',
  'snapshot.create': 'manage',
  'revision.read': 'monitor',
  'revert.create': 'manage',
  'revert.apply': 'manage',
  'grant.read': 'admin',
  'grant.write': 'admin',
  'user.read': 'admin',
  'user.write': 'admin',
  'token.create': 'any',
  'token.revoke': 'any',
  'audit.read': 'admin',
  'workspace.create': 'owner',
  'self.read': 'any',
  'ops.read': 'admin',
  'integration.clone': 'manage',
  'integration.import': 'admin',
  'pull.create': 'manage',
  'pull.read': 'monitor',
  'pull.resolve': 'manage',
  'pull.approve': 'manage',
  'pull.merge': 'manage',
  'pull.cancel': 'manage',
};

/** The scope a limited (service) token needs for an action; undefined: any token may. */
export const SCOPE_OF: Partial<Record<Action, Scope>> = {
  'integration.list': 'integrations:read',
  'integration.read': 'integrations:read',
  'revision.read': 'integrations:read',
  'pull.read': 'integrations:read',
  'integration.clone': 'integrations:write',
  'integration.import': 'integrations:write',
  'pull.create': 'integrations:write',
  'pull.resolve': 'integrations:write',
  'pull.approve': 'integrations:write',
  'pull.merge': 'integrations:write',
  'pull.cancel': 'integrations:write',
  'integration.create': 'integrations:write',
  'integration.update': 'integrations:write',
  'integration.delete': 'integrations:write',
  'resource.write': 'integrations:write',
  'snapshot.create': 'integrations:write',
  'revert.create': 'integrations:write',
  'revert.apply': 'integrations:write',
  'grant.read': 'access:admin',
  'grant.write': 'access:admin',
  'user.read': 'access:admin',
  'user.write': 'access:admin',
  'token.create': 'access:admin',
  'audit.read': 'access:admin',
  'workspace.create': 'access:admin',
};

const RANK: Record<GrantLevel, number> = { monitor: 1, manage: 2 };

export interface Subject {
  role: Role;
  /** null: the token has all of its user's rights */
  scopes: Scope[] | null;
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

/**
 * `grants` holds the caller's grant on each integration the action touches, in
 * order (undefined: none). The first integration needs the action's level; any
 * further one (a pull's remote) needs at least `monitor`.
 */
export function decide(subject: Subject, action: Action, grants: (GrantLevel | undefined)[]): Decision {
  const scope = SCOPE_OF[action];
  if (scope && subject.scopes && !subject.scopes.includes(scope)) {
    return { allowed: false, reason: `this token is limited to ${subject.scopes.join(', ')}; ${action} needs ${scope}` };
  }
  const need = REQUIREMENTS[action];
  if (need === 'any') return { allowed: true };
  if (need === 'owner') return subject.role === 'owner' ? { allowed: true } : { allowed: false, reason: `only the owner may ${action}` };
  if (subject.role === 'owner' || subject.role === 'admin') return { allowed: true };
  if (need === 'admin') return { allowed: false, reason: `only an owner or admin may ${action}` };
  if (grants.length === 0) return { allowed: false, reason: `${action} needs a grant on the integration` };
  for (let i = 0; i < grants.length; i++) {
    const required = i === 0 ? need : 'monitor';
    const has = grants[i];
    if (!has || RANK[has] < RANK[required]) {
      return { allowed: false, reason: `${action} needs the ${required} grant on the integration` };
    }
  }
  return { allowed: true };
}
