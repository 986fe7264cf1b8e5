import { LRUCache } from 'lru-cache';
import { Pool } from 'pg';
import { canonicalJson, sha256Hex } from '@ilm/merge';
import { asServiceError } from './database';
import { Migration } from './migrations';

export interface StoredObject {
  hash: string;
  /** canonical JSON text; its SHA-256 is `hash` */
  content: string;
}

/**
 * The content-addressed object store (DESIGN "Data model"): immutable, per
 * workspace, shared by the services that keep state. The port has no SQL in it
 * so a second adapter (MongoDB) can stand behind the same contract tests.
 */
export interface ObjectStore {
  /** Writes objects that are not there yet; returns how many were new. Idempotent. */
  put(workspaceId: string, objects: StoredObject[]): Promise<number>;
  /** Returns the content of every hash found; missing hashes are absent from the map. */
  getMany(workspaceId: string, hashes: string[]): Promise<Map<string, string>>;
  count(workspaceId: string): Promise<number>;
}

export function toStoredObject(value: unknown): StoredObject {
  const content = canonicalJson(value);
  return { hash: sha256Hex(content), content };
}

export const OBJECTS_SCHEMA = 'objects';
export const OBJECT_STORE_MIGRATIONS: Migration[] = [
  {
    id: '001-objects',
    sql: `
      CREATE TABLE objects.objects (
        workspace_id text NOT NULL,
        hash char(64) NOT NULL,
        content text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- serves: PgObjectStore.getMany / put (lookup and dedup by workspace + content address)
        PRIMARY KEY (workspace_id, hash)
      );`,
  },
];

export class PgObjectStore implements ObjectStore {
  constructor(private readonly pool: Pool) {}

  async put(workspaceId: string, objects: StoredObject[]): Promise<number> {
    if (objects.length === 0) return 0;
    const unique = new Map(objects.map((o) => [o.hash, o.content]));
    try {
      const res = await this.pool.query(
        `INSERT INTO objects.objects (workspace_id, hash, content)
         SELECT $1, h, c FROM unnest($2::text[], $3::text[]) AS t(h, c)
         ON CONFLICT (workspace_id, hash) DO NOTHING`,
        [workspaceId, [...unique.keys()], [...unique.values()]],
      );
      return res.rowCount ?? 0;
    } catch (err) {
      throw asServiceError(err);
    }
  }

  async getMany(workspaceId: string, hashes: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (hashes.length === 0) return out;
    try {
      const res = await this.pool.query(
        'SELECT hash, content FROM objects.objects WHERE workspace_id = $1 AND hash = ANY($2::text[])',
        [workspaceId, [...new Set(hashes)]],
      );
      for (const row of res.rows) out.set(row.hash, row.content);
      return out;
    } catch (err) {
      throw asServiceError(err);
    }
  }

  async count(workspaceId: string): Promise<number> {
    const res = await this.pool.query('SELECT count(*)::int AS n FROM objects.objects WHERE workspace_id = $1', [workspaceId]);
    return res.rows[0].n;
  }
}

/**
 * Objects never change, so a process may keep any it has seen: reads of hot
 * resources and tree nodes skip the database, and writes skip objects known to
 * be stored already.
 */
export class CachedObjectStore implements ObjectStore {
  private readonly cache: LRUCache<string, string>;

  constructor(
    private readonly inner: ObjectStore,
    maxBytes = 96 * 1024 * 1024,
  ) {
    this.cache = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (v, k) => v.length + k.length });
  }

  private id(workspaceId: string, hash: string): string {
    return `${workspaceId}:${hash}`;
  }

  async put(workspaceId: string, objects: StoredObject[]): Promise<number> {
    const fresh = objects.filter((o) => !this.cache.has(this.id(workspaceId, o.hash)));
    const written = await this.inner.put(workspaceId, fresh);
    for (const o of fresh) this.cache.set(this.id(workspaceId, o.hash), o.content);
    return written;
  }

  async getMany(workspaceId: string, hashes: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const h of hashes) {
      const hit = this.cache.get(this.id(workspaceId, h));
      if (hit !== undefined) out.set(h, hit);
      else missing.push(h);
    }
    if (missing.length > 0) {
      const loaded = await this.inner.getMany(workspaceId, missing);
      for (const [h, c] of loaded) {
        this.cache.set(this.id(workspaceId, h), c);
        out.set(h, c);
      }
    }
    return out;
  }

  count(workspaceId: string): Promise<number> {
    return this.inner.count(workspaceId);
  }
}
