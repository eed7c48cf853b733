// `npm run test:cluster`: two instances of the built server (dist/main.js) on the PostgreSQL
// and Redis of this machine, each run with a fresh schema and Redis key prefix.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'cluster',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
};
