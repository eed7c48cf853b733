import { Inject, Injectable } from '@nestjs/common';
import { throttlingConfig, type ThrottlingConfig } from '../../config/throttling.config';
import { SharedState } from '../../redis/shared-state';
import type { LockoutStore } from './lockout-rule';
import { MemoryLockoutStore } from './memory-lockout-store';
import { RedisLockoutStore } from './redis-lockout-store';

/**
 * The per-account rule against guessing (docs/security.md), for users' passwords and clients'
 * secrets. Only failures count, and a success forgets them: after `LOGIN_MAX_FAILURES`
 * failures in a row the account is locked for a minute, then two, four… up to fifteen, and
 * never more than a hundred failures an hour get through. A locked account's login is
 * answered exactly like a wrong password, so the lockout tells a guesser nothing; a user who
 * logs in successfully, however often, is never held back by it. Accounts are named as typed,
 * lower-cased, whether or not they exist.
 *
 * The counters live in this process, or in Redis with `REDIS_URL` so that every instance
 * counts the same failures.
 */
@Injectable()
export class AccountLockout {
  private readonly maxFailures: number;
  private readonly store: LockoutStore;

  constructor(@Inject(throttlingConfig.KEY) config: ThrottlingConfig, shared: SharedState) {
    this.maxFailures = config.loginMaxFailures;
    this.store = shared.isShared ? new RedisLockoutStore(shared) : new MemoryLockoutStore();
  }

  async isLocked(account: string): Promise<boolean> {
    return (await this.store.lockedUntil(accountKey(account))) > Date.now();
  }

  recordFailure(account: string): Promise<void> {
    return this.store.failed(accountKey(account), Date.now(), this.maxFailures);
  }

  recordSuccess(account: string): Promise<void> {
    return this.store.forget(accountKey(account));
  }
}

/** Usernames are case-insensitive, and at most 64 characters: longer input is cut. */
function accountKey(account: string): string {
  return account.slice(0, 128).toLowerCase();
}
