import { diff3Merge } from 'node-diff3';
import { canonicalJson } from './canonical';
import { pointer } from './json-pointer';

type Json = unknown;

/** A place where both sides changed the same thing differently since the base. */
export interface ValueConflict {
  /** JSON Pointer inside the merged value */
  path: string;
  /** undefined: absent on that side */
  base: Json;
  current: Json;
  remote: Json;
}

export interface ValueMerge {
  /** the merged value; at a conflict it holds the current side's value */
  value: Json;
  conflicts: ValueConflict[];
}

/** Marks a key absent on one side (deleted, or never there). */
const ABSENT = undefined;

export function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}

const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

function idOf(item: Json): string | undefined {
  return isObject(item) && typeof item.id === 'string' ? item.id : undefined;
}

/** An array whose members are objects with distinct string ids (flow steps): merged as an ordered map. */
function isIdArray(v: Json): v is Record<string, Json>[] {
  if (!Array.isArray(v)) return false;
  const ids = v.map(idOf);
  return ids.every((id) => id !== undefined) && new Set(ids).size === ids.length;
}

const isText = (v: Json): v is string => typeof v === 'string';
const multiline = (...vs: Json[]) => vs.some((v) => isText(v) && v.includes('\n'));

/**
 * 3-way merge of JSON values (DESIGN "Merge"): one side unchanged takes the
 * other; equal changes are clean; objects merge key by key; arrays of objects
 * with an `id` merge member by member and their order 3-way; multi-line text
 * merges line by line; anything else changed on both sides is a conflict.
 */
export function mergeValues(base: Json, current: Json, remote: Json, path = ''): ValueMerge {
  if (sameJson(current, remote)) return { value: current, conflicts: [] };
  if (sameJson(base, current)) return { value: remote, conflicts: [] };
  if (sameJson(base, remote)) return { value: current, conflicts: [] };
  if (isObject(current) && isObject(remote) && (base === ABSENT || isObject(base))) {
    return mergeObjects(base ?? {}, current, remote, path);
  }
  if (isIdArray(current) && isIdArray(remote) && (base === ABSENT || isIdArray(base))) {
    return mergeIdArrays((base as Record<string, Json>[] | undefined) ?? [], current, remote, path);
  }
  if (isText(current) && isText(remote) && (base === ABSENT || isText(base)) && multiline(base, current, remote)) {
    const text = mergeText(base ?? '', current, remote);
    if (text !== undefined) return { value: text, conflicts: [] };
  }
  return { value: current, conflicts: [{ path, base, current, remote }] };
}

function mergeObjects(base: Record<string, Json>, current: Record<string, Json>, remote: Record<string, Json>, path: string): ValueMerge {
  const out: Record<string, Json> = {};
  const conflicts: ValueConflict[] = [];
  const keys = new Set([...Object.keys(current), ...Object.keys(remote), ...Object.keys(base)]);
  for (const key of [...keys].sort()) {
    const merged = mergeValues(base[key], current[key], remote[key], pointer(path, key));
    conflicts.push(...merged.conflicts);
    if (merged.value !== ABSENT) out[key] = merged.value;
  }
  // keep the current side's key order where it has the key: merges read like edits
  const ordered: Record<string, Json> = {};
  for (const key of Object.keys(current)) if (key in out) ordered[key] = out[key];
  for (const key of Object.keys(out)) if (!(key in ordered)) ordered[key] = out[key];
  return { value: ordered, conflicts };
}

/** Members by id (each merged 3-way), then the order: one side reordered takes it; both differently is a conflict. */
function mergeIdArrays(base: Record<string, Json>[], current: Record<string, Json>[], remote: Record<string, Json>[], path: string): ValueMerge {
  const byId = (a: Record<string, Json>[]) => new Map(a.map((m) => [idOf(m)!, m]));
  const [b, c, r] = [byId(base), byId(current), byId(remote)];
  const conflicts: ValueConflict[] = [];
  const members = new Map<string, Json>();
  const ids = new Set([...c.keys(), ...r.keys(), ...b.keys()]);
  for (const id of ids) {
    // a member's path names its place in the current array (or the remote one when current lacks it)
    const at = c.has(id) ? current.findIndex((m) => idOf(m) === id) : remote.findIndex((m) => idOf(m) === id);
    const merged = mergeValues(b.get(id), c.get(id), r.get(id), pointer(path, at >= 0 ? at : id));
    conflicts.push(...merged.conflicts);
    if (merged.value !== ABSENT) members.set(id, merged.value);
  }
  const order = mergeOrder([...b.keys()], [...c.keys()], [...r.keys()], new Set(members.keys()));
  if (order === undefined) {
    conflicts.push({ path, base: base.map(idOf), current: current.map(idOf), remote: remote.map(idOf) });
    const kept = current.map(idOf).filter((id): id is string => id !== undefined && members.has(id));
    const added = [...members.keys()].filter((id) => !kept.includes(id));
    return { value: [...kept, ...added].map((id) => members.get(id)), conflicts };
  }
  return { value: order.map((id) => members.get(id)), conflicts };
}

/**
 * The merged order of ids, or undefined when both sides reordered the members
 * they share differently. Members on one side only are placed where that side
 * has them: before their next neighbour, or last.
 */
function mergeOrder(base: string[], current: string[], remote: string[], kept: Set<string>): string[] | undefined {
  const common = (ids: string[]) => ids.filter((id) => base.includes(id) && current.includes(id) && remote.includes(id) && kept.has(id));
  const [b, c, r] = [common(base), common(current), common(remote)];
  const cMoved = !sameJson(b, c);
  const rMoved = !sameJson(b, r);
  if (cMoved && rMoved && !sameJson(c, r)) return undefined;
  const skeleton = rMoved ? r : c;
  const out = [...skeleton];
  // a member not on all three sides goes before its next neighbour on the side that has it (or last)
  const place = (side: string[]) => {
    for (let i = side.length - 1; i >= 0; i--) {
      const id = side[i];
      if (!kept.has(id) || out.includes(id)) continue;
      let j = i + 1;
      while (j < side.length && !out.includes(side[j])) j++;
      out.splice(j < side.length ? out.indexOf(side[j]) : out.length, 0, id);
    }
  };
  place(current);
  place(remote);
  return out;
}

/** Line-level 3-way merge; undefined when the two sides changed overlapping lines. */
export function mergeText(base: string, current: string, remote: string): string | undefined {
  const regions = diff3Merge(current.split('\n'), base.split('\n'), remote.split('\n'), { excludeFalseConflicts: true });
  const lines: string[] = [];
  for (const region of regions) {
    if (region.conflict) return undefined;
    lines.push(...(region.ok ?? []));
  }
  return lines.join('\n');
}
