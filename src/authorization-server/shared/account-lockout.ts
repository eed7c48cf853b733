import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { throttlingConfig, type ThrottlingConfig } from '../../config/throttling.config';
import { SharedState } from '../../redis/shared-state';

/** The first lockout; each further one doubles, up to `MAX_LOCK_MS`. */
export const FIRST_LOCK_MS = 60_000;
export const MAX_LOCK_MS = 15 * 60_000;
/** Failed attempts one account lets through in an hour, lockouts or not. */
export const MAX_FAILURES_PER_HOUR = 100;
export const HOUR_MS = 3_600_000;
/** Accounts remembered at once in process: beyond this, the least recently tried is forgotten. */
const MAX_ACCOUNTS = 100_000;

/** What is remembered of an account between two attempts. */
export interface AccountState {
  /** Failures since the last success or lockout. */
  failures: number;
  /** Lockouts since the last success: the next one lasts FIRST_LOCK_MS × 2^lockouts. */
  lockouts: number;
  lockedUntil: number;
  hourStartedAt: number;
  failuresThisHour: number;
}

/** Where the counters live: this process, or Redis (shared by every instance). */
export interface LockoutStore {
  /** Until when (ms since the epoch) the account is locked; 0 if it is not. */
  lockedUntil(account: string): Promise<number>;
  failed(account: string, now: number, maxFailures: number): Promise<void>;
  forget(account: string): Promise<void>;
}

/** One failure more: the rule of docs/security.md (password guessing), as a pure function of the state. */
export function afterFailure(
  previous: AccountState | undefined,
  now: number,
  maxFailures: number,
): AccountState {
  const state = previous ?? {
    failures: 0,
    lockouts: 0,
    lockedUntil: 0,
    hourStartedAt: now,
    failuresThisHour: 0,
  };
  if (now - state.hourStartedAt >= HOUR_MS) {
    state.hourStartedAt = now;
    state.failuresThisHour = 0;
  }
  state.failures += 1;
  state.failuresThisHour += 1;
  if (state.failures >= maxFailures) {
    state.lockedUntil = now + Math.min(FIRST_LOCK_MS * 2 ** state.lockouts, MAX_LOCK_MS);
    state.lockouts += 1;
    state.failures = 0;
  }
  if (state.failuresThisHour >= MAX_FAILURES_PER_HOUR) {
    state.lockedUntil = Math.max(state.lockedUntil, state.hourStartedAt + HOUR_MS);
  }
  return state;
}

/** One instance: the counters in a bounded map. */
export class MemoryLockoutStore implements LockoutStore {
  private readonly accounts = new LRUCache<string, AccountState>({ max: MAX_ACCOUNTS });

  lockedUntil(account: string): Promise<number> {
    return Promise.resolve(this.accounts.get(account)?.lockedUntil ?? 0);
  }

  failed(account: string, now: number, maxFailures: number): Promise<void> {
    this.accounts.set(account, afterFailure(this.accounts.get(account), now, maxFailures));
    return Promise.resolve();
  }

  forget(account: string): Promise<void> {
    this.accounts.delete(account);
    return Promise.resolve();
  }
}

/**
 * `afterFailure` in Lua, so that Redis applies it atomically however many instances count the
 * same account at once. The shared scenarios of `test/support/lockout-scenarios.ts` hold both
 * stores to the same answers.
 */
const FAILED_SCRIPT = `
local now = tonumber(ARGV[1])
local maxFailures = tonumber(ARGV[2])
local firstLock, maxLock = tonumber(ARGV[3]), tonumber(ARGV[4])
local maxPerHour, hour = tonumber(ARGV[5]), tonumber(ARGV[6])
local s = redis.call('HMGET', KEYS[1], 'failures', 'lockouts', 'lockedUntil', 'hourStartedAt', 'failuresThisHour')
local failures = tonumber(s[1]) or 0
local lockouts = tonumber(s[2]) or 0
local lockedUntil = tonumber(s[3]) or 0
local hourStartedAt = tonumber(s[4]) or now
local failuresThisHour = tonumber(s[5]) or 0
if now - hourStartedAt >= hour then
  hourStartedAt = now
  failuresThisHour = 0
end
failures = failures + 1
failuresThisHour = failuresThisHour + 1
if failures >= maxFailures then
  lockedUntil = now + math.min(firstLock * 2 ^ lockouts, maxLock)
  lockouts = lockouts + 1
  failures = 0
end
if failuresThisHour >= maxPerHour then
  lockedUntil = math.max(lockedUntil, hourStartedAt + hour)
end
redis.call('HSET', KEYS[1], 'failures', failures, 'lockouts', lockouts,
  'lockedUntil', string.format('%d', lockedUntil), 'hourStartedAt', string.format('%d', hourStartedAt),
  'failuresThisHour', failuresThisHour)
redis.call('PEXPIRE', KEYS[1], hour + maxLock)
return 1
`;

/** Several instances: the counters in Redis, shared; a Redis failure is a 503, never a pass. */
export class RedisLockoutStore implements LockoutStore {
  constructor(private readonly shared: SharedState) {}

  async lockedUntil(account: string): Promise<number> {
    const value = await this.shared.run((redis) => redis.hget(keyOf(account), 'lockedUntil'));
    return value ? Number(value) : 0;
  }

  async failed(account: string, now: number, maxFailures: number): Promise<void> {
    await this.shared.run((redis) =>
      redis.eval(
        FAILED_SCRIPT,
        1,
        keyOf(account),
        now,
        maxFailures,
        FIRST_LOCK_MS,
        MAX_LOCK_MS,
        MAX_FAILURES_PER_HOUR,
        HOUR_MS,
      ),
    );
  }

  async forget(account: string): Promise<void> {
    await this.shared.run((redis) => redis.del(keyOf(account)));
  }
}

function keyOf(account: string): string {
  return `lockout:${account}`;
}

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
