import { sha256Hex } from '@ilm/merge';
import { DomainError } from '@ilm/contracts';
import { ObjectStore, StoredObject, toStoredObject } from './object-store';

/** [resource key, object hash] */
export type TreeEntry = [string, string];

interface LeafNode {
  l: TreeEntry[];
}
interface BranchNode {
  b: Record<string, string>;
  n: number;
}
type TreeNode = LeafNode | BranchNode;

/**
 * A leaf holds at most this many entries; a bigger set splits into 16 children by
 * the next hex digit of SHA-256(key). Shape depends only on the key set (a node is
 * a leaf iff its subtree has ≤ MAX_LEAF entries), so equal contents give equal
 * root hashes whatever the edit history, and a change of k keys rewrites only the
 * O(k·log N) nodes on their paths.
 */
export const MAX_LEAF = 32;
const MAX_DEPTH = 63;

export const EMPTY_TREE: string = toStoredObject({ l: [] }).hash;

const isLeaf = (n: TreeNode): n is LeafNode => 'l' in n;

export interface TreeChange {
  key: string;
  before?: string;
  after?: string;
}

/** Nodes produced by one operation, written in one batch at the end. */
class PendingWrites {
  readonly objects = new Map<string, StoredObject>();
  add(node: TreeNode): string {
    const o = toStoredObject(node);
    this.objects.set(o.hash, o);
    return o.hash;
  }
}

export class ResourceTree {
  private readonly keyHashes = new Map<string, string>();

  constructor(private readonly store: ObjectStore) {}

  private digit(key: string, depth: number): string {
    let h = this.keyHashes.get(key);
    if (h === undefined) {
      h = sha256Hex(key);
      if (this.keyHashes.size > 200_000) this.keyHashes.clear();
      this.keyHashes.set(key, h);
    }
    return h[depth];
  }

  private async readNodes(workspaceId: string, hashes: string[]): Promise<Map<string, TreeNode>> {
    const found = await this.store.getMany(workspaceId, hashes.filter((h) => h !== EMPTY_TREE));
    const out = new Map<string, TreeNode>();
    for (const h of hashes) {
      if (h === EMPTY_TREE) {
        out.set(h, { l: [] });
        continue;
      }
      const content = found.get(h);
      // a missing node means a broken store: never answer with a partial tree
      if (content === undefined) throw new DomainError('internal_error', `tree node ${h} is missing from the object store`);
      out.set(h, JSON.parse(content) as TreeNode);
    }
    return out;
  }

  private async readNode(workspaceId: string, hash: string): Promise<TreeNode> {
    return (await this.readNodes(workspaceId, [hash])).get(hash)!;
  }

  /** Builds the canonical subtree for `entries` (sorted by key) at `depth`. */
  private buildNode(entries: TreeEntry[], depth: number, pending: PendingWrites): string {
    if (entries.length <= MAX_LEAF || depth >= MAX_DEPTH) return pending.add({ l: entries });
    const groups = new Map<string, TreeEntry[]>();
    for (const e of entries) {
      const d = this.digit(e[0], depth);
      let g = groups.get(d);
      if (!g) groups.set(d, (g = []));
      g.push(e);
    }
    const b: Record<string, string> = {};
    for (const d of [...groups.keys()].sort()) b[d] = this.buildNode(groups.get(d)!, depth + 1, pending);
    return pending.add({ b, n: entries.length });
  }

  /** Writes a whole tree; returns its root hash and how many nodes were new. */
  async build(workspaceId: string, entries: TreeEntry[]): Promise<{ root: string; written: number }> {
    const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const pending = new PendingWrites();
    const root = this.buildNode(sorted, 0, pending);
    const written = await this.store.put(workspaceId, [...pending.objects.values()]);
    return { root, written };
  }

  /** Applies key → hash (or undefined to remove) changes; returns the new root. */
  async update(workspaceId: string, root: string, changes: Map<string, string | undefined>): Promise<string> {
    if (changes.size === 0) return root;
    await this.prefetchPaths(workspaceId, root, [...changes.keys()]);
    const pending = new PendingWrites();
    const result = await this.updateNode(workspaceId, root, 0, [...changes.entries()], pending);
    await this.store.put(workspaceId, [...pending.objects.values()]);
    return result.hash;
  }

  private async updateNode(
    workspaceId: string,
    hash: string,
    depth: number,
    changes: [string, string | undefined][],
    pending: PendingWrites,
  ): Promise<{ hash: string; count: number }> {
    const node = await this.readNode(workspaceId, hash);
    if (isLeaf(node)) {
      const map = new Map(node.l);
      for (const [k, v] of changes) {
        if (v === undefined) map.delete(k);
        else map.set(k, v);
      }
      const entries = [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return { hash: this.buildNode(entries, depth, pending), count: entries.length };
    }
    const groups = new Map<string, [string, string | undefined][]>();
    for (const c of changes) {
      const d = this.digit(c[0], depth);
      let g = groups.get(d);
      if (!g) groups.set(d, (g = []));
      g.push(c);
    }
    const children = { ...node.b };
    const oldCounts = await this.countsOf(workspaceId, [...groups.keys()].map((d) => children[d]).filter(Boolean));
    let total = node.n;
    for (const [d, group] of groups) {
      const child = children[d] ?? EMPTY_TREE;
      const res = await this.updateNode(workspaceId, child, depth + 1, group, pending);
      total += res.count - (children[d] ? oldCounts.get(children[d])! : 0);
      if (res.count === 0) delete children[d];
      else children[d] = res.hash;
    }
    if (total <= MAX_LEAF) {
      // shrunk below the split point: collapse to the canonical leaf
      const entries = await this.listFrom(workspaceId, Object.values(children));
      entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return { hash: this.buildNode(entries, depth, pending), count: entries.length };
    }
    const b: Record<string, string> = {};
    for (const d of Object.keys(children).sort()) b[d] = children[d];
    return { hash: pending.add({ b, n: total }), count: total };
  }

  private async countsOf(workspaceId: string, hashes: string[]): Promise<Map<string, number>> {
    const nodes = await this.readNodes(workspaceId, hashes);
    const out = new Map<string, number>();
    for (const [h, n] of nodes) out.set(h, isLeaf(n) ? n.l.length : n.n);
    return out;
  }

  /** All entries under the given nodes, reading one tree level per round trip. */
  private async listFrom(workspaceId: string, hashes: string[]): Promise<TreeEntry[]> {
    const out: TreeEntry[] = [];
    let level = hashes;
    while (level.length > 0) {
      const nodes = await this.readNodes(workspaceId, level);
      const next: string[] = [];
      for (const h of level) {
        const n = nodes.get(h)!;
        if (isLeaf(n)) out.push(...n.l);
        else next.push(...Object.values(n.b));
      }
      level = next;
    }
    return out;
  }

  /** Every entry, sorted by key. */
  async entries(workspaceId: string, root: string): Promise<TreeEntry[]> {
    const all = await this.listFrom(workspaceId, [root]);
    return all.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  async size(workspaceId: string, root: string): Promise<number> {
    return (await this.countsOf(workspaceId, [root])).get(root)!;
  }

  async lookup(workspaceId: string, root: string, key: string): Promise<string | undefined> {
    let hash = root;
    for (let depth = 0; ; depth++) {
      const node = await this.readNode(workspaceId, hash);
      if (isLeaf(node)) return node.l.find((e) => e[0] === key)?.[1];
      const child = node.b[this.digit(key, depth)];
      if (!child) return undefined;
      hash = child;
    }
  }

  /**
   * Keys whose hashes differ between two trees; identical subtrees are skipped
   * by hash. Walks both trees level by level, reading each level's nodes in one
   * round trip.
   */
  async diff(workspaceId: string, a: string, b: string): Promise<TreeChange[]> {
    const out: TreeChange[] = [];
    let level: [string | undefined, string | undefined][] = a === b ? [] : [[a, b]];
    while (level.length > 0) {
      const wanted = level.flatMap(([x, y]) => [x, y]).filter((h): h is string => h !== undefined);
      const nodes = await this.readNodes(workspaceId, [...new Set(wanted)]);
      const node = (h: string | undefined): TreeNode => (h ? nodes.get(h)! : { l: [] });
      const next: [string | undefined, string | undefined][] = [];
      const mixed: [TreeNode, TreeNode][] = [];
      for (const [x, y] of level) {
        const [nx, ny] = [node(x), node(y)];
        if (!isLeaf(nx) && !isLeaf(ny)) {
          for (const d of new Set([...Object.keys(nx.b), ...Object.keys(ny.b)])) {
            if (nx.b[d] !== ny.b[d]) next.push([nx.b[d], ny.b[d]]);
          }
        } else if (isLeaf(nx) && isLeaf(ny)) {
          compareEntries(nx.l, ny.l, out);
        } else {
          mixed.push([nx, ny]);
        }
      }
      // a leaf against a branch (a subtree crossed the split size): compare their full entry lists
      for (const [nx, ny] of mixed) {
        const [ex, ey] = await Promise.all([nx, ny].map((n) => (isLeaf(n) ? n.l : this.listFrom(workspaceId, Object.values(n.b)))));
        compareEntries(ex, ey, out);
      }
      level = next;
    }
    return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  }

  /**
   * Reads, one level per round trip, the nodes on the paths to `keys`, so that
   * the node-by-node walks of `update` and `lookup` find them in the cache.
   */
  async prefetchPaths(workspaceId: string, root: string, keys: string[]): Promise<void> {
    let level: { hash: string; keys: string[] }[] = [{ hash: root, keys }];
    for (let depth = 0; level.length > 0 && depth < MAX_DEPTH; depth++) {
      const nodes = await this.readNodes(workspaceId, level.map((l) => l.hash));
      const next: { hash: string; keys: string[] }[] = [];
      for (const { hash, keys: under } of level) {
        const n = nodes.get(hash)!;
        if (isLeaf(n)) continue;
        const groups = new Map<string, string[]>();
        for (const k of under) {
          const child = n.b[this.digit(k, depth)];
          if (!child) continue;
          const g = groups.get(child) ?? [];
          g.push(k);
          groups.set(child, g);
        }
        for (const [child, ks] of groups) next.push({ hash: child, keys: ks });
      }
      level = next;
    }
  }
}

function compareEntries(ea: TreeEntry[], eb: TreeEntry[], out: TreeChange[]): void {
  const mb = new Map(eb);
  for (const [k, h] of ea) {
    const other = mb.get(k);
    if (other === undefined) out.push({ key: k, before: h });
    else if (other !== h) out.push({ key: k, before: h, after: other });
    mb.delete(k);
  }
  for (const [k, h] of mb) out.push({ key: k, after: h });
}
