import { Inject, Injectable } from '@nestjs/common';
import { orderResource, IntegrationState, ResourceChange, ResourceType, ResourceView, RevisionSummary, StateHead } from '@ilm/contracts';
import { diffValues, hashOf } from '@ilm/merge';
import { OBJECT_STORE, ObjectStore, ResourceTree, readValues, writeValues } from '@ilm/storage';

type Body = ResourceView;

const INTEGRATION_KEY = '$integration';

/** Reads and writes recorded states, and diffs them: hashes first, field by field only where they differ. */
@Injectable()
export class StateStore {
  constructor(
    private readonly tree: ResourceTree,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  /** The address a head would have as a stored state object (no write). */
  addressOf(head: StateHead): string {
    return hashOf(head);
  }

  async write(workspaceId: string, head: StateHead): Promise<string> {
    const [hash] = await writeValues(this.store, workspaceId, [head]);
    return hash;
  }

  async head(workspaceId: string, stateHash: string): Promise<StateHead> {
    return (await readValues<StateHead>(this.store, workspaceId, [stateHash])).get(stateHash)!;
  }

  async materialize(workspaceId: string, head: StateHead): Promise<IntegrationState> {
    const entries = await this.tree.entries(workspaceId, head.tree);
    const bodies = await readValues<Body>(this.store, workspaceId, entries.map(([, h]) => h));
    return {
      name: head.name,
      description: head.description,
      settings: head.settings,
      resources: entries.map(([, h]) => orderResource(bodies.get(h)!)),
    };
  }

  /** What turns `from` into `to`, per resource (and `$integration` for name, description, settings). */
  async diff(workspaceId: string, from: StateHead, to: StateHead, opts: { fields?: boolean } = {}): Promise<ResourceChange[]> {
    const withFields = opts.fields ?? true;
    const changes: ResourceChange[] = [];
    const meta = (h: StateHead) => ({ name: h.name, description: h.description, settings: h.settings });
    if (hashOf(meta(from)) !== hashOf(meta(to))) {
      const d = diffValues(meta(from), meta(to));
      changes.push({ key: INTEGRATION_KEY, type: INTEGRATION_KEY, change: 'modified', ...(withFields ? { fields: d.fields, delta: d.delta } : {}) });
    }
    const treeChanges = await this.tree.diff(workspaceId, from.tree, to.tree);
    const hashes = treeChanges.flatMap((c) => [c.before, c.after]).filter((h): h is string => h !== undefined);
    const bodies = await readValues<Body>(this.store, workspaceId, hashes);
    for (const c of treeChanges) {
      const before = c.before ? bodies.get(c.before)! : undefined;
      const after = c.after ? bodies.get(c.after)! : undefined;
      if (before && after) {
        const change: ResourceChange = { key: c.key, type: after.type, change: 'modified' };
        if (withFields) {
          const d = diffValues(before, after);
          change.fields = d.fields;
          if (d.moves.length > 0) change.moves = d.moves;
          change.delta = d.delta;
        }
        changes.push(change);
      } else if (after) {
        changes.push({ key: c.key, type: after.type, change: 'added', ...(withFields ? { fields: [{ path: '', op: 'add', after }] } : {}) });
      } else if (before) {
        changes.push({ key: c.key, type: before.type, change: 'removed', ...(withFields ? { fields: [{ path: '', op: 'remove', before }] } : {}) });
      }
    }
    return changes;
  }
}

export function summarize(changes: ResourceChange[]): RevisionSummary {
  const summary: RevisionSummary = { added: 0, modified: 0, removed: 0, byType: {} };
  for (const c of changes) {
    const counts = (summary.byType[c.type as ResourceType] ??= { added: 0, modified: 0, removed: 0 });
    counts[c.change]++;
    // top-level counts are resources; name/settings changes show only under byType.$integration
    if (c.type !== INTEGRATION_KEY) summary[c.change]++;
  }
  return summary;
}
