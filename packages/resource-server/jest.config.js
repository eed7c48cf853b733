// The package's own suite: unit specs beside the code, end-to-end specs in test/ driving a
// NestJS service (on Express and on Fastify) against a stand-in issuer over real HTTP.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'resource-server',
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 30000,
};
