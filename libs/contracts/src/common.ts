import { z } from 'zod';
import { LIMITS } from './limits';
import { findForbiddenKey } from './json-guard';

export const ROLES = ['owner', 'admin', 'member'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who is asking; set by the gateway after authentication, required by every service command. */
export const Actor = z.object({
  userId: z.string().min(1),
  workspaceId: z.string().min(1),
  role: Role,
  tokenId: z.string().optional(),
  /** set when the token is limited to scopes; what it mints can be no wider */
  scopes: z.array(z.enum(['integrations:read', 'integrations:write', 'access:admin'])).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const ENVIRONMENTS = ['production', 'sandbox'] as const;
export const Environment = z.enum(ENVIRONMENTS);
export type Environment = z.infer<typeof Environment>;

export const RESOURCE_TYPES = ['flow', 'export', 'import', 'connection', 'script'] as const;
export const ResourceType = z.enum(RESOURCE_TYPES);
export type ResourceType = z.infer<typeof ResourceType>;

export const RESOURCE_KEY_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const ResourceKey = z.string().regex(RESOURCE_KEY_RE, 'key must match ^[a-z0-9][a-z0-9._-]{0,63}$');

export const Id = z.string().uuid();

/** Free JSON that never carries `$` or dotted keys (SPEC §2). */
export const SafeJson = z.unknown().superRefine((value, ctx) => {
  const bad = findForbiddenKey(value);
  if (bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `key not allowed (starts with "$" or contains "."): ${bad}` });
  }
});

export const Settings = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    const bad = findForbiddenKey(value);
    if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `key not allowed in settings: ${bad}` });
  });
export type Settings = Record<string, unknown>;

export const Name = z.string().trim().min(1).max(LIMITS.nameLength);
export const Description = z.string().max(LIMITS.descriptionLength);

export const FlowStep = z.object({
  id: z.string().min(1).max(128),
  kind: z.enum(['export', 'import', 'script']),
  ref: ResourceKey,
}).passthrough();
export type FlowStep = z.infer<typeof FlowStep>;

/**
 * A resource as a client writes it: `{ type, name, ...body }`. The body is free
 * JSON except a flow's `steps` and a connection's `config` / `credentials`.
 */
/** What a client sends for a resource (the public shape, as documented). */
export const ResourceBodyInput = z
  .object({
    type: ResourceType,
    name: Name,
    steps: z.array(FlowStep).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    /** write-only: never returned, stored encrypted */
    credentials: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .passthrough();

export const ResourceInput = ResourceBodyInput.extend({
  key: z.unknown().optional(),
  /** set by the gateway: credentials sealed for transport; plaintext never crosses the broker */
  sealedCredentials: z.string().max(4 * 1024 * 1024).nullable().optional(),
  hasCredentials: z.unknown().optional(),
  needsCredentials: z.unknown().optional(),
}).superRefine((value, ctx) => {
  const bad = findForbiddenKey(value);
  if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `key not allowed (starts with "$" or contains "."): ${bad}` });
  if (value.type === 'flow') {
    if (!value.steps) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'a flow needs steps (an array, may be empty)' });
    const seen = new Set<string>();
    for (const step of value.steps ?? []) {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps'], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
    }
  }
  if (value.type !== 'connection' && (value.credentials !== undefined || value.sealedCredentials !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['credentials'], message: 'only a connection has credentials' });
  }
});
export type ResourceInput = z.infer<typeof ResourceInput>;

/** A resource with its key, as it is returned. Connections carry credential flags, never credentials. */
export interface ResourceView {
  key: string;
  type: ResourceType;
  name: string;
  hasCredentials?: boolean;
  needsCredentials?: boolean;
  [field: string]: unknown;
}

/** Key, type and name first, the body after: how a resource reads best. */
export function orderResource<T extends { key: string; type: string; name: string }>(body: T): T {
  const { key, type, name, ...rest } = body;
  return { key, type, name, ...rest } as T;
}

export interface IntegrationSource {
  integrationId: string;
  revisionId: string;
}

export interface IntegrationView {
  id: string;
  workspaceId: string;
  environment: Environment;
  name: string;
  description: string;
  settings: Settings;
  version: number;
  createdAt: string;
  updatedAt: string;
  source?: IntegrationSource;
  resources: ResourceView[];
}

export type IntegrationSummaryView = Omit<IntegrationView, 'resources'> & { resourceCount: number };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const PageRequest = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
};

export const REVISION_TYPES = ['snapshot', 'pull', 'revert'] as const;
export type RevisionType = (typeof REVISION_TYPES)[number];
export const REVISION_STATUSES = ['in_progress', 'completed', 'failed', 'canceled'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

export interface ChangeCounts {
  added: number;
  modified: number;
  removed: number;
}

export interface RevisionSummary extends ChangeCounts {
  byType: Partial<Record<ResourceType | '$integration', ChangeCounts>>;
}

export interface RevisionView {
  id: string;
  integrationId: string;
  seq: number;
  type: RevisionType;
  status: RevisionStatus;
  description: string;
  createdBy: string;
  createdAt: string;
  parents: string[];
  summary: RevisionSummary;
  failureReason?: string;
}

/** The whole recorded state of an integration; never holds credentials. */
export interface IntegrationState {
  name: string;
  description: string;
  settings: Settings;
  resources: ResourceView[];
}

export interface RevisionDetailView extends RevisionView {
  state: IntegrationState;
}

export interface FieldChange {
  path: string;
  op: 'add' | 'remove' | 'replace';
  before?: unknown;
  after?: unknown;
}

export interface MoveChange {
  path: string;
  id: string;
  from: number;
  to: number;
}

export interface ResourceChange {
  key: string;
  type: ResourceType | '$integration';
  change: 'added' | 'removed' | 'modified';
  fields?: FieldChange[];
  moves?: MoveChange[];
  delta?: unknown;
}

export interface DiffView {
  from: string;
  to: string;
  changes: ResourceChange[];
}

export interface RevertView {
  id: string;
  integrationId: string;
  targetRevisionId: string;
  status: RevisionStatus;
  changes: ResourceChange[];
  previewHash: string;
  revisionId?: string;
  failureReason?: string;
  createdBy: string;
  createdAt: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids: anything else is answered "not found" without asking a database. */
export const isUuid = (id: string): boolean => UUID_RE.test(id);
