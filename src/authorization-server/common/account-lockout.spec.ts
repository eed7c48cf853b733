import type { ThrottlingConfig } from '../../config/throttling.config';
import type { SharedState } from '../../redis/shared-state';
import { lockoutScenarios } from '../../../test/support/lockout-scenarios';
import { AccountLockout } from './account-lockout';

describe('AccountLockout in process', () => {
  lockoutScenarios(
    (loginMaxFailures) =>
      new AccountLockout(
        { loginMaxFailures } as ThrottlingConfig,
        {
          isShared: false,
        } as SharedState,
      ),
  );
});
