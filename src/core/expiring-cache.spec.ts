import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('loads once while fresh, again once expired', async () => {
    const cache = new ExpiringCache<string>(5000, 10);
    const load = jest.fn(() => Promise.resolve('row'));
    expect(await cache.get('a', load)).toBe('row');
    expect(await cache.get('a', load)).toBe('row');
    expect(load).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(5001);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one load between concurrent misses', async () => {
    const cache = new ExpiringCache<string>(5000, 10);
    const load = jest.fn(() => Promise.resolve('row'));
    await Promise.all([cache.get('a', load), cache.get('a', load)]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('remembers neither a missing row nor a failed load', async () => {
    const cache = new ExpiringCache<string>(5000, 10);
    await cache.get('missing', () => Promise.resolve(null));
    await expect(cache.get('failed', () => Promise.reject(new Error('down')))).rejects.toThrow();
    expect(cache.size).toBe(0);
  });

  it('makes room by dropping the oldest entry, and forgets on delete', async () => {
    const cache = new ExpiringCache<string>(5000, 2);
    for (const key of ['a', 'b', 'c']) await cache.get(key, () => Promise.resolve(key));
    expect(cache.size).toBe(2);
    const load = jest.fn(() => Promise.resolve('again'));
    expect(await cache.get('a', load)).toBe('again');
    cache.delete('a');
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('loads every time when the TTL is 0', async () => {
    const cache = new ExpiringCache<string>(0, 10);
    const load = jest.fn(() => Promise.resolve('row'));
    await cache.get('a', load);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.size).toBe(0);
  });
});
