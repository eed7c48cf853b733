// Every Jest suite, one project each, sharing one transform. `npm test` selects the two that
// need nothing but Node (unit specs beside the code, end-to-end specs in test/); the others
// have scripts of their own (package.json), since they need Chromium, the built server,
// PostgreSQL or Redis.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
};

/**
 * A project: its name and its files. How long one test may take is a setting of the whole run
 * (Jest ignores it in a project): 30 s here, and more in the scripts of the slower suites.
 * @param {string} displayName
 * @param {string} testMatch
 * @returns {import('jest').Config}
 */
const project = (displayName, testMatch) => ({
  displayName,
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: [testMatch],
  transform,
});

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  projects: [
    project('unit', '<rootDir>/src/**/*.spec.ts'),
    project('e2e', '<rootDir>/test/*.e2e-spec.ts'),
    // Swagger UI in headless Chromium (Debian's /usr/bin/chromium).
    project('browser', '<rootDir>/test/browser/**/*.browser-spec.ts'),
    // The built server (dist/main.js) killed, cut from its database, restarted.
    project('faults', '<rootDir>/test/faults/**/*.faults-spec.ts'),
    // The operator CLI, spawned against SQLite and PostgreSQL.
    project('cli', '<rootDir>/test/cli/**/*.cli-spec.ts'),
    // Two built instances on PostgreSQL and Redis, a fresh schema and key prefix each run.
    project('cluster', '<rootDir>/test/cluster/**/*.cluster-spec.ts'),
    // The packed @scopegate/resource-server installed into a fresh application, against the
    // built server.
    project('packaging', '<rootDir>/test/packaging/**/*.packaging-spec.ts'),
    // The package's own suite (packages/resource-server/jest.config.js).
    '<rootDir>/packages/resource-server',
  ],
};
