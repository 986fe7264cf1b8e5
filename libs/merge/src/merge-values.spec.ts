import fc from 'fast-check';
import { canonicalJson } from './canonical';
import { mergeText, mergeValues } from './merge-values';

const scalar = fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie('value'), { maxKeys: 4 })),
})).value;
const FIELDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const record = fc.record(Object.fromEntries(FIELDS.map((f) => [f, json])) as Record<string, fc.Arbitrary<unknown>>);

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

describe('mergeValues', () => {
  it('with one side unchanged, returns the other side, without conflicts', () => {
    fc.assert(
      fc.property(json, json, (base, other) => {
        const a = mergeValues(base, other, base);
        const b = mergeValues(base, base, other);
        return a.conflicts.length === 0 && b.conflicts.length === 0 && same(a.value, other) && same(b.value, other);
      }),
    );
  });

  it('merges edits to disjoint fields without conflicts, keeping both', () => {
    fc.assert(
      fc.property(record, fc.subarray(FIELDS), fc.array(json, { minLength: 8, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (base, mine, values, deletes) => {
        const current: Record<string, unknown> = { ...base };
        const remote: Record<string, unknown> = { ...base };
        const expected: Record<string, unknown> = { ...base };
        FIELDS.forEach((f, i) => {
          const side = mine.includes(f) ? current : remote;
          if (deletes[i]) {
            delete side[f];
            delete expected[f];
          } else {
            side[f] = values[i];
            expected[f] = values[i];
          }
        });
        const merged = mergeValues(base, current, remote);
        return merged.conflicts.length === 0 && same(merged.value, expected);
      }),
    );
  });

  it('swapping the sides swaps current and remote in the conflicts and changes nothing else', () => {
    fc.assert(
      fc.property(record, record, record, (base, current, remote) => {
        const ab = mergeValues(base, current, remote);
        const ba = mergeValues(base, remote, current);
        const swapped = ba.conflicts.map((c) => ({ ...c, current: c.remote, remote: c.current }));
        const key = (cs: { path: string }[]) => cs.map((c) => c.path).sort();
        if (!same(key(ab.conflicts), key(swapped))) return false;
        for (const c of ab.conflicts) {
          const twin = swapped.find((s) => s.path === c.path)!;
          if (!same(c.base, twin.base) || !same(c.current, twin.current) || !same(c.remote, twin.remote)) return false;
        }
        // without conflicts both orders agree on the value
        return ab.conflicts.length > 0 || same(ab.value, ba.value);
      }),
    );
  });

  it('merges flow steps by id: a move on one side and an edit on the other both survive', () => {
    const base = { steps: [{ id: 'a', ref: 'x' }, { id: 'b', ref: 'y' }, { id: 'c', ref: 'z' }] };
    const current = { steps: [{ id: 'c', ref: 'z' }, { id: 'a', ref: 'x' }, { id: 'b', ref: 'y' }] };
    const remote = { steps: [{ id: 'a', ref: 'x' }, { id: 'b', ref: 'y2' }, { id: 'c', ref: 'z' }, { id: 'd', ref: 'w' }] };
    const merged = mergeValues(base, current, remote);
    expect(merged.conflicts).toEqual([]);
    expect(merged.value).toEqual({ steps: [{ id: 'c', ref: 'z' }, { id: 'a', ref: 'x' }, { id: 'b', ref: 'y2' }, { id: 'd', ref: 'w' }] });
  });

  it('reports different reorders of the same steps as one conflict on the order', () => {
    const base = { steps: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] };
    const merged = mergeValues(base, { steps: [{ id: 'b' }, { id: 'a' }, { id: 'c' }] }, { steps: [{ id: 'a' }, { id: 'c' }, { id: 'b' }] });
    expect(merged.conflicts).toEqual([{ path: '/steps', base: ['a', 'b', 'c'], current: ['b', 'a', 'c'], remote: ['a', 'c', 'b'] }]);
  });

  it('merges long text line by line; overlapping lines conflict', () => {
    const base = 'line 1\nline 2\nline 3\nline 4\n';
    expect(mergeText(base, 'line 1 changed\nline 2\nline 3\nline 4\n', 'line 1\nline 2\nline 3\nline 4 changed\n')).toBe(
      'line 1 changed\nline 2\nline 3\nline 4 changed\n',
    );
    expect(mergeText(base, 'line 1\nmine\nline 3\nline 4\n', 'line 1\ntheirs\nline 3\nline 4\n')).toBeUndefined();
    const field = mergeValues({ code: base }, { code: base.replace('line 1', 'one') }, { code: base.replace('line 4', 'four') });
    expect(field).toEqual({ value: { code: 'one\nline 2\nline 3\nfour\n' }, conflicts: [] });
  });
});
