import { DomainError } from '@ilm/contracts';
import { ObjectStore, toStoredObject } from './object-store';

/** Parsed values of the given hashes; a missing object is store corruption, never silently skipped. */
export async function readValues<T>(store: ObjectStore, workspaceId: string, hashes: string[]): Promise<Map<string, T>> {
  const found = await store.getMany(workspaceId, hashes);
  const out = new Map<string, T>();
  for (const h of hashes) {
    const content = found.get(h);
    if (content === undefined) throw new DomainError('internal_error', `object ${h} is missing from the object store`);
    out.set(h, JSON.parse(content) as T);
  }
  return out;
}

/** Stores values (idempotent) and returns their hashes in order. */
export async function writeValues(store: ObjectStore, workspaceId: string, values: unknown[]): Promise<string[]> {
  const objects = values.map(toStoredObject);
  await store.put(workspaceId, objects);
  return objects.map((o) => o.hash);
}
