// Fault-injection tests (npm run test:faults): they spawn the built server (dist/main.js),
// kill it, cut its database, and restart it. Run after `npm run build`, one file at a time.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'faults',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/test/faults/**/*.faults-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
};
