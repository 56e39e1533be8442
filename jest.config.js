/** Jest runs TypeScript through SWC (decorators and their metadata included); `npm run typecheck` is the type check. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.contract-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  testTimeout: 60000,
  // The API serves the audit page from dist/audit-page: built once per run from web/audit.
  globalSetup: '<rootDir>/test/support/build-audit-page.js',
  // Two workers on two cores: many suites wait on child processes, fsync and sockets, so the
  // whole run takes about 4.5 minutes instead of 7 with Jest's default of one worker here.
  maxWorkers: 2,
};
