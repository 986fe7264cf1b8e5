export * from './database';
export * from './migrations';
export * from './object-store';
export * from './resource-tree';
export * from './storage.module';
export * from './health.handlers';
export * from './object-values';
