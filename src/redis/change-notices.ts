import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { SharedState } from './shared-state';

/** What one instance tells the others; each topic's payload is the feature's business. */
export type NoticeHandler = (payload: Record<string, unknown>) => void;

interface Notice {
  readonly from: string;
  readonly topic: string;
  readonly payload: Record<string, unknown>;
}

/**
 * Change notices between instances (Redis pub/sub): a user disabled, a token revoked, a key
 * rotated… The instance that makes a change applies it to its own caches at once and publishes
 * it; every other instance applies it when the notice arrives (well within a second).
 *
 * A notice can be lost (Redis down, a reconnect): so every instance also re-reads what notices
 * carry every `catchUpIntervalMs` (4 s), and caches of rows expire within 5 s. Without Redis
 * there is one instance, and nothing to tell.
 */
@Injectable()
export class ChangeNotices implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ChangeNotices.name);
  private readonly instance = randomUUID();
  private readonly handlers = new Map<string, NoticeHandler[]>();
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    private readonly shared: SharedState,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
  ) {
    this.channel = shared.channel('notices');
  }

  /**
   * How often an instance must re-read the state notices carry, so that a lost notice is
   * healed in time; null when there is one instance (no notices to lose).
   */
  get catchUpIntervalMs(): number | null {
    return this.shared.isShared ? this.config.catchUpIntervalMs : null;
  }

  /** Calls `handler` for each notice on `topic` published by another instance. */
  on(topic: string, handler: NoticeHandler): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  /**
   * Tells the other instances. Best effort: a notice that cannot be sent is logged and left to
   * the catch-up, never a failure of the change itself (which is already in the database).
   */
  async publish(topic: string, payload: Record<string, unknown>): Promise<void> {
    if (!this.shared.isShared) return;
    const notice: Notice = { from: this.instance, topic, payload };
    try {
      await this.shared.run((redis) => redis.publish(this.channel, JSON.stringify(notice)));
    } catch {
      this.logger.warn(`Notice "${topic}" not sent; other instances catch up within 5 s`);
    }
  }

  async onModuleInit(): Promise<void> {
    const client = this.shared.client;
    if (!client) return;
    // A subscribed connection can do nothing else: a second one (ioredis re-subscribes on
    // reconnect by itself).
    this.subscriber = client.duplicate({ lazyConnect: true });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.deliver(message);
    });
    // Subscribed on every (re)connection: also when Redis was down at start-up, when ioredis
    // has no subscription of its own to restore yet.
    const subscriber = this.subscriber;
    subscriber.on('ready', () => {
      subscriber.subscribe(this.channel).catch(() => undefined);
    });
    try {
      await subscriber.connect();
      await subscriber.subscribe(this.channel);
    } catch {
      this.logger.warn('Not subscribed to change notices yet; retrying in the background');
    }
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect(false);
  }

  private deliver(message: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(message) as Notice;
    } catch {
      return;
    }
    if (notice.from === this.instance) return;
    for (const handler of this.handlers.get(notice.topic) ?? []) {
      try {
        handler(notice.payload ?? {});
      } catch (error) {
        this.logger.warn(`Notice "${notice.topic}" not applied: ${(error as Error).message}`);
      }
    }
  }
}
