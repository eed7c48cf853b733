import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import Redis from 'ioredis';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { SharedStateUnavailableError } from './shared-state-unavailable';

/** How long start-up waits for Redis before serving anyway (its requests then answer 503). */
const CONNECT_WAIT_MS = 3000;

/**
 * The connection to Redis when `REDIS_URL` is set (ioredis), or nothing: one instance keeps
 * its state in process. Commands fail at once while Redis is unreachable (no offline queue, a
 * short command timeout), so a request that needs it answers 503 instead of hanging; ioredis
 * reconnects by itself, and the service recovers when Redis returns. Every key gets
 * `REDIS_KEY_PREFIX`.
 */
@Injectable()
export class SharedState implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SharedState.name);
  /** Null without `REDIS_URL`. */
  readonly client: Redis | null;

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfig) {
    this.client = config.url
      ? new Redis(config.url, {
          keyPrefix: config.keyPrefix,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          commandTimeout: 1000,
          // Forever, at most every 2 s: Redis coming back is noticed within that.
          retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
          lazyConnect: true,
        })
      : null;
    this.client?.on('error', (error: Error) => this.onError(error));
  }

  /** Is the state shared (several instances), rather than in process? */
  get isShared(): boolean {
    return this.client !== null;
  }

  /** A channel name, prefixed like the keys (pub/sub channels get no automatic prefix). */
  channel(name: string): string {
    return `${this.config.keyPrefix}${name}`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.client) return;
    const connected = this.client.connect().then(
      () => true,
      () => false,
    );
    const timeout = new Promise<boolean>((resolve) => {
      setTimeout(() => resolve(false), CONNECT_WAIT_MS).unref();
    });
    if (!(await Promise.race([connected, timeout]))) {
      this.logger.warn('Redis is unreachable; requests that need it answer 503 until it is back');
    }
  }

  onModuleDestroy(): void {
    this.client?.disconnect(false);
  }

  /** Runs a command on Redis; any failure of the connection is a 503 for the caller. */
  async run<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
    if (!this.client) throw new Error('SharedState.run without REDIS_URL');
    if (this.client.status !== 'ready') throw new SharedStateUnavailableError();
    try {
      return await command(this.client);
    } catch (error) {
      this.onError(error as Error);
      throw new SharedStateUnavailableError();
    }
  }

  /** For the readiness probe: does Redis answer? True when there is none to ask. */
  async isReachable(): Promise<boolean> {
    if (!this.client) return true;
    try {
      await this.run((redis) => redis.ping());
      return true;
    } catch {
      return false;
    }
  }

  private lastErrorLog = 0;

  /** Logs Redis trouble at most every 10 s (a reconnect loop must not flood the logs). */
  private onError(error: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLog < 10_000) return;
    this.lastErrorLog = now;
    this.logger.warn(`Redis: ${error.message}`);
  }
}
