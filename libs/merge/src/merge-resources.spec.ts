import fc from 'fast-check';
import { Body, ResourceSides, conflictId, mergeResources, settleReferences } from './merge-resources';
import { sameJson } from './merge-values';

type State = Map<string, Body>;

/** The whole merge on in-memory states, as the revisions service does it with the object store. */
function mergeStates(base: State, current: State, remote: State, resolutions = new Map()) {
  const keys = new Set([...base.keys(), ...current.keys(), ...remote.keys()]);
  const changed: ResourceSides[] = [...keys]
    .filter((k) => !sameJson(base.get(k), current.get(k)) || !sameJson(base.get(k), remote.get(k)))
    .map((key) => ({ key, base: base.get(key), current: current.get(key), remote: remote.get(key) }));
  const tree = mergeResources(changed, {}, resolutions);
  const merged = new Map(current);
  const apply = (results: Map<string, Body | null>) => {
    for (const [k, v] of results) (v === null ? merged.delete(k) : merged.set(k, v));
  };
  apply(tree.results);
  const refs = settleReferences(
    {
      flows: [...merged.values()].filter((b) => b.type === 'flow'),
      typeOf: (k) => merged.get(k)?.type,
      sidesOf: (k) => ({ base: base.get(k), current: current.get(k), remote: remote.get(k) }),
    },
    resolutions,
  );
  apply(refs.results);
  return { merged, conflicts: [...tree.conflicts, ...refs.conflicts] };
}

const EXPORTS = ['e1', 'e2', 'e3'];
const arbExport = (key: string) => fc.record({ key: fc.constant(key), type: fc.constant('export'), name: fc.constantFrom('A', 'B'), config: fc.record({ size: fc.integer({ min: 1, max: 3 }) }) });
const arbFlow = fc.record({
  key: fc.constant('f1'),
  type: fc.constant('flow'),
  name: fc.constant('F'),
  steps: fc.uniqueArray(fc.constantFrom(...EXPORTS), { maxLength: 3 }).map((refs) => refs.map((ref) => ({ id: `s-${ref}`, kind: 'export', ref }))),
});
/** A valid state: some exports, and a flow naming only exports that exist. */
const arbState = fc
  .tuple(fc.subarray(EXPORTS), fc.tuple(...EXPORTS.map(arbExport)), arbFlow)
  .map(([present, exports, flow]) => {
    const state: State = new Map();
    for (const e of exports) if (present.includes(e.key)) state.set(e.key, e as Body);
    state.set('f1', { ...flow, steps: flow.steps.filter((s) => present.includes(s.ref)) } as Body);
    return state;
  });

describe('mergeResources', () => {
  it('never leaves a dangling reference unreported', () => {
    fc.assert(
      fc.property(arbState, arbState, arbState, (base, current, remote) => {
        const { merged, conflicts } = mergeStates(base, current, remote);
        for (const flow of [...merged.values()].filter((b) => b.type === 'flow')) {
          for (const step of flow.steps ?? []) {
            if (merged.get(step.ref)?.type === step.kind) continue;
            if (!conflicts.some((c) => c.kind === 'reference' && c.resourceKey === step.ref)) return false;
          }
        }
        return true;
      }),
    );
  });

  it('with one side unchanged, the merged state is the other side', () => {
    fc.assert(
      fc.property(arbState, arbState, (base, other) => {
        const a = mergeStates(base, other, base);
        const b = mergeStates(base, base, other);
        return a.conflicts.length === 0 && b.conflicts.length === 0 && sameJson(Object.fromEntries(a.merged), Object.fromEntries(other)) && sameJson(Object.fromEntries(b.merged), Object.fromEntries(other));
      }),
    );
  });

  const exp = (size: number, name = 'E'): Body => ({ key: 'e1', type: 'export', name, config: { size } });

  it('names delete-modify and add-add, and settles them with resolutions', () => {
    const base: State = new Map([['e1', exp(1)]]);
    const deleted: State = new Map();
    const modified: State = new Map([['e1', exp(2)]]);
    const dm = mergeStates(base, modified, deleted);
    expect(dm.conflicts).toEqual([{ id: conflictId('delete-modify', 'e1', ''), kind: 'delete-modify', resourceKey: 'e1', path: '', base: exp(1), current: exp(2), remote: null }]);
    expect(mergeStates(base, modified, deleted, new Map([[dm.conflicts[0].id, { choice: 'remote' }]])).merged.has('e1')).toBe(false);

    const aa = mergeStates(new Map(), new Map([['e1', exp(1)]]), new Map([['e1', exp(2)]]));
    expect(aa.conflicts.map((c) => c.kind)).toEqual(['add-add']);
    const chosen = mergeStates(new Map(), new Map([['e1', exp(1)]]), new Map([['e1', exp(2)]]), new Map([[aa.conflicts[0].id, { value: exp(9) }]]));
    expect(chosen.merged.get('e1')).toEqual(exp(9));
  });

  it('reports a field conflict with the three values and applies the chosen value', () => {
    const base: State = new Map([['e1', exp(1, 'Base')]]);
    const result = mergeStates(base, new Map([['e1', exp(2, 'Base')]]), new Map([['e1', exp(3, 'Remote')]]));
    expect(result.conflicts).toEqual([
      { id: conflictId('field', 'e1', '/config/size'), kind: 'field', resourceKey: 'e1', path: '/config/size', base: 1, current: 2, remote: 3 },
    ]);
    // the clean part (name) merged already
    expect(result.merged.get('e1')!.name).toBe('Remote');
    const resolved = mergeStates(base, new Map([['e1', exp(2, 'Base')]]), new Map([['e1', exp(3, 'Remote')]]), new Map([[result.conflicts[0].id, { value: 7 }]]));
    expect(resolved.merged.get('e1')).toEqual(exp(7, 'Remote'));
  });

  it('keeps ignored fields as they are in current, and resolves preferred conflicts automatically', () => {
    const flow = (description: string, name: string): Body => ({ key: 'f1', type: 'flow', name, description, steps: [] });
    const out = mergeResources([{ key: 'f1', base: flow('b', 'n'), current: flow('c', 'n'), remote: flow('r', 'R') }], { ignore: ['flow.description'] });
    expect(out.conflicts).toEqual([]);
    expect(out.results.get('f1')).toEqual(flow('c', 'R'));
    const preferred = mergeResources([{ key: 'e1', base: exp(1), current: exp(2), remote: exp(3) }], { prefer: [{ path: 'export.config', side: 'remote' }] });
    expect(preferred.conflicts).toHaveLength(1);
    expect(preferred.auto.get(preferred.conflicts[0].id)).toBe('remote');
    expect(preferred.results.get('e1')).toEqual(exp(3));
  });
});
