import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a storage answers for one attempt (the package does not export the type itself). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  /** When the window's count starts again (ms since the epoch). */
  endsAt: number;
  /** While blocked: when the block ends. */
  blockedUntil: number;
}

/** How often windows that have ended are forgotten. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The per-address counters of one instance: a fixed window per key, as the Redis storage of
 * several instances counts (`@nest-lab/throttler-storage-redis`'s script, the same answers),
 * so O(1) per attempt. `@nestjs/throttler`'s own in-memory storage keeps every hit's expiry
 * and filters that list on every request: O(hits in the window), a third of the CPU of a
 * `client_credentials` token when a fleet of services shares one address under a raised
 * limit (`npm run bench`, a profile under load).
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(Date.now()), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (!window || (window.endsAt <= now && window.blockedUntil <= now)) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    if (window.blockedUntil !== 0 && window.blockedUntil <= now) {
      // The block is over: counting starts again with this attempt.
      window.hits = 0;
      window.endsAt = now + ttl;
      window.blockedUntil = 0;
    }
    if (window.endsAt <= now) window.endsAt = now + ttl;
    window.hits += 1;
    if (window.blockedUntil === 0 && window.hits > limit) window.blockedUntil = now + blockDuration;
    const blocked = window.blockedUntil !== 0;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.endsAt - now) / 1000),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    });
  }

  /** Stops the sweep (at shutdown). */
  close(): void {
    clearInterval(this.sweeper);
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
    }
  }
}
