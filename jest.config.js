// Every Jest suite, one project each, sharing one transform. `npm test` selects the two that
// need nothing but Node (unit specs beside the code, end-to-end specs in test/); the others
// have scripts of their own (package.json), since they need Chromium, the built server,
// PostgreSQL or Redis.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
};

/**
 * A project: its name, its files, and how long one test may take.
 * @param {string} displayName
 * @param {string} testMatch
 * @param {number} [testTimeout]
 * @returns {import('jest').Config}
 */
const project = (displayName, testMatch, testTimeout) => ({
  displayName,
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: [testMatch],
  transform,
  ...(testTimeout ? { testTimeout } : {}),
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    project('unit', '<rootDir>/src/**/*.spec.ts'),
    project('e2e', '<rootDir>/test/*.e2e-spec.ts', 30000),
    // Swagger UI in headless Chromium (Debian's /usr/bin/chromium).
    project('browser', '<rootDir>/test/browser/**/*.browser-spec.ts', 60000),
    // The built server (dist/main.js) killed, cut from its database, restarted.
    project('faults', '<rootDir>/test/faults/**/*.faults-spec.ts', 120000),
    // The operator CLI, spawned against SQLite and PostgreSQL.
    project('cli', '<rootDir>/test/cli/**/*.cli-spec.ts', 60000),
    // Two built instances on PostgreSQL and Redis, a fresh schema and key prefix each run.
    project('cluster', '<rootDir>/test/cluster/**/*.cluster-spec.ts', 120000),
  ],
};
