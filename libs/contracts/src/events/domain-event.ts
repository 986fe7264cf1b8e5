/**
 * What every service publishes to the `ilm.events` topic exchange after a
 * change commits (and what the access service writes to the audit log).
 * The routing key is `type`. Never carries credentials.
 */
export const EVENT_TYPES = [
  'integration.created',
  'integration.updated',
  'integration.deleted',
  'resource.changed',
  'revision.created',
  'revert.applied',
  'pull.opened',
  'pull.resolved',
  'pull.approved',
  'pull.merged',
  'pull.failed',
  'pull.canceled',
  'workspace.created',
  'user.created',
  'user.updated',
  'token.created',
  'token.revoked',
  'grant.changed',
  'access.denied',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type Outcome = 'success' | 'denied' | 'rate_limited';

export interface EventActor {
  userId: string | null;
  tokenId?: string | null;
  /** client address, for attempts made without a known token */
  client?: string;
}

export interface DomainEvent<D = Record<string, unknown>> {
  /** unique; consumers dedupe on it */
  id: string;
  type: EventType;
  occurredAt: string;
  /** null only for attempts whose workspace is unknown (no or unknown token) */
  workspaceId: string | null;
  actor: EventActor;
  /** what was done, e.g. `resource.write`, `snapshot.create` */
  action: string;
  target: { type: string; id: string | null };
  outcome: Outcome;
  correlationId: string | null;
  data: D;
}
