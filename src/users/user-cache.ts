import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { usersConfig, type UsersConfig } from '../config/users.config';
import { User } from './user.entity';
import { ExpiringCache } from '../core/expiring-cache';
import { ChangeNotices } from '../redis/change-notices';

/** The change notice of a user written by another instance. */
const USER_CHANGED_NOTICE = 'user.changed';

/** Bounds memory: beyond this many users, the oldest entry makes room. */
export const USER_CACHE_MAX_ENTRIES = 10_000;

/**
 * The user behind each access token, kept for `USER_CACHE_TTL_MS` so that the check every
 * protected request makes (the user exists and is enabled) does not cost a query each time.
 *
 * In this process a change is seen at once: `UsersService` invalidates the entry on every
 * write. Other instances hear of it by a change notice (Redis), and at the latest when their
 * entry expires (the TTL, 5 s by default); `USER_CACHE_TTL_MS=0` turns the cache off. Concurrent misses share one query.
 * The cached `User` is shared by the requests that read it: treat it as read-only.
 */
@Injectable()
export class UserCache {
  private readonly entries: ExpiringCache<User>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(usersConfig.KEY) config: UsersConfig,
    private readonly notices: ChangeNotices,
  ) {
    this.entries = new ExpiringCache(config.cacheTtlMs, USER_CACHE_MAX_ENTRIES);
    notices.on(USER_CHANGED_NOTICE, ({ userId }) => {
      if (typeof userId === 'string') this.invalidate(userId);
    });
  }

  /** Forgets a user here and tells the other instances to forget them too. */
  async changed(id: string): Promise<void> {
    this.invalidate(id);
    await this.notices.publish(USER_CHANGED_NOTICE, { userId: id });
  }

  /** The user with this id, or null; from the cache while its entry is fresh. */
  get(id: string): Promise<User | null> {
    return this.entries.get(id, () => this.users.findOneBy({ id }));
  }

  /** Forgets a user: the next request that names them reads the database. */
  invalidate(id: string): void {
    this.entries.delete(id);
  }

  /** Number of users currently held (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}
