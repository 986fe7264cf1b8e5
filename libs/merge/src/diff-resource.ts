import { create } from 'jsondiffpatch';
import type { FieldChange, MoveChange } from '@ilm/contracts';
import { canonicalJson } from './canonical';
import { pointer } from './json-pointer';

type Json = unknown;

/** Arrays whose members are objects with a string `id` are matched by id (flow steps). */
function idOf(item: Json): string | undefined {
  return item !== null && typeof item === 'object' && !Array.isArray(item) && typeof (item as { id?: unknown }).id === 'string'
    ? (item as { id: string }).id
    : undefined;
}

function isIdArray(a: Json[]): boolean {
  if (!a.every((x) => idOf(x) !== undefined)) return false;
  return new Set(a.map(idOf)).size === a.length;
}

function isPlainObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function equal(a: Json, b: Json): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

/** The longest common subsequence of two id lists: the members that kept their relative order. */
function stableIds(before: string[], after: string[]): Set<string> {
  const n = before.length;
  const m = after.length;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i][j] = before[i] === after[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    }
  }
  const keep = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      keep.add(before[i]);
      i++;
      j++;
    } else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return keep;
}

interface Collected {
  fields: FieldChange[];
  moves: MoveChange[];
}

function walk(before: Json, after: Json, path: string, out: Collected): void {
  if (equal(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) {
      const here = pointer(path, key);
      if (!(key in after)) out.fields.push({ path: here, op: 'remove', before: before[key] });
      else if (!(key in before)) out.fields.push({ path: here, op: 'add', after: after[key] });
      else walk(before[key], after[key], here, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (isIdArray(before) && isIdArray(after)) return walkIdArray(before, after, path, out);
    if (before.length === after.length) {
      before.forEach((item, i) => walk(item, after[i], pointer(path, i), out));
      return;
    }
  }
  out.fields.push({ path, op: 'replace', before, after });
}

/** Members matched by id: edits inside a member are field changes, reordering is a move. */
function walkIdArray(before: Json[], after: Json[], path: string, out: Collected): void {
  const beforeIds = before.map((x) => idOf(x)!);
  const afterIds = after.map((x) => idOf(x)!);
  const beforeIndex = new Map(beforeIds.map((id, i) => [id, i]));
  const afterIndex = new Map(afterIds.map((id, i) => [id, i]));
  beforeIds.forEach((id, i) => {
    if (!afterIndex.has(id)) out.fields.push({ path: pointer(path, i), op: 'remove', before: before[i] });
  });
  const common = (ids: string[], other: Map<string, number>) => ids.filter((id) => other.has(id));
  const stable = stableIds(common(beforeIds, afterIndex), common(afterIds, beforeIndex));
  afterIds.forEach((id, j) => {
    const i = beforeIndex.get(id);
    if (i === undefined) {
      out.fields.push({ path: pointer(path, j), op: 'add', after: after[j] });
      return;
    }
    if (!stable.has(id)) out.moves.push({ path, id, from: i, to: j });
    walk(before[i], after[j], pointer(path, j), out);
  });
}

const patcher = create({
  objectHash: (item: object, index?: number) => idOf(item) ?? `$$index:${index}`,
  arrays: { detectMove: true, includeValueOnMove: false },
});

export interface ResourceDiff {
  fields: FieldChange[];
  moves: MoveChange[];
  delta: unknown;
}

/** Field-level changes (JSON Pointer paths), id-matched moves, and the jsondiffpatch delta. */
export function diffValues(before: Json, after: Json): ResourceDiff {
  const out: Collected = { fields: [], moves: [] };
  walk(before, after, '', out);
  return { fields: out.fields, moves: out.moves, delta: patcher.diff(before, after) ?? null };
}
