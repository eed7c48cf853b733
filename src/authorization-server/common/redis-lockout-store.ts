import { SharedState } from '../../redis/shared-state';
import {
  FIRST_LOCK_MS,
  HOUR_MS,
  MAX_FAILURES_PER_HOUR,
  MAX_LOCK_MS,
  type LockoutStore,
} from './lockout-rule';

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
