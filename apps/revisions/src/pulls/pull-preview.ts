import { Inject, Injectable } from '@nestjs/common';
import { ConflictView, DomainError, ResourceInput, Settings, StateHead } from '@ilm/contracts';
import {
  Body,
  MergeConflict,
  MergePolicy,
  Resolution,
  ResourceSides,
  danglingReferences,
  mergeResources,
  settleReferences,
} from '@ilm/merge';
import { OBJECT_STORE, ObjectStore, ResourceTree, readValues, toStoredObject } from '@ilm/storage';
import { StateStore } from '../state/state-store';
import { StoredPreview, StoredResolution } from './pulls.repository';

const META_KEY = '$integration';
/** Settings a pull never brings: they govern the integration that receives the pull. */
const PROTECTED_SETTINGS = ['requireApproval', 'pull'];

export interface PreviewSides {
  base: StateHead;
  current: StateHead;
  remote: StateHead;
}

/** `pull.ignore` / `pull.prefer` from the receiving integration's settings, malformed entries skipped. */
export function policyOf(settings: Settings): MergePolicy {
  const pull = (settings.pull ?? {}) as { ignore?: unknown; prefer?: unknown };
  const ignore = Array.isArray(pull.ignore) ? pull.ignore.filter((p): p is string => typeof p === 'string') : [];
  const prefer = Array.isArray(pull.prefer)
    ? pull.prefer.filter(
        (p): p is { path: string; side: 'current' | 'remote' } =>
          !!p && typeof p === 'object' && typeof (p as any).path === 'string' && ['current', 'remote'].includes((p as any).side),
      )
    : [];
  return { ignore, prefer };
}

function metaBody(head: StateHead, protectedFrom?: StateHead): Body {
  const settings = { ...head.settings };
  if (protectedFrom) {
    for (const key of PROTECTED_SETTINGS) {
      if (key in protectedFrom.settings) settings[key] = protectedFrom.settings[key];
      else delete settings[key];
    }
  }
  return { key: META_KEY, type: META_KEY, description: head.description, settings };
}

/**
 * Computes what a pull would do (DESIGN "Merge"): hashes first — only resources
 * whose hashes differ between base and remote are read — then the pure merge of
 * `libs/merge`, then the flows' references against the merged tree. Writes only
 * immutable objects (the merged bodies and tree nodes), so a preview that is
 * never merged leaves garbage, never a change.
 */
@Injectable()
export class PullPreviewer {
  constructor(
    private readonly tree: ResourceTree,
    private readonly states: StateStore,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  async compute(ws: string, sides: PreviewSides, resolutionsById: Record<string, StoredResolution>): Promise<StoredPreview> {
    const { base, current, remote } = sides;
    const resolutions = new Map<string, Resolution>(Object.entries(resolutionsById));
    const policy = policyOf(current.settings);

    const [toCurrent, toRemote] = await Promise.all([this.tree.diff(ws, base.tree, current.tree), this.tree.diff(ws, base.tree, remote.tree)]);
    const currentChange = new Map(toCurrent.map((c) => [c.key, c]));
    // a resource the remote changed, unless current made the very same change
    const touched = toRemote.filter((r) => {
      const c = currentChange.get(r.key);
      return !c || c.after !== r.after;
    });
    const hashes = touched.flatMap((r) => [r.before, r.after, currentChange.get(r.key)?.after]).filter((h): h is string => !!h);
    const bodies = await readValues<Body>(this.store, ws, hashes);
    const body = (h: string | undefined) => (h ? bodies.get(h) : undefined);
    const resourceSides: ResourceSides[] = touched.map((r) => {
      const c = currentChange.get(r.key);
      return { key: r.key, base: body(r.before), current: c ? body(c.after) : body(r.before), remote: body(r.after) };
    });
    const metaSides: ResourceSides = { key: META_KEY, base: metaBody(base), current: metaBody(current), remote: metaBody(remote, current) };

    const merged = mergeResources([metaSides, ...resourceSides], policy, resolutions);
    const meta = merged.results.get(META_KEY) ?? metaBody(current);
    merged.results.delete(META_KEY);
    let root = await this.apply(ws, current.tree, merged.results);
    const currentType = new Map(resourceSides.map((s) => [s.key, s.current?.type]));

    const refs = await this.references(ws, root, merged.results, currentType, sides);
    const settled = settleReferences(refs.input, resolutions);
    root = await this.apply(ws, root, settled.results);

    // a resolution that still leaves a flow dangling does not settle its conflict (nothing settled: nothing to look at again)
    const after = settled.results.size === 0 ? refs : await this.references(ws, root, new Map([...merged.results, ...settled.results]), currentType, sides);
    const stillDangling = new Set(danglingReferences(after.input.flows, after.input.typeOf).keys());
    const invalid = settled.conflicts.filter((c) => stillDangling.has(c.resourceKey) && resolutions.has(c.id)).map((c) => c.id);
    this.assertValidBodies([...merged.results.values(), ...settled.results.values()]);

    const mergedHead: StateHead = { name: current.name, description: String(meta!.description ?? ''), settings: (meta!.settings ?? {}) as Settings, tree: root };
    const conflicts = [...merged.conflicts, ...settled.conflicts].map((c) => this.view(c, resolutions, merged.auto, invalid));
    return {
      changes: await this.states.diff(ws, current, mergedHead),
      conflicts,
      merged: mergedHead,
      currentState: this.states.addressOf(current),
      invalid,
    };
  }

  private async apply(ws: string, root: string, results: Map<string, Body | null>): Promise<string> {
    if (results.size === 0) return root;
    const entries = [...results.entries()];
    const present = entries.filter((e): e is [string, Body] => e[1] !== null);
    const objects = present.map(([, b]) => toStoredObject(b));
    const changes = new Map<string, string | undefined>(entries.filter(([, b]) => b === null).map(([k]) => [k, undefined]));
    present.forEach(([k], i) => changes.set(k, objects[i].hash));
    // bodies and tree nodes are written side by side: both are immutable, neither needs the other first
    const [, merged] = await Promise.all([this.store.put(ws, objects), this.tree.update(ws, root, changes)]);
    return merged;
  }

  /**
   * What the reference check needs about the merged tree: the flows that may
   * dangle (those the merge changed, or every flow when a resource was removed
   * or changed kind) and the kinds of the resources they name.
   */
  private async references(ws: string, root: string, results: Map<string, Body | null>, currentType: Map<string, string | undefined>, sides: PreviewSides) {
    const removedOrRetyped = [...results.entries()].some(([k, b]) => {
      const before = currentType.get(k);
      return before !== undefined && (b === null || b.type !== before);
    });
    let flows: Body[];
    if (removedOrRetyped) {
      const entries = await this.tree.entries(ws, root);
      const all = await readValues<Body>(this.store, ws, entries.map(([, h]) => h));
      flows = [...all.values()].filter((b) => b.type === 'flow');
    } else {
      flows = [...results.values()].filter((b): b is Body => b !== null && b.type === 'flow');
    }
    const refs = [...new Set(flows.flatMap((f) => (f.steps ?? []).map((s) => s.ref)))];
    const types = await this.typesIn(ws, root, refs);
    const typeOf = (k: string) => types.get(k);
    const dangling = [...danglingReferences(flows, typeOf).keys()];
    const sideBodies = new Map<string, { base?: Body; current?: Body; remote?: Body }>();
    for (const key of dangling) {
      const [b, c, r] = await Promise.all([sides.base, sides.current, sides.remote].map((h) => this.bodyIn(ws, h.tree, key)));
      sideBodies.set(key, { base: b, current: c, remote: r });
    }
    return { input: { flows, typeOf, sidesOf: (k: string) => sideBodies.get(k) ?? {} } };
  }

  private async typesIn(ws: string, root: string, keys: string[]): Promise<Map<string, string>> {
    const hashes = await Promise.all(keys.map((k) => this.tree.lookup(ws, root, k)));
    const found = hashes.filter((h): h is string => !!h);
    const bodies = await readValues<Body>(this.store, ws, found);
    const out = new Map<string, string>();
    keys.forEach((k, i) => {
      const h = hashes[i];
      if (h) out.set(k, bodies.get(h)!.type);
    });
    return out;
  }

  private async bodyIn(ws: string, root: string, key: string): Promise<Body | undefined> {
    const h = await this.tree.lookup(ws, root, key);
    return h ? (await readValues<Body>(this.store, ws, [h])).get(h) : undefined;
  }

  /** A merged resource is held to the same rules as one written by a user (a chosen `{value}` included). */
  private assertValidBodies(bodies: (Body | null)[]): void {
    for (const b of bodies) {
      if (!b) continue;
      const checked = ResourceInput.safeParse(b);
      if (!checked.success) {
        throw new DomainError('validation_failed', `the merged resource "${b.key}" would not be valid`, {
          key: b.key,
          issues: checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      }
    }
  }

  private view(c: MergeConflict, resolutions: Map<string, Resolution>, auto: Map<string, 'current' | 'remote'>, invalid: string[]): ConflictView {
    const given = invalid.includes(c.id) ? undefined : resolutions.get(c.id);
    const side = auto.get(c.id);
    return {
      ...c,
      ...(given ? { resolution: given } : side ? { resolution: { choice: side, auto: true as const } } : {}),
    };
  }
}
