import { isSecretDigest, matchesDigest, secretDigest } from './secret-digest';

describe('secret digests', () => {
  const secret = 'kQ2s0lG5m3H4oYbqz6XxR8cVt1wN9eJfA7dUuPiLrCk';

  it('stores a tagged SHA-256, never the secret', () => {
    // FIPS 180-2's test vector: SHA-256("abc") = ba7816bf…f20015ad, here in base64url.
    expect(secretDigest('abc')).toBe('sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    const stored = secretDigest(secret);
    expect(stored).not.toContain(secret);
    expect(isSecretDigest(stored)).toBe(true);
    expect(isSecretDigest('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA')).toBe(false);
  });

  it('matches the right secret and nothing else', () => {
    const stored = secretDigest(secret);
    expect(matchesDigest(stored, secret)).toBe(true);
    expect(matchesDigest(stored, `${secret}x`)).toBe(false);
    expect(matchesDigest(stored, secret.slice(1))).toBe(false);
    expect(matchesDigest(stored, '')).toBe(false);
  });

  it('matches nothing when there is no digest or a damaged one', () => {
    expect(matchesDigest(null, secret)).toBe(false);
    expect(matchesDigest(null, '')).toBe(false);
    expect(matchesDigest('sha256:', '')).toBe(false);
    expect(matchesDigest('sha256:c2hvcnQ', secret)).toBe(false);
  });
});
