import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { usersConfig, type UsersConfig } from '../config/users.config';
import { User } from './user.entity';
import { ChangeNotices } from '../redis/change-notices';

/** The change notice of a user written by another instance. */
const USER_CHANGED_NOTICE = 'user.changed';

interface Entry {
  readonly user: Promise<User | null>;
  readonly expiresAt: number;
}

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
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(usersConfig.KEY) config: UsersConfig,
    private readonly notices: ChangeNotices,
  ) {
    this.ttlMs = config.cacheTtlMs;
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
    if (this.ttlMs === 0) return this.users.findOneBy({ id });
    const now = Date.now();
    const cached = this.entries.get(id);
    if (cached && cached.expiresAt > now) return cached.user;
    if (cached) this.entries.delete(id);
    const user = this.users.findOneBy({ id });
    const entry: Entry = { user, expiresAt: now + this.ttlMs };
    if (this.entries.size >= USER_CACHE_MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(id, entry);
    // A failed query is not remembered; nor is an unknown id (ids are random UUIDs).
    void user.then(
      (found) => {
        if (!found && this.entries.get(id) === entry) this.entries.delete(id);
      },
      () => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      },
    );
    return user;
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
