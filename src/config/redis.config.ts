import { registerAs } from '@nestjs/config';
import { environment } from './environment';

/**
 * Redis, for several instances (`REDIS_URL`): shared rate-limit and lockout counters, and the
 * change notices every instance applies to its caches. Unset: one instance, all in process.
 */
export const redisConfig = registerAs('redis', () => {
  const env = environment();
  return {
    url: env.REDIS_URL,
    /** Prepended to every key and channel, so that several deployments can share a server. */
    keyPrefix: env.REDIS_KEY_PREFIX ?? 'scopegate:',
    /**
     * With Redis, how often each instance re-reads what notices tell it (revocations, keys),
     * so that a lost notice is healed within 5 seconds.
     */
    catchUpIntervalMs: 4000,
  };
});

export type RedisConfig = ReturnType<typeof redisConfig>;
