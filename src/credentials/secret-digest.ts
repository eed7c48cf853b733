import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets are 256 random bits that Scopegate generated: nobody can guess one offline,
 * so a slow password hash would protect nothing and only cap every service's token and
 * introspection calls at the machine's argon2 rate. They are stored as a SHA-256 digest and
 * compared in constant time. The stored form says what it is (`sha256:` then the digest in
 * base64url), so that an argon2 hash from before (`$argon2id$…`) is told apart.
 */
const PREFIX = 'sha256:';

/** What is stored for `secret`. */
export function secretDigest(secret: string): string {
  return PREFIX + sha256(secret).toString('base64url');
}

/** True when `stored` is a digest (as opposed to an argon2 hash written before digests). */
export function isSecretDigest(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** Compared against when there is nothing to compare with, so that costs the same. */
const NOTHING = sha256(randomBytes(32).toString('base64url'));

/**
 * Is `secret` the one whose digest is `stored`? One SHA-256 and one constant-time comparison
 * whatever the answer, `stored` null (an unknown or public client) included.
 */
export function matchesDigest(stored: string | null, secret: string): boolean {
  const expected = stored === null ? null : Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const actual = sha256(secret);
  const same = timingSafeEqual(actual, expected?.length === actual.length ? expected : NOTHING);
  return same && expected !== null && expected.length === actual.length;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Are two strings equal, compared in constant time (a CSRF token, a PKCE challenge)? Strings
 * of different lengths are simply different: their lengths are not secret.
 */
export function sameInConstantTime(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The SHA-256 of a random value, in hex: how refresh tokens, codes, session cookies and
 * bindings are stored (256 random bits need no slow hash; the value itself is never kept).
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
