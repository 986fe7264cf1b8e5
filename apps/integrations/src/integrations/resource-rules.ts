import { DomainError, LIMITS, orderResource, ResourceInput, ResourceType, ResourceView, jsonBytes } from '@ilm/contracts';

/** A resource as stored in the object store: `{key, type, name, ...body}`, never credentials. */
export type ResourceBody = { key: string; type: ResourceType; name: string; steps?: { id: string; kind: string; ref: string }[] } & Record<
  string,
  unknown
>;

export interface NormalizedResource {
  body: ResourceBody;
  /** undefined: leave credentials as they are; null: clear them; string: sealed for transport */
  sealedCredentials: string | null | undefined;
}

const NOT_STORED = new Set(['key', 'credentials', 'sealedCredentials', 'hasCredentials', 'needsCredentials']);

export function normalizeResource(key: string, input: ResourceInput): NormalizedResource {
  if (input.key !== undefined && input.key !== key) {
    throw new DomainError('validation_failed', `resource key "${String(input.key)}" does not match the path key "${key}"`);
  }
  if (input.credentials !== undefined) {
    // only the gateway talks to this service, and it seals; plaintext here is a bug upstream
    throw new DomainError('validation_failed', 'credentials must arrive sealed');
  }
  const body: Record<string, unknown> = { key };
  for (const [field, value] of Object.entries(input)) {
    if (!NOT_STORED.has(field)) body[field] = value;
  }
  const bytes = jsonBytes(body);
  if (bytes > LIMITS.resourceBytes) {
    throw new DomainError('payload_too_large', `resource "${key}" is ${bytes} bytes; the limit is ${LIMITS.resourceBytes}`, {
      key,
      bytes,
      limit: LIMITS.resourceBytes,
    });
  }
  return { body: body as ResourceBody, sealedCredentials: input.sealedCredentials };
}

export interface BrokenReference {
  flowKey: string;
  stepId: string;
  ref: string;
  expected: string;
  found: string | null;
}

/** Every flow step must name a resource of its kind in the same integration (SPEC §2). */
export function brokenReferences(flows: Iterable<ResourceBody>, typeOf: (key: string) => string | undefined): BrokenReference[] {
  const broken: BrokenReference[] = [];
  for (const flow of flows) {
    for (const step of flow.steps ?? []) {
      const found = typeOf(step.ref);
      if (found !== step.kind) broken.push({ flowKey: flow.key, stepId: step.id, ref: step.ref, expected: step.kind, found: found ?? null });
    }
  }
  return broken;
}

export function assertReferences(broken: BrokenReference[]): void {
  if (broken.length === 0) return;
  const first = broken[0];
  throw new DomainError(
    'invalid_reference',
    `flow "${first.flowKey}" step "${first.stepId}" refers to ${first.expected} "${first.ref}", which ${first.found ? `is a ${first.found}` : 'does not exist'}`,
    { references: broken.slice(0, 100) },
  );
}

/** Flows (and their step ids) that use `key`. */
export function referencesTo(key: string, resources: Iterable<ResourceBody>): { flowKey: string; stepIds: string[] }[] {
  const out: { flowKey: string; stepIds: string[] }[] = [];
  for (const r of resources) {
    if (r.type !== 'flow') continue;
    const stepIds = (r.steps ?? []).filter((s) => s.ref === key).map((s) => s.id);
    if (stepIds.length > 0) out.push({ flowKey: r.key, stepIds });
  }
  return out;
}

export function toResourceView(body: ResourceBody, keysWithCredentials: Set<string>): ResourceView {
  const view = orderResource(body) as ResourceView;
  if (body.type !== 'connection') return view;
  const has = keysWithCredentials.has(body.key);
  return { ...view, hasCredentials: has, needsCredentials: !has };
}
