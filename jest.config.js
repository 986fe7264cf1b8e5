/** Unit tests (*.spec.ts next to the code) and e2e tests (*.e2e-spec.ts) in one run. */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' }, module: { type: 'commonjs' } }];
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(jsondiffpatch)/)'],
  moduleNameMapper: {
    '^@ilm/(contracts|messaging|storage|merge|secrets|outbox)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 120000,
};
