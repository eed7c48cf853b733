import Redis from 'ioredis';

/** The Redis of this machine and of CI. */
export const REDIS_PORT = 6379;

/** A key prefix of its own for one run, so that runs never see each other's keys. */
export function testKeyPrefix(): string {
  return `sg-test-${process.pid}-${Math.random().toString(36).slice(2, 10)}:`;
}

/** Deletes every key of a run's prefix (through a connection without a prefix of its own). */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_PORT, '127.0.0.1', { lazyConnect: true });
  await redis.connect();
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
