/** Credentials of the test instances (never used outside tests and the bench). */
export const TEST_KEY_ENCRYPTION_SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests';

/**
 * The environment of every test instance, in process (`startApp`) or built (`ServerProcess`);
 * a suite adds its own variables on top.
 */
export const TEST_ENVIRONMENT: Readonly<Record<string, string>> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  KEY_ENCRYPTION_SECRET: TEST_KEY_ENCRYPTION_SECRET,
  ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
  DEMO_DATA: 'true',
  // Suites and the bench log in far more often than a person would; the brute-force suite
  // lowers these.
  TOKEN_RATE_LIMIT_PER_IP: '1000000',
};
