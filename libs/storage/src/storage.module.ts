import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { createPool } from './database';
import { Migration, migrate } from './migrations';
import { CachedObjectStore, OBJECTS_SCHEMA, OBJECT_STORE_MIGRATIONS, ObjectStore, PgObjectStore } from './object-store';
import { ResourceTree } from './resource-tree';

export const OBJECT_STORE = Symbol('ObjectStore');

export interface StorageOptions {
  /** the schema this service owns */
  schema: string;
  migrations: Migration[];
  /** whether the service reads/writes the shared content-addressed object store */
  objects: boolean;
}

@Injectable()
class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(Pool) private readonly pool: Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/** One service's database access: its own schema, migrated at start-up, and the object store. */
@Global()
@Module({})
export class StorageModule {
  static forService(options: StorageOptions): DynamicModule {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is required (npm start sets it to the embedded PostgreSQL)');
    return {
      module: StorageModule,
      providers: [
        {
          provide: Pool,
          useFactory: async () => {
            const pool = createPool(url, Number(process.env.ILM_DB_POOL ?? 10));
            if (options.objects) await migrate(pool, OBJECTS_SCHEMA, OBJECT_STORE_MIGRATIONS);
            await migrate(pool, options.schema, options.migrations);
            return pool;
          },
        },
        {
          provide: OBJECT_STORE,
          inject: [Pool],
          useFactory: (pool: Pool): ObjectStore => new CachedObjectStore(new PgObjectStore(pool)),
        },
        { provide: ResourceTree, inject: [OBJECT_STORE], useFactory: (store: ObjectStore) => new ResourceTree(store) },
        PoolCloser,
      ],
      exports: [Pool, OBJECT_STORE, ResourceTree],
    };
  }
}
