import type { ConflictKind, ConflictView } from '@ilm/contracts';
import { hashOf } from './canonical';
import { mergeValues, sameJson } from './merge-values';


export type Body = { key: string; type: string; name?: string; steps?: { id: string; kind: string; ref: string }[] } & Record<string, unknown>;

/** A conflict as a pull shows it, before any resolution; `id` is stable for the same conflict whatever the recompute. */
export type MergeConflict = Omit<ConflictView, 'resolution'>;

export type Resolution = { choice: 'current' | 'remote' } | { value: unknown };

/** One resource on the three sides; only resources changed on at least one side are given. */
export interface ResourceSides {
  key: string;
  base?: Body;
  current?: Body;
  remote?: Body;
}

export interface MergePolicy {
  /** `<type>.<dotted.path>`: on modify, these fields stay as they are in current */
  ignore?: string[];
  /** `<type>[.<dotted.path>]` → side: conflicts at (or under) the path resolve to that side */
  prefer?: { path: string; side: 'current' | 'remote' }[];
}

export interface ResourceMerge {
  /** key → merged body, or null for "not in the merged state"; keys absent here stay as in current */
  results: Map<string, Body | null>;
  conflicts: MergeConflict[];
}

export const conflictId = (kind: ConflictKind, resourceKey: string, path: string): string =>
  hashOf({ kind, resourceKey, path }).slice(0, 16);

/** `flow.config.pageSize` → { type: 'flow', pointer: '/config/pageSize' } */
function parsePolicyPath(spec: string): { type: string; pointer: string } {
  const [type, ...rest] = spec.split('.');
  return { type, pointer: rest.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') };
}

function getAt(value: unknown, pointer: string): unknown {
  let v = value;
  for (const token of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

/** Returns a copy of `value` with `pointer` set (undefined removes it); creates objects on the way. */
export function setAt<T>(value: T, pointer: string, next: unknown): T {
  if (pointer === '') return next as T;
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const root = structuredClone(value) as Record<string, unknown>;
  let node: Record<string, unknown> | unknown[] = root;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    const child = (node as Record<string, unknown>)[t];
    if (child === null || typeof child !== 'object') (node as Record<string, unknown>)[t] = {};
    node = (node as Record<string, unknown>)[t] as Record<string, unknown>;
  }
  const last = tokens[tokens.length - 1];
  if (Array.isArray(node)) {
    const i = Number(last);
    if (next === undefined) node.splice(i, 1);
    else node[i] = next;
  } else if (next === undefined) delete (node as Record<string, unknown>)[last];
  else (node as Record<string, unknown>)[last] = next;
  return root as T;
}

/** `pull.ignore`: on a resource modified on both sides or remote only, ignored fields keep current's value. */
function applyIgnore(sides: ResourceSides, ignore: string[]): Body | undefined {
  const { current, remote } = sides;
  if (!current || !remote || current.type !== remote.type || !sides.base) return remote;
  let out = remote;
  for (const spec of ignore) {
    const { type, pointer } = parsePolicyPath(spec);
    if (type !== current.type || pointer === '') continue;
    out = setAt(out, pointer, getAt(current, pointer));
  }
  return out;
}

function preferred(policy: MergePolicy, type: string | undefined, path: string): 'current' | 'remote' | undefined {
  for (const rule of policy.prefer ?? []) {
    const p = parsePolicyPath(rule.path);
    if (p.type !== type) continue;
    if (path === p.pointer || path.startsWith(`${p.pointer}/`) || p.pointer === '') return rule.side;
  }
  return undefined;
}

/**
 * Tree-level 3-way merge of the resources that changed on either side (DESIGN
 * "Merge"): a resource changed on one side only takes that side whole; changed
 * on both goes field by field; deleted on one side and modified on the other
 * is `delete-modify`; added on both with different bodies is `add-add`.
 * `resolutions` (by conflict id) and the policy's `prefer` settle conflicts.
 */
export function mergeResources(changed: ResourceSides[], policy: MergePolicy = {}, resolutions: Map<string, Resolution> = new Map()): ResourceMerge & {
  auto: Map<string, 'current' | 'remote'>;
} {
  const results = new Map<string, Body | null>();
  const conflicts: MergeConflict[] = [];
  const auto = new Map<string, 'current' | 'remote'>();

  /** Records a conflict; returns the resolution that settles it, if any. */
  const conflict = (type: string, c: Omit<MergeConflict, 'id'>): Resolution | undefined => {
    const full = { id: conflictId(c.kind, c.resourceKey, c.path), ...c };
    conflicts.push(full);
    const given = resolutions.get(full.id);
    if (given) return given;
    const side = preferred(policy, type, c.path);
    if (side) {
      auto.set(full.id, side);
      return { choice: side };
    }
    return undefined;
  };

  for (const sides of changed) {
    const { key, base, current } = sides;
    const remote = applyIgnore(sides, policy.ignore ?? []);
    if (sameJson(current, remote) || sameJson(base, remote)) continue; // remote brings nothing: current stays
    if (sameJson(base, current)) {
      results.set(key, remote ?? null);
      continue;
    }
    const type = (current ?? remote ?? base)!.type;
    if (!current || !remote) {
      // one side deleted what the other modified
      const r = conflict(type, { kind: 'delete-modify', resourceKey: key, path: '', base: base ?? null, current: current ?? null, remote: remote ?? null });
      if (r) results.set(key, asBody(key, pick(r, current, remote)));
      continue;
    }
    if (!base) {
      // added on both sides with different bodies: which one is the resource is the user's call
      const r = conflict(type, { kind: 'add-add', resourceKey: key, path: '', base: null, current, remote });
      if (r) results.set(key, asBody(key, pick(r, current, remote)));
      continue;
    }
    const merged = mergeValues(base, current, remote);
    let body = merged.value as Body;
    for (const c of merged.conflicts) {
      const r = conflict(type, { kind: 'field', resourceKey: key, path: c.path, base: c.base ?? null, current: c.current ?? null, remote: c.remote ?? null });
      if (r) body = setAt(body, c.path, pick(r, c.current, c.remote) ?? undefined);
    }
    if (!sameJson(body, current)) results.set(key, body);
  }
  return { results, conflicts, auto };
}

/** A whole-resource choice: absent means "not in the merged state"; a given value keeps its key. */
function asBody(key: string, chosen: unknown): Body | null {
  return chosen && typeof chosen === 'object' ? ({ ...(chosen as Body), key } as Body) : null;
}

function pick(r: Resolution, current: unknown, remote: unknown): unknown {
  if ('value' in r) return r.value;
  return r.choice === 'current' ? current : remote;
}

/** Which flow steps name a resource that is missing or of another kind; `typeOf` answers for the merged state. */
export function danglingReferences(flows: Iterable<Body>, typeOf: (key: string) => string | undefined): Map<string, { flowKey: string; stepId: string }[]> {
  const out = new Map<string, { flowKey: string; stepId: string }[]>();
  for (const flow of flows) {
    for (const step of flow.steps ?? []) {
      if (typeOf(step.ref) === step.kind) continue;
      const list = out.get(step.ref) ?? [];
      list.push({ flowKey: flow.key, stepId: step.id });
      out.set(step.ref, list);
    }
  }
  return out;
}

function dropStepsTo(flow: Body, ref: string): Body {
  return { ...flow, steps: (flow.steps ?? []).filter((s) => s.ref !== ref) };
}

export interface ReferenceInput {
  /** the merged state's flows that may name a missing resource */
  flows: Body[];
  /** the kind of a key in the merged state (undefined: absent) */
  typeOf: (key: string) => string | undefined;
  /** the resource `key` on each side, for the conflict's side-by-side view */
  sidesOf: (key: string) => { base?: Body; current?: Body; remote?: Body };
}

/**
 * A merge whose result would leave a flow naming a missing resource (or one of
 * another kind) reports a `reference` conflict on that resource. Choosing a side
 * that has the resource restores it; choosing a side without it removes the
 * steps that name it; `{ value }` is the resource to keep. Returns the changes
 * that settle the resolved ones (key → body, or null to remove).
 */
export function settleReferences(
  input: ReferenceInput,
  resolutions: Map<string, Resolution> = new Map(),
): { results: Map<string, Body | null>; conflicts: MergeConflict[] } {
  const results = new Map<string, Body | null>();
  const conflicts: MergeConflict[] = [];
  const flows = new Map(input.flows.map((f) => [f.key, f]));
  for (const [ref, steps] of danglingReferences(input.flows, input.typeOf)) {
    const sides = input.sidesOf(ref);
    const c: MergeConflict = {
      id: conflictId('reference', ref, ''),
      kind: 'reference',
      resourceKey: ref,
      path: '',
      base: sides.base ?? null,
      current: sides.current ?? null,
      remote: sides.remote ?? null,
      references: steps,
    };
    conflicts.push(c);
    const r = resolutions.get(c.id);
    if (!r) continue;
    const chosen = asBody(ref, pick(r, sides.current, sides.remote));
    if (chosen) {
      results.set(ref, chosen);
    } else {
      for (const flowKey of new Set(steps.map((s) => s.flowKey))) {
        const next = dropStepsTo(flows.get(flowKey)!, ref);
        flows.set(flowKey, next);
        results.set(flowKey, next);
      }
    }
  }
  return { results, conflicts };
}
