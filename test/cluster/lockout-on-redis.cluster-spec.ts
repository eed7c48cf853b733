import { AccountLockout } from '../../src/authorization-server/common/account-lockout';
import type { RedisConfig } from '../../src/config/redis.config';
import type { ThrottlingConfig } from '../../src/config/throttling.config';
import { SharedState } from '../../src/redis/shared-state';
import { lockoutScenarios } from '../support/lockout-scenarios';
import { REDIS_PORT, deleteKeys, testKeyPrefix } from '../support/redis';

/** The lockout rule on Redis (one Lua script) passes the same scenarios as in process. */
describe('AccountLockout on Redis', () => {
  const keyPrefix = testKeyPrefix();
  const shared = new SharedState({
    url: `redis://127.0.0.1:${REDIS_PORT}/0`,
    keyPrefix,
    catchUpIntervalMs: 4000,
  } satisfies RedisConfig);

  beforeAll(() => shared.onModuleInit());
  afterAll(async () => {
    shared.onModuleDestroy();
    await deleteKeys(keyPrefix);
  });

  lockoutScenarios(
    (loginMaxFailures) => new AccountLockout({ loginMaxFailures } as ThrottlingConfig, shared),
  );
});
