import type { Repository } from 'typeorm';
import type { ChangeNotices, NoticeHandler } from '../redis/change-notices';
import { UserCache, USER_CACHE_MAX_ENTRIES } from './user-cache';
import type { User } from './user.entity';

function userRow(id: string, disabled = false): User {
  return { id, username: id, disabled, scopes: [] } as unknown as User;
}

/** A repository whose rows the test changes, counting the queries it answers. */
function fakeRepository(rows: Map<string, User>) {
  const findOneBy = jest.fn(({ id }: { id: string }) => Promise.resolve(rows.get(id) ?? null));
  return { repository: { findOneBy } as unknown as Repository<User>, findOneBy };
}

/** Change notices as another instance would send them, and what this one published. */
function fakeNotices() {
  const handlers = new Map<string, NoticeHandler>();
  const published: [string, Record<string, unknown>][] = [];
  const notices = {
    on: (topic: string, handler: NoticeHandler) => handlers.set(topic, handler),
    publish: (topic: string, payload: Record<string, unknown>) => {
      published.push([topic, payload]);
      return Promise.resolve();
    },
  } as unknown as ChangeNotices;
  return { notices, handlers, published };
}

// The TTL, concurrent misses and what is never remembered are ExpiringCache's own (its spec);
// these pin what UserCache adds: its configuration, its bound, and the notices.
describe('UserCache', () => {
  let rows: Map<string, User>;
  let notices: ChangeNotices;
  let remote: ReturnType<typeof fakeNotices>;

  beforeEach(() => {
    remote = fakeNotices();
    notices = remote.notices;
    jest.useFakeTimers({ now: 1_000_000 });
    rows = new Map([['u1', userRow('u1')]]);
  });

  afterEach(() => jest.useRealTimers());

  it('answers repeated lookups of a user from one query while the entry is fresh', async () => {
    const { repository, findOneBy } = fakeRepository(rows);
    const cache = new UserCache(repository, { cacheTtlMs: 5000 }, notices);
    expect((await cache.get('u1'))?.id).toBe('u1');
    expect((await cache.get('u1'))?.id).toBe('u1');
    expect(findOneBy).toHaveBeenCalledTimes(1);
  });

  it('sees a change at once after invalidate (a disable in this process)', async () => {
    const { repository } = fakeRepository(rows);
    const cache = new UserCache(repository, { cacheTtlMs: 5000 }, notices);
    expect((await cache.get('u1'))?.disabled).toBe(false);
    rows.set('u1', userRow('u1', true));
    cache.invalidate('u1');
    expect((await cache.get('u1'))?.disabled).toBe(true);
  });

  it('reads the database on every lookup when the TTL is 0', async () => {
    const { repository, findOneBy } = fakeRepository(rows);
    const cache = new UserCache(repository, { cacheTtlMs: 0 }, notices);
    await cache.get('u1');
    await cache.get('u1');
    expect(findOneBy).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
  });

  it(`holds at most ${USER_CACHE_MAX_ENTRIES} users, dropping the oldest`, async () => {
    for (let i = 0; i <= USER_CACHE_MAX_ENTRIES; i += 1) rows.set(`id${i}`, userRow(`id${i}`));
    const { repository, findOneBy } = fakeRepository(rows);
    const cache = new UserCache(repository, { cacheTtlMs: 5000 }, notices);
    for (let i = 0; i <= USER_CACHE_MAX_ENTRIES; i += 1) await cache.get(`id${i}`);
    expect(cache.size).toBe(USER_CACHE_MAX_ENTRIES);
    findOneBy.mockClear();
    await cache.get(`id${USER_CACHE_MAX_ENTRIES}`);
    expect(findOneBy).not.toHaveBeenCalled();
    await cache.get('id0');
    expect(findOneBy).toHaveBeenCalledTimes(1);
  });

  it('forgets a user another instance changed, and tells the others of its own changes', async () => {
    const { repository, findOneBy } = fakeRepository(rows);
    const cache = new UserCache(repository, { cacheTtlMs: 5000 }, notices);
    await cache.get('u1');
    rows.set('u1', userRow('u1', true));
    remote.handlers.get('user.changed')!({ userId: 'u1' });
    expect((await cache.get('u1'))?.disabled).toBe(true);
    expect(findOneBy).toHaveBeenCalledTimes(2);

    await cache.changed('u1');
    expect(remote.published).toEqual([['user.changed', { userId: 'u1' }]]);
    expect(cache.size).toBe(0);
  });
});
