import type { VerifiedToken } from './access-token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

function cacheOf(size: number) {
  const cache = new VerifiedTokenCache(size);
  return { cache, retire: (kid: string) => cache.forgetKey(kid) };
}

const inSeconds = (seconds: number) => Date.now() / 1000 + seconds;
const verified = (kid: string, exp = inSeconds(600)): VerifiedToken => ({
  kid,
  sub: 'user-1',
  clientId: 'first-party',
  scopes: ['me'],
  jti: `jti-${kid}-${exp}`,
  iat: inSeconds(0),
  exp,
  claims: {},
});

describe('VerifiedTokenCache', () => {
  it('returns what was verified for the same token string, and nothing for another', () => {
    const { cache } = cacheOf(10);
    cache.set('token-a', verified('k1'));
    expect(cache.get('token-a')).toMatchObject({ kid: 'k1', sub: 'user-1' });
    expect(cache.get('token-a ')).toBeUndefined();
    expect(cache.get('token-b')).toBeUndefined();
  });

  it('never returns a token past its expiry', () => {
    const { cache } = cacheOf(10);
    cache.set('expired', verified('k1', inSeconds(-1)));
    expect(cache.get('expired')).toBeUndefined();
    const realNow = Date.now();
    cache.set('soon', verified('k1', realNow / 1000 + 30));
    const spy = jest.spyOn(Date, 'now').mockReturnValue(realNow + 31_000);
    try {
      expect(cache.get('soon')).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });

  it('holds at most the given number of tokens, the least recently used leaving first', () => {
    const { cache } = cacheOf(2);
    cache.set('a', verified('k1'));
    cache.set('b', verified('k1'));
    cache.get('a');
    cache.set('c', verified('k1'));
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('b')).toBeUndefined();
  });

  it('holds nothing when its size is 0', () => {
    const { cache } = cacheOf(0);
    cache.set('a', verified('k1'));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("forgets a key's tokens, and only those, when the key retires", () => {
    const { cache, retire } = cacheOf(10);
    cache.set('old', verified('k1'));
    cache.set('new', verified('k2'));
    retire('k1');
    expect(cache.get('old')).toBeUndefined();
    expect(cache.get('new')).toBeDefined();
  });
});
