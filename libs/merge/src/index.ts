export * from './canonical';
export * from './json-pointer';
export * from './diff-resource';
