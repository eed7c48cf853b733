import { MemoryThrottlerStorage } from './memory-throttler-storage';

describe('MemoryThrottlerStorage', () => {
  const realNow = Date.now;
  let now = 1_000_000;
  let storage: MemoryThrottlerStorage;

  beforeEach(() => {
    now = 1_000_000;
    Date.now = () => now;
    storage = new MemoryThrottlerStorage();
  });
  afterEach(() => {
    storage.close();
    Date.now = realNow;
  });

  const hit = () => storage.increment('203.0.113.7', 60_000, 3, 60_000, 'token-ip');

  it('counts attempts in a fixed window and blocks past the limit, saying until when', async () => {
    for (let i = 1; i <= 3; i++) {
      expect(await hit()).toEqual({
        totalHits: i,
        timeToExpire: 60,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
    now += 10_000;
    expect(await hit()).toEqual({
      totalHits: 4,
      timeToExpire: 50,
      isBlocked: true,
      timeToBlockExpire: 60,
    });
    now += 30_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
  });

  it('starts counting again once the block is over, and keeps addresses apart', async () => {
    for (let i = 0; i < 4; i++) await hit();
    expect(await storage.increment('198.51.100.1', 60_000, 3, 60_000, 'token-ip')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    now += 60_001;
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('begins a new window when the last one ended without a block', async () => {
    await hit();
    await hit();
    now += 60_000;
    expect(await hit()).toMatchObject({ totalHits: 1, timeToExpire: 60 });
  });
});
