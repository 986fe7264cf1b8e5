export * from './canonical';
export * from './json-pointer';
export * from './diff-resource';
export * from './merge-values';
export * from './merge-resources';
