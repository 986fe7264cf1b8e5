import fc from 'fast-check';
import { ObjectStore, StoredObject } from './object-store';
import { ResourceTree, TreeEntry } from './resource-tree';

/** The object-store port in memory: the tree's logic, not PostgreSQL, is under test here. */
class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, string>();
  reads = 0;
  async put(_ws: string, objects: StoredObject[]): Promise<number> {
    let n = 0;
    for (const o of objects) if (!this.objects.has(o.hash) && ++n) this.objects.set(o.hash, o.content);
    return n;
  }
  async getMany(_ws: string, hashes: string[]): Promise<Map<string, string>> {
    this.reads++;
    return new Map(hashes.filter((h) => this.objects.has(h)).map((h) => [h, this.objects.get(h)!]));
  }
  async count(): Promise<number> {
    return this.objects.size;
  }
}

const arbEntries = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9]{1,6}$/), fc.stringMatching(/^[0-9a-f]{8}$/)), { selector: (e) => e[0], maxLength: 300 })
  .map((es) => es as TreeEntry[]);

function naiveDiff(a: TreeEntry[], b: TreeEntry[]) {
  const ma = new Map(a);
  const mb = new Map(b);
  const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
  return keys
    .filter((k) => ma.get(k) !== mb.get(k))
    .map((k) => ({ key: k, ...(ma.has(k) ? { before: ma.get(k) } : {}), ...(mb.has(k) ? { after: mb.get(k) } : {}) }));
}

describe('ResourceTree', () => {
  it('diffs two trees exactly as a naive comparison of their entries does', async () => {
    await fc.assert(
      fc.asyncProperty(arbEntries, arbEntries, async (a, b) => {
        const tree = new ResourceTree(new MemoryStore());
        const [ra, rb] = [(await tree.build('w', a)).root, (await tree.build('w', b)).root];
        expect(await tree.diff('w', ra, rb)).toEqual(naiveDiff(a, b));
      }),
      { numRuns: 60 },
    );
  });

  it('updates to the same root a fresh build of the result has, whatever the history', async () => {
    await fc.assert(
      fc.asyncProperty(arbEntries, arbEntries, async (a, b) => {
        const tree = new ResourceTree(new MemoryStore());
        const ra = (await tree.build('w', a)).root;
        const changes = new Map<string, string | undefined>(naiveDiff(a, b).map((c) => [c.key, c.after]));
        const updated = await tree.update('w', ra, changes);
        expect(updated).toBe((await tree.build('w', b)).root);
        expect(await tree.entries('w', updated)).toEqual([...b].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
      }),
      { numRuns: 60 },
    );
  });

  it('reads a level of the tree per round trip when diffing', async () => {
    const store = new MemoryStore();
    const tree = new ResourceTree(store);
    const entries: TreeEntry[] = Array.from({ length: 2000 }, (_, i) => [`k${i}`, `h${i}`]);
    const ra = (await tree.build('w', entries)).root;
    const rb = (await tree.build('w', entries.map(([k, h], i) => [k, i % 40 === 0 ? `x${i}` : h]))).root;
    store.reads = 0;
    const changes = await tree.diff('w', ra, rb);
    expect(changes).toHaveLength(50);
    expect(store.reads).toBeLessThanOrEqual(4);
  });
});
