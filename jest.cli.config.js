// The operator CLI (npm run test:cli): spawns the built CLI (dist/cli.js) against a SQLite file
// and a PostgreSQL schema of its own, as an operator would run it. Run after `npm run build`.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'cli',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/test/cli/**/*.cli-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 60000,
};
